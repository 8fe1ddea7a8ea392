#include "fuzzingserver/url_protocol.hpp"

#include <charconv>

namespace wsconform::fuzzingserver {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string request_target_of(std::string_view head) {
  const auto line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return {};
  const auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return {};
  return std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
}

Command parse_command(std::string_view target) {
  Command c;
  const auto q = target.find('?');
  c.path = std::string(target.substr(0, q));
  while (c.path.size() > 1 && c.path.back() == '/') c.path.pop_back();
  if (c.path == "/getCaseCount") c.kind = CommandKind::get_case_count;
  else if (c.path == "/runCase") c.kind = CommandKind::run_case;
  else if (c.path == "/getCaseInfo") c.kind = CommandKind::get_case_info;
  else if (c.path == "/getCaseStatus") c.kind = CommandKind::get_case_status;
  else if (c.path == "/updateReports") c.kind = CommandKind::update_reports;
  else if (c.path == "/stopServer") c.kind = CommandKind::stop_server;
  std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string key = percent_decode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
    if (key == "agent") {
      c.agent = value;
    } else if (key == "casetuple") {
      c.case_tuple = value;
    } else if (key == "case") {
      std::size_t n = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || ptr != value.data() + value.size() || n == 0) c.problem = "case=" + value + " is not a case number (1, 2, ...)";
      else c.case_number = n;
    }
  }
  return c;
}

}  // namespace wsconform::fuzzingserver
