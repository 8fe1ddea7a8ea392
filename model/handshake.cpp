#include "model/handshake.hpp"

#include <algorithm>
#include <cctype>

#include "model/sha1.hpp"

namespace wsconform::model {
namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> comma_list(std::string_view v) {
  std::vector<std::string> items;
  std::size_t at = 0;
  while (at <= v.size()) {
    const auto comma = v.find(',', at);
    const auto item = trimmed(v.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
    if (!item.empty()) items.push_back(lowered(item));
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return items;
}

// Base64 that decodes to `n` octets: the right length, the alphabet, padding only at the end.
bool base64_of_length(std::string_view s, std::size_t n) {
  const std::size_t expected_chars = (n + 2) / 3 * 4;
  if (s.size() != expected_chars) return false;
  const std::size_t pad = (3 - n % 3) % 3;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool b64 = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
    if (i >= s.size() - pad) {
      if (c != '=') return false;
    } else if (!b64) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> header_field(std::string_view head, std::string_view name) {
  std::optional<std::string> v;
  const std::string wanted = lowered(name);
  std::size_t at = head.find("\r\n");  // past the request or status line
  while (at != std::string_view::npos && at + 2 < head.size()) {
    const std::size_t end = head.find("\r\n", at + 2);
    const std::string_view line = head.substr(at + 2, end == std::string_view::npos ? std::string_view::npos : end - at - 2);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && lowered(line.substr(0, colon)) == wanted) {
      const std::string value(trimmed(line.substr(colon + 1)));
      v = v ? *v + ", " + value : value;
    }
    at = end;
  }
  return v;
}

RequestRuling rule_on_request(std::string_view head) {
  RequestRuling r;
  // Request line and header fields, one per CRLF-terminated line.
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < head.size();) {
    const auto end = head.find("\r\n", at);
    if (end == std::string_view::npos) break;
    lines.push_back(head.substr(at, end - at));
    at = end + 2;
  }
  std::string method, version;
  if (!lines.empty()) {
    const auto sp1 = lines[0].find(' ');
    const auto sp2 = lines[0].rfind(' ');
    if (sp1 != std::string_view::npos && sp2 != sp1) {
      method = lines[0].substr(0, sp1);
      version = lines[0].substr(sp2 + 1);
    }
  }
  std::vector<std::pair<std::string, std::string>> fields;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    fields.emplace_back(lowered(lines[i].substr(0, colon)), std::string(trimmed(lines[i].substr(colon + 1))));
  }
  auto field = [&](std::string_view name) -> std::optional<std::string> {
    std::optional<std::string> v;
    for (const auto& [n, value] : fields)
      if (n == name) v = v ? *v + ", " + value : value;
    return v;
  };
  auto lists = [&](std::string_view name, std::string_view token) {
    const auto v = field(name);
    if (!v) return false;
    const auto items = comma_list(*v);
    return std::find(items.begin(), items.end(), token) != items.end();
  };

  // §4.2.1, in the RFC's order.
  if (method != "GET") r.broken.push_back(rule::handshake_method_get);
  const bool http_ok = version.size() == 8 && version.rfind("HTTP/", 0) == 0 && version[6] == '.' &&
                       std::isdigit(static_cast<unsigned char>(version[5])) && std::isdigit(static_cast<unsigned char>(version[7])) &&
                       (version[5] > '1' || (version[5] == '1' && version[7] >= '1'));
  if (!http_ok) r.broken.push_back(rule::handshake_http_1_1);
  if (!field("host")) r.broken.push_back(rule::handshake_host);
  if (!lists("upgrade", "websocket")) r.broken.push_back(rule::handshake_upgrade_websocket);
  if (!lists("connection", "upgrade")) r.broken.push_back(rule::handshake_connection_upgrade);
  const auto key = field("sec-websocket-key");
  const auto keys = std::count_if(fields.begin(), fields.end(), [](const auto& f) { return f.first == "sec-websocket-key"; });
  if (keys > 1) r.broken.push_back(rule::handshake_key_once);  // §11.3.1; the joined value is no key either
  else if (!key || !base64_of_length(*key, 16)) r.broken.push_back(rule::handshake_key_16_octets);
  const auto v = field("sec-websocket-version");
  const bool wrong_version = !v || trimmed(*v) != "13";
  if (wrong_version) r.broken.push_back(rule::handshake_version_13);

  if (r.broken.empty()) {
    r.accept = true;
    r.status = 101;
    r.key = *key;
    r.response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                 accept_for(*key) + "\r\n\r\n";
    return r;
  }
  // §4.4: only a version problem gets 426 and the version this endpoint speaks.
  r.status = r.broken.size() == 1 && wrong_version && v ? 426 : 400;
  r.response = r.status == 426 ? "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"
                               : "HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n";
  return r;
}

namespace {

struct Head {
  int status = 0;  // a response's status code (0: not a response line)
  std::vector<std::pair<std::string, std::string>> fields;  // lowered name, trimmed value
  std::optional<std::string> field(std::string_view name) const {
    std::optional<std::string> v;
    for (const auto& [n, value] : fields)
      if (n == name) v = v ? *v + ", " + value : value;
    return v;
  }
  std::size_t count(std::string_view name) const {
    return static_cast<std::size_t>(std::count_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; }));
  }
  bool lists(std::string_view name, std::string_view token) const {
    const auto v = field(name);
    if (!v) return false;
    const auto items = comma_list(*v);
    return std::find(items.begin(), items.end(), token) != items.end();
  }
};

