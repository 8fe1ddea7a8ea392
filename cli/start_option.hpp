// `--start 'COMMAND ... {port}'`, shared by `run` and `fuzzingclient`: the server under test
// started on a free port and waited for, and afterwards how it ended, beside the report.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "net/started_process.hpp"

namespace wsconform::cli {

struct StartedTarget {
  std::unique_ptr<net::StartedProcess> process;
  std::uint16_t port = 0;
  std::string command;  // with the port in place of {port}
};

// Starts `command_template` with a free port for {port} and waits until it accepts (at most
// `timeout` seconds). On failure says why on `err` (prefixed with `who`) and returns nothing.
std::optional<StartedTarget> start_target(const std::string& command_template, double timeout, const std::string& who, std::ostream& err);

// After the run: stops the target; writes `outdir`/started-target.json; when it had ended during
// the run, says so on `err` and returns true (the run's exit status is then 1).
bool finish_target(StartedTarget& target, const std::string& outdir, const std::string& who, std::ostream& err);

}  // namespace wsconform::cli
