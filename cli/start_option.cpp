#include "cli/start_option.hpp"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace wsconform::cli {

std::optional<StartedTarget> start_target(const std::string& command_template, double timeout, const std::string& who, std::ostream& err) {
  const auto port = net::free_port();
  if (!port) {
    err << who << ": no free port on 127.0.0.1 for --start\n";
    return std::nullopt;
  }
  StartedTarget t;
  t.port = *port;
  t.command = net::with_port(command_template, *port);
  std::string error;
  t.process = std::make_unique<net::StartedProcess>(t.command, error);
  if (error.empty()) error = t.process->wait_until_accepting(*port, timeout);
  if (!error.empty()) {
    err << who << ": --start '" << t.command << "': " << error << '\n';
    return std::nullopt;
  }
  return t;
}

bool finish_target(StartedTarget& target, const std::string& outdir, const std::string& who, std::ostream& err) {
  // A started server that is gone now crashed or quit during the run.
  const std::optional<std::string> ended = target.process->ended();
  target.process->stop();
  std::error_code ec;
  std::filesystem::create_directories(outdir, ec);
  const nlohmann::json record{{"command", target.command}, {"endedDuringRun", ended ? nlohmann::json(*ended) : nlohmann::json()}};
  std::ofstream(outdir + "/started-target.json") << record.dump(2) << '\n';
  if (!ended) return false;
  err << who << ": the server under test (--start '" << target.command << "') " << *ended
      << " during the run: the cases after that tested its absence (" << outdir << "/started-target.json)\n";
  return true;
}

}  // namespace wsconform::cli
