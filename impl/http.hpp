// The HTTP/1.1 head of the opening handshake (§4.1, §4.2.1): a request line or a status
// line, header fields, an empty line. Parsed with limits; nothing is read past the head.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/error.hpp"

namespace wsconform::impl {

struct http_header {
  std::string name;
  std::string value;
};

struct http_head {
  // Request: method, target, version. Response: version, status, reason.
  std::string method;
  std::string target;
  int version_major = 0;
  int version_minor = 0;
  int status = 0;
  std::string reason;
  std::vector<http_header> headers;

  // The field's value; repeated fields are joined with ", " (RFC 7230 §3.2.2).
  std::optional<std::string> header(std::string_view name) const;
  // Whether a comma-separated field lists `token` (case-insensitive).
  bool header_lists(std::string_view name, std::string_view token) const;
};

struct http_limits {
  std::size_t max_head_size = 16 * 1024;
  std::size_t max_header_count = 64;
};

// Where the head ends: the offset one past "\r\n\r\n", or nothing if it has not arrived.
std::optional<std::size_t> http_head_end(std::string_view buffer);

// Parses a complete head (as located by http_head_end).
struct http_parse_result {
  http_head head;
  error err = error::none;
};
http_parse_result parse_http_request(std::string_view head, const http_limits& limits);
http_parse_result parse_http_response(std::string_view head, const http_limits& limits);

// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

}  // namespace wsconform::impl
