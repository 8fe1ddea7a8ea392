#include "net/ws_url.hpp"

#include <cstdlib>

namespace wsconform::net {

std::string WsUrl::host_header() const { return host + ":" + std::to_string(port); }

std::string WsUrl::text() const { return std::string(secure ? "wss://" : "ws://") + host_header() + path; }

std::string parse_ws_url(std::string_view url, WsUrl& out, bool allow_port_zero) {
  // §3: the scheme is "ws" or "wss" (TLS), default ports 80 and 443.
  out.secure = url.rfind("wss://", 0) == 0;
  if (!out.secure && url.rfind("ws://", 0) != 0) return "not a ws:// or wss:// URL: " + std::string(url);
  std::string_view rest = url.substr(out.secure ? 6 : 5);
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.path.front() == '?') out.path.insert(0, "/");
  const auto colon = authority.rfind(':');
  out.port = out.secure ? 443 : 80;
  if (colon != std::string_view::npos) {
    const std::string port(authority.substr(colon + 1));
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p < (allow_port_zero ? 0 : 1) || p > 65535) return "bad port in " + std::string(url);
    out.port = static_cast<std::uint16_t>(p);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return "no host in " + std::string(url);
  out.host = authority;
  return {};
}

}  // namespace wsconform::net
