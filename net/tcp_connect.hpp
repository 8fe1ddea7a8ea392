// Connecting to a TCP server, bounded in time; the socket comes back non-blocking with
// TCP_NODELAY (each write its own segment, so chops stay chops over loopback).
#pragma once

#include <cstdint>
#include <string>

namespace wsconform::net {

struct Connected {
  int fd = -1;        // -1 when it failed (see error)
  std::string error;  // "cannot connect to host:port: Connection refused", ...
};

Connected tcp_connect(const std::string& host, std::uint16_t port, double timeout_seconds);

}  // namespace wsconform::net
