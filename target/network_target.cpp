#include "target/network_target.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace wsconform::target {

std::string WsUrl::host_header() const { return host + ":" + std::to_string(port); }

std::string parse_ws_url(std::string_view url, WsUrl& out) {
  if (url.rfind("wss://", 0) == 0) return "wss:// (TLS) is not supported yet; use ws://";
  if (url.rfind("ws://", 0) != 0) return "not a ws:// URL: " + std::string(url);
  std::string_view rest = url.substr(5);
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const auto colon = authority.rfind(':');
  out.port = 80;
  if (colon != std::string_view::npos) {
    const std::string port(authority.substr(colon + 1));
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p <= 0 || p > 65535) return "bad port in " + std::string(url);
    out.port = static_cast<std::uint16_t>(p);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return "no host in " + std::string(url);
  out.host = authority;
  return {};
}

NetworkTarget::NetworkTarget(WsUrl url, std::string agent, double connect_timeout) : url_(std::move(url)), agent_(std::move(agent)) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (const int rc = getaddrinfo(url_.host.c_str(), std::to_string(url_.port).c_str(), &hints, &res); rc != 0) {
    error_ = "cannot resolve " + url_.host + ": " + gai_strerror(rc);
    peer_closed_ = true;
    return;
  }
  for (addrinfo* a = res; a && fd_ < 0; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      error_ = std::string("cannot connect to ") + url_.host_header() + ": " + std::strerror(errno);
      close(fd);
      continue;
    }
    pollfd p{fd, POLLOUT, 0};
    const int ready = poll(&p, 1, static_cast<int>(connect_timeout * 1000));
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (ready <= 0 || err != 0) {
      error_ = std::string("cannot connect to ") + url_.host_header() + ": " + (ready <= 0 ? "timed out" : std::strerror(err));
      close(fd);
      continue;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // each write its own segment
    fd_ = fd;
    error_.clear();
  }
  freeaddrinfo(res);
  if (fd_ < 0) peer_closed_ = true;
}

NetworkTarget::~NetworkTarget() {
  if (fd_ >= 0) close(fd_);
}

void NetworkTarget::receive(std::span<const std::uint8_t> octets) {
  if (fd_ < 0 || we_closed_) return;
  std::size_t at = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (at < octets.size()) {
    const ssize_t n = send(fd_, octets.data() + at, octets.size() - at, MSG_NOSIGNAL);
    if (n > 0) {
      at += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // The server is not reading: keep draining what it writes (so it cannot deadlock on us),
      // and give up after a bounded time.
      read_available();
      if (std::chrono::steady_clock::now() > deadline) break;
      pollfd p{fd_, POLLOUT, 0};
      poll(&p, 1, 10);
      continue;
    }
    peer_closed_ = true;  // EPIPE, ECONNRESET: the server is gone
    break;
  }
}

void NetworkTarget::receive_eof() {
  if (fd_ < 0 || we_closed_) return;
  we_closed_ = true;
  shutdown(fd_, SHUT_WR);
  // The tester reads nothing more: drain what the server still sends until it closes too,
  // for at most 2 s or 16 MiB (a server that floods is simply cut off), then close.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  std::size_t drained = 0;
  while (!peer_closed_ && std::chrono::steady_clock::now() < deadline && drained < (16u << 20)) {
    drained += in_.size();
    in_.clear();
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 50) > 0) read_available();
  }
  in_.clear();
  peer_closed_ = true;
}

void NetworkTarget::read_available() {
  if (fd_ < 0 || peer_closed_) return;
  std::uint8_t buf[65536];
  for (;;) {
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      in_.insert(in_.end(), buf, buf + n);
      if (in_.size() >= (1u << 20)) return;  // bounded: the tester reads (and checks its timers) before more comes
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) peer_closed_ = true;
    return;
  }
}

void NetworkTarget::wait(double seconds) {
  if (fd_ < 0 || peer_closed_) return;
  if (!in_.empty()) return;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(seconds * 1000)) > 0) read_available();
}

Bytes NetworkTarget::take_output() {
  read_available();
  Bytes out;
  out.swap(in_);
  return out;
}

}  // namespace wsconform::target
