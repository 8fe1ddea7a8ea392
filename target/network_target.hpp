// A real TCP connection to a WebSocket server (TLS over it for wss://), as a Target: the
// tester's writes go out as separate writes (TCP_NODELAY, so chops stay chops; with TLS one
// record each), what the server writes is read as it arrives, and TCP closes are seen from both
// sides. The clock is the wall clock.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "net/stream.hpp"
#include "net/tls.hpp"
#include "net/ws_url.hpp"
#include "target/target.hpp"

namespace wsconform::target {

using net::parse_ws_url;
using net::WsUrl;

class NetworkTarget final : public Target {
 public:
  // Connects at once (bounded by `connect_timeout`, the TLS handshake included for a wss:// URL,
  // which needs `tls`); a failure is reported by error().
  NetworkTarget(WsUrl url, std::string agent, double connect_timeout = 5.0,
                std::shared_ptr<const net::TlsClient> tls = nullptr);
  // A connection a listening socket accepted: the target is a client. `read_ahead` is what was
  // read from the stream already (its opening handshake), given back first.
  NetworkTarget(std::unique_ptr<net::Stream> accepted, Bytes read_ahead, std::string agent);
  ~NetworkTarget() override;
  NetworkTarget(const NetworkTarget&) = delete;
  NetworkTarget& operator=(const NetworkTarget&) = delete;

  std::string agent() const override { return agent_; }
  void receive(std::span<const std::uint8_t> octets) override;
  void receive_eof() override;
  Bytes take_output() override;
  bool closed_tcp() const override { return peer_closed_; }
  bool realtime() const override { return true; }
  void wait(double seconds) override;
  std::string error() const override { return error_; }
  std::optional<std::uint64_t> max_message_size() const override { return max_message_size_; }
  void declare_max_message_size(std::optional<std::uint64_t> n) { max_message_size_ = n; }

 private:
  void read_available();

  WsUrl url_;
  std::string agent_;
  std::unique_ptr<net::Stream> stream_;
  bool peer_closed_ = false;
  bool we_closed_ = false;
  Bytes in_;
  std::string error_;
  std::optional<std::uint64_t> max_message_size_;
};

// A server to test over TCP, reached once before any case runs, so that one that cannot be
// reached is reported at once instead of as hundreds of failed cases. With an empty `error`,
// `connect()` opens one connection per case, and `url` gives the Host and path to ask for.
struct NetworkServer {
  WsUrl url;
  std::string agent;  // as given, or "host:port"
  std::string error;  // the URL is not one, or the server cannot be reached
  std::optional<std::uint64_t> max_message_size;  // what the user says the server accepts
  std::shared_ptr<const net::TlsClient> tls;       // for wss://
  std::unique_ptr<Target> connect() const {
    auto t = std::make_unique<NetworkTarget>(url, agent, 5.0, tls);
    t->declare_max_message_size(max_message_size);
    return t;
  }
};
// `tls` says how to check a wss:// server's certificate (the system's store by default).
NetworkServer reach_server(std::string_view url, std::string agent, const net::TlsClientOptions& tls = {});

}  // namespace wsconform::target
