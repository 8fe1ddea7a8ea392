// A listening TCP socket, the one way every server here starts: non-blocking, close-on-exec,
// SO_REUSEADDR, IPv4 address given literally (loopback by default everywhere it is used).
#pragma once

#include <cstdint>
#include <string>

namespace wsconform::net {

struct Listener {
  int fd = -1;            // -1 when it could not listen (see error)
  std::uint16_t port = 0; // the port bound (the one picked when 0 was asked for)
  std::string error;
};

Listener listen_tcp(const std::string& host, std::uint16_t port, int backlog = 128);

}  // namespace wsconform::net
