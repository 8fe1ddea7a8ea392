// `wsconform fuzzingclient --spec FILE`: Autobahn's fuzzingclient mode, its spec file
// unchanged - wsconform is the client and tests each server listed:
//   {"outdir": "./reports/servers", "servers": [{"agent": "...", "url": "ws://...", "options": {...}}],
//    "cases": ["*"], "exclude-cases": [...], "exclude-agent-cases": {"agent pattern": ["case pattern"]}}
// Servers are tested one after another; one that cannot be reached is reported and skipped.
#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "cli/commands.hpp"
#include "cli/spec_file.hpp"
#include "cli/start_option.hpp"
#include "cli/tls_flags.hpp"
#include "conformance/run.hpp"
#include "report/report_tree.hpp"
#include "target/network_target.hpp"

namespace wsconform::cli {

int fuzzingclient_command(Args args, std::ostream& out, std::ostream& err) {
  std::string spec_path = "fuzzingclient.json";
  unsigned jobs = 8;
  std::optional<std::string> start_command;
  double start_timeout = 10;
  net::TlsClientOptions tls;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (take_tls_client_flag(args, i, tls)) continue;
    if ((args[i] == "--spec" || args[i] == "-s") && i + 1 < args.size()) spec_path = args[++i];
    else if (args[i] == "--jobs" && i + 1 < args.size()) jobs = static_cast<unsigned>(std::max(1, std::atoi(std::string(args[++i]).c_str())));
    else if (args[i] == "--start" && i + 1 < args.size()) start_command = std::string(args[++i]);
    else if (args[i] == "--start-timeout" && i + 1 < args.size()) start_timeout = std::max(0.1, std::atof(std::string(args[++i]).c_str()));
    else {
      err << "usage: wsconform fuzzingclient [--spec fuzzingclient.json] [--jobs N] [--start 'COMMAND ... {port}'] [--start-timeout S]\n"
             "                               [--ca-file FILE] [--insecure]\n"
             "  --start: start the server under test on a free port first ({port} in the command and in the\n"
             "  spec's server URLs), wait until it accepts, stop it afterwards; an end during the run is exit status 1\n"
          << kTlsClientUsage;
      return 2;
    }
  }
  const auto spec_file = read_spec_file(spec_path, SpecKind::fuzzingclient, "./reports/servers", "wsconform fuzzingclient", err,
                                        R"({"outdir": "./reports/servers",
 "servers": [{"agent": "MyServer/1.0", "url": "ws://127.0.0.1:9001"}],
 "cases": ["*"], "exclude-cases": ["12.*", "13.*"], "exclude-agent-cases": {}})");
  if (!spec_file) return 2;
  const nlohmann::json& spec = spec_file->json;
  const std::string& outdir = spec_file->outdir;
  if (!spec.contains("servers") || !spec["servers"].is_array() || spec["servers"].empty()) {
    err << "wsconform fuzzingclient: the spec lists no servers (\"servers\": [{\"url\": \"ws://...\", \"agent\": \"...\"}])\n";
    return 2;
  }

  std::optional<StartedTarget> started;
  if (start_command) {
    started = start_target(*start_command, start_timeout, "wsconform fuzzingclient", err);
    if (!started) return 2;
    out << "started '" << started->command << "'; it accepts on 127.0.0.1:" << started->port << '\n';
  }

  std::vector<conformance::CaseResult> all;
  bool failing = false;
  for (const auto& server : spec["servers"]) {
    const std::string url_text = started ? net::with_port(server.value("url", ""), started->port) : server.value("url", "");
    const target::NetworkServer reached = target::reach_server(url_text, server.value("agent", ""), tls);
    if (!reached.error.empty()) {
      err << "wsconform fuzzingclient: " << (reached.agent.empty() ? "" : reached.agent + ": ") << reached.error << " (server skipped)\n";
      failing = true;
      continue;
    }
    const std::string& agent = reached.agent;
    std::vector<std::string> excludes = spec_file->exclude_cases;
    for (auto& p : cases::excluded_for_agent(spec_file->agent_excludes, agent)) excludes.push_back(std::move(p));
    const auto selected = cases::for_target(cases::select(cases::catalogue(), spec_file->cases, excludes), /*target_is_server=*/true);
    out << "testing " << agent << " at " << url_text << ": " << selected.size() << " cases\n";
    conformance::RunOptions options;
    options.jobs = jobs;
    options.rerun_alone = true;  // --jobs must never change a verdict
    options.tester.host = reached.url.host_header();
    options.tester.path = reached.url.path;
    apply_engine_options(spec.value("options", nlohmann::json::object()), options.tester);
    apply_engine_options(server.value("options", nlohmann::json::object()), options.tester);
    auto results = conformance::run_cases(selected, [&reached] { return reached.connect(); }, options);
    std::map<std::string, int> counts;
    for (const auto& r : results) {
      ++counts[std::string(to_string(r.autobahn.behavior))];
      failing |= r.autobahn.behavior == cases::Behavior::failed || r.autobahn.behavior_close == cases::CloseBehavior::failed;
    }
    out << "  ";
    for (const auto& [k, n] : counts) out << k << " " << n << "  ";
    out << '\n';
    for (auto& r : results) all.push_back(std::move(r));
  }
  const bool target_ended = started && finish_target(*started, outdir, "wsconform fuzzingclient", err);
  if (all.empty()) return 2;
  if (const std::string e = report::write_report_tree(outdir, all); !e.empty()) {
    err << "wsconform fuzzingclient: " << e << '\n';
    return 1;
  }
  out << "reports: " << outdir << "/index.html, index.json, junit.xml\n";
  return failing || target_ended ? 1 : 0;
}

}  // namespace wsconform::cli
