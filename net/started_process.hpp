// The implementation under test, started for a run (`--start 'CMD ... {port}'`): the command
// runs through /bin/sh in a process group of its own, the run waits (bounded) until the port
// accepts, and afterwards the group is stopped - SIGTERM, then SIGKILL after a grace period. An
// exit before the port accepted, or during the run, is reported as such.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace wsconform::net {

// A port no one listens on right now (bound to 127.0.0.1 and released), for {port}.
std::optional<std::uint16_t> free_port();

// `command` with every "{port}" replaced by `port`.
std::string with_port(std::string command, std::uint16_t port);

class StartedProcess {
 public:
  // Starts `command`; `error` says why when it could not be started.
  StartedProcess(const std::string& command, std::string& error);
  ~StartedProcess();  // stops the group if still running
  StartedProcess(const StartedProcess&) = delete;
  StartedProcess& operator=(const StartedProcess&) = delete;

  // Waits until 127.0.0.1:`port` accepts a connection, at most `timeout_seconds`. Empty when it
  // does; otherwise why not ("exited with status 3 before ...", "did not accept ... within 10 s").
  std::string wait_until_accepting(std::uint16_t port, double timeout_seconds);
  // How it ended, if it has: "exited with status N" or "killed by signal N (Segmentation fault)".
  std::optional<std::string> ended();
  // SIGTERM to the group, SIGKILL after `grace_seconds` (nothing to do if it had ended).
  void stop(double grace_seconds = 2.0);

 private:
  pid_t pid_ = -1;
  std::optional<std::string> ended_;
};

}  // namespace wsconform::net
