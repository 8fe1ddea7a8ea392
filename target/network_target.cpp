#include "target/network_target.hpp"

#include "net/tcp_connect.hpp"

#include <poll.h>

#include <algorithm>
#include <chrono>

namespace wsconform::target {

NetworkTarget::NetworkTarget(WsUrl url, std::string agent, double connect_timeout, std::shared_ptr<const net::TlsClient> tls)
    : url_(std::move(url)), agent_(std::move(agent)) {
  net::Connected c = net::tcp_connect(url_.host, url_.port, connect_timeout);
  error_ = std::move(c.error);
  if (c.fd >= 0 && url_.secure && tls == nullptr) {
    stream_ = net::plain_stream(c.fd);
    error_ = "wss:// needs a TLS configuration";
  } else if (c.fd >= 0 && url_.secure) {
    stream_ = tls->connect(c.fd, url_.host, url_.port, connect_timeout, error_);
  } else if (c.fd >= 0) {
    stream_ = net::plain_stream(c.fd);
  }
  if (stream_ == nullptr || !error_.empty()) peer_closed_ = true;
}

NetworkTarget::NetworkTarget(std::unique_ptr<net::Stream> accepted, Bytes read_ahead, std::string agent)
    : agent_(std::move(agent)), stream_(std::move(accepted)), in_(std::move(read_ahead)) {}

NetworkTarget::~NetworkTarget() = default;

void NetworkTarget::receive(std::span<const std::uint8_t> octets) {
  if (stream_ == nullptr || we_closed_) return;  // a server that sent FIN may still read
  std::size_t at = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (at < octets.size()) {
    const net::Io w = stream_->write(octets.subspan(at));
    if (w.status == net::Io::Status::ok) {
      at += w.octets;
      continue;
    }
    if (w.status == net::Io::Status::would_block) {
      // The server is not reading: keep draining what it writes (so it cannot deadlock on us),
      // and give up after a bounded time.
      read_available();
      if (std::chrono::steady_clock::now() > deadline) break;
      pollfd p{stream_->fd(), POLLOUT, 0};
      poll(&p, 1, 10);
      continue;
    }
    peer_closed_ = true;  // EPIPE, ECONNRESET, a TLS alert: the server is gone
    break;
  }
}

void NetworkTarget::receive_eof() {
  if (stream_ == nullptr || we_closed_) return;
  we_closed_ = true;
  stream_->shutdown_write();
  // The tester reads nothing more: drain what the server still sends until it closes too,
  // for at most 2 s or 16 MiB (a server that floods is simply cut off), then close.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  std::size_t drained = 0;
  while (!peer_closed_ && std::chrono::steady_clock::now() < deadline && drained < (16u << 20)) {
    drained += in_.size();
    in_.clear();
    pollfd p{stream_->fd(), POLLIN, 0};
    if (stream_->buffered() || poll(&p, 1, 50) > 0) read_available();
  }
  in_.clear();
  peer_closed_ = true;
}

void NetworkTarget::read_available() {
  if (stream_ == nullptr || peer_closed_) return;
  std::uint8_t buf[65536];
  for (;;) {
    const net::Io r = stream_->read(buf);
    if (r.status == net::Io::Status::ok) {
      in_.insert(in_.end(), buf, buf + r.octets);
      if (in_.size() >= (1u << 20)) return;  // bounded: the tester reads (and checks its timers) before more comes
      continue;
    }
    if (r.status != net::Io::Status::would_block) peer_closed_ = true;
    return;
  }
}

void NetworkTarget::wait(double seconds) {
  if (stream_ == nullptr || peer_closed_) return;
  if (!in_.empty()) return;
  if (stream_->buffered()) return read_available();
  pollfd p{stream_->fd(), POLLIN, 0};
  const auto ns = static_cast<long long>(std::max(0.0, seconds) * 1e9);
  const timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  if (ppoll(&p, 1, &ts, nullptr) > 0) read_available();  // sub-millisecond: chop pauses are short
}

NetworkServer reach_server(std::string_view url, std::string agent, const net::TlsClientOptions& tls) {
  NetworkServer s;
  s.error = parse_ws_url(url, s.url);
  if (!s.error.empty()) return s;
  if (s.url.secure) {
    s.tls = net::TlsClient::make(tls, s.error);
    if (s.tls == nullptr) return s;
  }
  s.agent = agent.empty() ? s.url.host_header() : std::move(agent);
  s.error = NetworkTarget(s.url, s.agent, 5.0, s.tls).error();
  return s;
}

Bytes NetworkTarget::take_output() {
  read_available();
  Bytes out;
  out.swap(in_);
  return out;
}

}  // namespace wsconform::target
