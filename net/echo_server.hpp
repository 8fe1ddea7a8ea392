// impl/ behind real sockets: an echo server (every message back, same type), one poll() loop,
// no framework. A known-good peer for network runs, and the network path's own test subject.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "net/tls.hpp"

namespace wsconform::net {

struct EchoServerOptions {
  std::string host = "127.0.0.1";  // loopback unless asked otherwise
  std::uint16_t port = 9001;       // 0: any free port
  double max_seconds = 0;          // stop after this long (0: run until killed)
  double idle_timeout = 60;        // close connections silent this long
  std::size_t max_connections = 1024;
  std::string server_name = "wsconform-echoserver";
  std::optional<TlsServerOptions> tls;  // wss://: a key and a certificate
};

// Serves until max_seconds (or forever). `on_listening(port)` is called once the socket
// listens. Returns 0, or 1 with a message on `error` when it cannot listen (or read its key).
int run_echo_server(const EchoServerOptions& options, const std::function<void(std::uint16_t)>& on_listening, std::string& error);

}  // namespace wsconform::net
