#include "impl/http.hpp"

#include <algorithm>

namespace wsconform::impl {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 7230 §3.2.6 tchar.
bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "HTTP/x.y" -> major, minor.
bool parse_version(std::string_view v, int& major, int& minor) {
  if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || v[6] != '.') return false;
  if (v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9') return false;
  major = v[5] - '0';
  minor = v[7] - '0';
  return true;
}

// Splits the head into lines ending in CRLF; a bare LF or CR is malformed.
bool split_lines(std::string_view head, std::vector<std::string_view>& lines) {
  while (!head.empty()) {
    const auto crlf = head.find("\r\n");
    if (crlf == std::string_view::npos) return false;
    const std::string_view line = head.substr(0, crlf);
    if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos) return false;
    lines.push_back(line);
    head.remove_prefix(crlf + 2);
  }
  return true;
}

error parse_fields(const std::vector<std::string_view>& lines, const http_limits& limits, http_head& out) {
  // lines[0] is the start line; the last line is the empty one ending the head.
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.empty() || line.front() == ' ' || line.front() == '\t') return error::bad_http;  // obs-fold
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return error::bad_http;
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_tchar)) return error::bad_http;
    const std::string_view value = trim_ows(line.substr(colon + 1));
    for (char c : value)
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) return error::bad_http;
    if (out.headers.size() >= limits.max_header_count) return error::too_many_headers;
    out.headers.push_back({std::string(name), std::string(value)});
  }
  return error::none;
}

// The head's lines (start line, fields, the empty line that ends it), within the size limit.
error head_lines(std::string_view head, const http_limits& limits, std::vector<std::string_view>& lines) {
  if (head.size() > limits.max_head_size) return error::handshake_too_big;
  if (!split_lines(head, lines) || lines.size() < 2 || !lines.back().empty()) return error::bad_http;
  return error::none;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::optional<std::string> http_head::header(std::string_view name) const {
  std::optional<std::string> joined;
  for (const auto& h : headers) {
    if (!iequals(h.name, name)) continue;
    if (joined) {
      *joined += ", ";
      *joined += h.value;
    } else {
      joined = h.value;
    }
  }
  return joined;
}

bool http_head::header_lists(std::string_view name, std::string_view token) const {
  const auto value = header(name);
  if (!value) return false;
  std::string_view rest = *value;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = trim_ows(rest.substr(0, comma));
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<std::size_t> http_head_end(std::string_view buffer) {
  const auto at = buffer.find("\r\n\r\n");
  if (at == std::string_view::npos) return std::nullopt;
  return at + 4;
}

http_parse_result parse_http_request(std::string_view head, const http_limits& limits) {
  http_parse_result r;
  std::vector<std::string_view> lines;
  if (const error e = head_lines(head, limits, lines); e != error::none) return {{}, e};
  // request-line = method SP request-target SP HTTP-version
  const std::string_view start = lines[0];
  const auto sp1 = start.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : start.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || start.find(' ', sp2 + 1) != std::string_view::npos) return {{}, error::bad_http};
  const std::string_view method = start.substr(0, sp1);
  const std::string_view target = start.substr(sp1 + 1, sp2 - sp1 - 1);
  if (method.empty() || target.empty() || !std::all_of(method.begin(), method.end(), is_tchar)) return {{}, error::bad_http};
  if (!parse_version(start.substr(sp2 + 1), r.head.version_major, r.head.version_minor)) return {{}, error::bad_http};
  r.head.method = method;
  r.head.target = target;
  r.err = parse_fields(lines, limits, r.head);
  return r;
}

http_parse_result parse_http_response(std::string_view head, const http_limits& limits) {
  http_parse_result r;
  std::vector<std::string_view> lines;
  if (const error e = head_lines(head, limits, lines); e != error::none) return {{}, e};
  // status-line = HTTP-version SP status-code SP reason-phrase
  const std::string_view start = lines[0];
  if (start.size() < 12 || start[8] != ' ' || (start.size() > 12 && start[12] != ' ')) return {{}, error::bad_http};
  if (!parse_version(start.substr(0, 8), r.head.version_major, r.head.version_minor)) return {{}, error::bad_http};
  const std::string_view code = start.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) return {{}, error::bad_http};
  r.head.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  if (start.size() > 13) r.head.reason = start.substr(13);
  r.err = parse_fields(lines, limits, r.head);
  return r;
}

}  // namespace wsconform::impl