Head read_head(std::string_view head) {
  Head h;
  const auto first_end = head.find("\r\n");
  const std::string_view first = head.substr(0, first_end);
  if (first.substr(0, 5) == "HTTP/") {
    const auto sp = first.find(' ');
    if (sp != std::string_view::npos && first.size() >= sp + 4) {
      const std::string_view code = first.substr(sp + 1, 3);
      if (std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
          (first.size() == sp + 4 || first[sp + 4] == ' '))
        h.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    }
  }
  for (std::size_t at = first_end; at != std::string_view::npos && at + 2 < head.size();) {
    const auto end = head.find("\r\n", at + 2);
    const std::string_view line = head.substr(at + 2, end == std::string_view::npos ? std::string_view::npos : end - at - 2);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) h.fields.emplace_back(lowered(line.substr(0, colon)), std::string(trimmed(line.substr(colon + 1))));
    at = end;
  }
  return h;
}

// The names in a Sec-WebSocket-Extensions or Sec-WebSocket-Protocol value (parameters dropped).
std::vector<std::string> names_in(const std::optional<std::string>& value) {
  std::vector<std::string> names;
  for (auto& item : comma_list(value.value_or(""))) names.push_back(std::string(trimmed(item.substr(0, item.find(';')))));
  return names;
}

bool all_among(const std::vector<std::string>& chosen, const std::vector<std::string>& offered) {
  return std::all_of(chosen.begin(), chosen.end(), [&](const std::string& c) { return std::find(offered.begin(), offered.end(), c) != offered.end(); });
}

}  // namespace

