// ws:// and wss:// URLs as the command line and Autobahn's spec files give them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wsconform::net {

struct WsUrl {
  std::string host = "127.0.0.1";
  std::uint16_t port = 80;
  std::string path = "/";  // path and query, as the request target (§3 resource name)
  bool secure = false;     // wss://: TLS
  std::string host_header() const;  // "host:port"
  std::string text() const;         // "wss://host:port/path"
};

// Parses ws[s]://host[:port][/path][?query]; returns an error message, or empty. `allow_port_zero`
// lets a server be told to pick a free port.
std::string parse_ws_url(std::string_view url, WsUrl& out, bool allow_port_zero = false);

}  // namespace wsconform::net
