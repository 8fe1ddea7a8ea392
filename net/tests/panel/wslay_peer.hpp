// What both wslay panel peers share: a connection driven by wslay's event API (Debian
// libwslay-dev, sans-IO C) over a non-blocking socket with poll(), octets already read during
// the opening handshake handed to wslay first, and the §4.2.2 accept key from OpenSSL.
#pragma once

#include <wslay/wslay.h>

#include <cstdint>
#include <string>

namespace panel {

struct WslaySession {
  int fd = -1;
  std::string read_ahead;  // octets read with the handshake, given to wslay before the socket's
  bool echo = true;        // echo every message; otherwise keep the first and close
  std::string first_message;
};

// base64(SHA-1(key + the RFC 6455 GUID)).
std::string accept_key(const std::string& key);

// Runs the connection until wslay wants neither to read nor to write, or `max_seconds` pass.
void run_wslay(WslaySession& s, bool server, double max_seconds);

}  // namespace panel
