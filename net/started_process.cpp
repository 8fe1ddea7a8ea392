#include "net/started_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "net/tcp_connect.hpp"

namespace wsconform::net {
namespace {

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  return "ended (status " + std::to_string(status) + ")";
}

}  // namespace

std::optional<std::uint16_t> free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  close(fd);
  if (!ok) return std::nullopt;
  return ntohs(a.sin_port);
}

std::string with_port(std::string command, std::uint16_t port) {
  const std::string p = std::to_string(port);
  for (auto at = command.find("{port}"); at != std::string::npos; at = command.find("{port}", at + p.size())) command.replace(at, 6, p);
  return command;
}

StartedProcess::StartedProcess(const std::string& command, std::string& error) {
  pid_ = fork();
  if (pid_ < 0) {
    error = std::string("cannot start the command: ") + std::strerror(errno);
    return;
  }
  if (pid_ == 0) {
    setpgid(0, 0);  // its own group: stopping it stops what it started
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid_, pid_);
}

StartedProcess::~StartedProcess() { stop(0.5); }

std::optional<std::string> StartedProcess::ended() {
  if (ended_ || pid_ <= 0) return ended_;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) ended_ = describe_status(status);
  return ended_;
}

std::string StartedProcess::wait_until_accepting(std::uint16_t port, double timeout_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (const auto e = ended()) return "the command " + *e + " before 127.0.0.1:" + std::to_string(port) + " accepted a connection";
    const Connected c = tcp_connect("127.0.0.1", port, 0.2);
    if (c.fd >= 0) {
      close(c.fd);
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "127.0.0.1:" + std::to_string(port) + " did not accept a connection within " + std::to_string(static_cast<int>(timeout_seconds)) +
         " s of starting the command";
}

void StartedProcess::stop(double grace_seconds) {
  if (pid_ <= 0 || ended()) return;
  kill(-pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ended()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(-pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  ended_ = describe_status(status);
}

}  // namespace wsconform::net
