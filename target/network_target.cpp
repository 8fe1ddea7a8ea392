#include "target/network_target.hpp"

#include "net/tcp_connect.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace wsconform::target {

NetworkTarget::NetworkTarget(WsUrl url, std::string agent, double connect_timeout) : url_(std::move(url)), agent_(std::move(agent)) {
  net::Connected c = net::tcp_connect(url_.host, url_.port, connect_timeout);
  fd_ = c.fd;
  error_ = std::move(c.error);
  if (fd_ < 0) peer_closed_ = true;
}

NetworkTarget::NetworkTarget(int accepted_fd, Bytes read_ahead, std::string agent)
    : agent_(std::move(agent)), fd_(accepted_fd), in_(std::move(read_ahead)) {
  const int flags = fcntl(fd_, F_GETFL, 0);
  fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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
  const auto ns = static_cast<long long>(std::max(0.0, seconds) * 1e9);
  const timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  if (ppoll(&p, 1, &ts, nullptr) > 0) read_available();  // sub-millisecond: chop pauses are short
}

NetworkServer reach_server(std::string_view url, std::string agent) {
  NetworkServer s;
  s.error = parse_ws_url(url, s.url);
  if (!s.error.empty()) return s;
  s.agent = agent.empty() ? s.url.host_header() : std::move(agent);
  s.error = NetworkTarget(s.url, s.agent).error();
  return s;
}

Bytes NetworkTarget::take_output() {
  read_available();
  Bytes out;
  out.swap(in_);
  return out;
}

}  // namespace wsconform::target