ResponseRuling rule_on_response(std::string_view request_head, std::string_view response_head) {
  ResponseRuling r;
  const Head request = read_head(request_head);
  const Head response = read_head(response_head);
  auto broke = [&](RuleId rule, std::string detail) {
    if (r.broken.empty()) r.detail = std::move(detail);
    r.broken.push_back(rule);
  };
  // §4.1, the client's checks of the server's handshake, in the RFC's order.
  if (response.status != 101) broke(rule::handshake_response_101, "the status is " + (response.status ? std::to_string(response.status) : std::string("missing")) + ", not 101");
  if (!response.lists("upgrade", "websocket")) broke(rule::handshake_response_upgrade, "no Upgrade: websocket in the response");
  if (!response.lists("connection", "upgrade")) broke(rule::handshake_response_connection, "no Connection token Upgrade in the response");
  const auto key = request.field("sec-websocket-key").value_or("");
  const auto accepts = response.count("sec-websocket-accept");
  bool accept_ok = false;
  if (accepts == 1) {
    accept_ok = response.field("sec-websocket-accept") == accept_for(key);
  } else if (accepts > 1) {
    // §11.3.3 forbids a second field; two right values may be taken (lenient), anything else not.
    bool all_right = true;
    for (const auto& [n, value] : response.fields)
      if (n == "sec-websocket-accept" && value != accept_for(key)) all_right = false;
    accept_ok = all_right;
    if (all_right) r.lenient_ok = true;
  }
  if (!accept_ok) broke(rule::handshake_accept_key, accepts == 0 ? "no Sec-WebSocket-Accept in the response" : "Sec-WebSocket-Accept is not base64(SHA-1(key + GUID)) of the request's key");
  else if (accepts > 1) broke(rule::handshake_accept_once, "Sec-WebSocket-Accept appears " + std::to_string(accepts) + " times (right each time)");
  if (!all_among(names_in(response.field("sec-websocket-extensions")), names_in(request.field("sec-websocket-extensions"))))
    broke(rule::extension_response_offered_only, "the response names an extension the request did not offer: " + response.field("sec-websocket-extensions").value_or(""));
  const auto protocols = names_in(response.field("sec-websocket-protocol"));
  if (!protocols.empty() && (protocols.size() != 1 || !all_among(protocols, names_in(request.field("sec-websocket-protocol")))))
    broke(rule::handshake_response_subprotocol, "the response selects a subprotocol the request did not offer: " + response.field("sec-websocket-protocol").value_or(""));
  r.valid = r.broken.empty();
  if (!r.lenient_ok || r.broken.size() != 1) r.lenient_ok = false;
  return r;
}

ServerAnswer read_server_answer(std::string_view request_head, std::string_view response_head) {
  ServerAnswer a;
  if (response_head.find("\r\n\r\n") == std::string_view::npos) return a;
  a.status = read_head(response_head).status;
  if (a.status != 101) return a;
  const ResponseRuling r = rule_on_response(request_head, response_head);
  a.valid_101 = r.valid;
  a.broken = r.broken;
  a.detail = r.detail;
  // The server's side of §4.2.2 for what the client's reading names.
  for (auto& rule : a.broken) {
    if (rule == rule::handshake_response_subprotocol) rule = rule::handshake_subprotocol_offered;
  }
  return a;
}

bool is_refusal(std::string_view head) {
  if (head.substr(0, 5) != "HTTP/" || head.find("\r\n\r\n") == std::string_view::npos) return false;
  const auto space = head.find(' ');
  if (space == std::string_view::npos || head.size() < space + 4) return false;
  const std::string_view status = head.substr(space + 1, 3);
  const bool digits = std::all_of(status.begin(), status.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits && status != "101";
}

HandshakeFailure handshake_not_completed(bool target_is_server, std::string_view target_head, bool timed_out) {
  const std::string first_line(target_head.substr(0, target_head.find("\r\n")));
  if (target_is_server) {
    // §4.2.2 step 5: accepting takes a 101 with the fields it lists; anything else is a refusal.
    if (timed_out) return {rule::handshake_server_replies, "no complete response to the opening handshake before the peer's timeout"};
    if (target_head.empty())
      return {rule::handshake_server_replies, "the connection ended without a complete response to the opening handshake (§4.2.2: a refusal is an HTTP error)"};
    return {rule::handshake_server_replies, "the opening handshake was not accepted; the response began: " + first_line};
  }
  // §4.1: the client sends its opening handshake once connected.
  if (timed_out) return {rule::handshake_client_sends_request, "no complete opening handshake request before the peer's timeout"};
  if (target_head.empty())
    return {rule::handshake_client_sends_request, "the connection ended without a complete opening handshake request"};
  return {rule::handshake_client_sends_request, "the opening handshake request was refused: " + first_line};
}

}  // namespace wsconform::model
