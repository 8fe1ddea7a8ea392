#include "impl/handshake.hpp"

#include <algorithm>

#include "impl/base64.hpp"

namespace wsconform::impl {
namespace {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 101: return "Switching Protocols";
    case 400: return "Bad Request";
    case 405: return "Method Not Allowed";
    case 426: return "Upgrade Required";
    case 431: return "Request Header Fields Too Large";  // RFC 6585 §5
    default: return "Error";
  }
}

std::vector<std::string> list_items(std::string_view value) {
  std::vector<std::string> items;
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return items;
}

client_check refused(error e) {
  client_check c;
  c.err = e;
  return c;
}

}  // namespace

std::string refusal_response(int status, error why) {
  std::string body(describe(why));
  body += "\n";
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) + "\r\n";
  if (status == 405) r += "Allow: GET\r\n";
  // §4.2.2: a version the server does not speak is answered with the ones it does.
  if (why == error::bad_version || why == error::no_version) r += "Sec-WebSocket-Version: 13\r\n";
  r += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
       "\r\nConnection: close\r\n\r\n" + body;
  return r;
}

server_answer answer_request(const http_head& req, const server_options& options) {
  server_answer a;
  a.target = req.target;
  auto refuse = [&](int status, error e) {
    a.err = e;
    a.status = status;
    a.response = refusal_response(status, e);
    return a;
  };
  // §4.2.1, in the order the RFC lists the fields.
  if (req.method != "GET") return refuse(405, error::bad_method);
  if (req.version_major < 1 || (req.version_major == 1 && req.version_minor < 1)) return refuse(400, error::bad_http_version);
  if (!req.header("Host")) return refuse(400, error::no_host);
  if (!req.header_lists("Upgrade", "websocket")) return refuse(400, error::no_upgrade);
  if (!req.header_lists("Connection", "Upgrade")) return refuse(400, error::no_connection_upgrade);
  const auto key = req.header("Sec-WebSocket-Key");
  const auto nonce = key ? base64_decode(*key) : std::nullopt;
  if (!nonce || nonce->size() != 16) return refuse(400, error::bad_key);
  const auto version = req.header("Sec-WebSocket-Version");
  if (!version) return refuse(400, error::no_version);
  if (*version != "13") return refuse(426, error::bad_version);

  // §4.2.2 subprotocol: the first of ours the client offered.
  if (const auto offered = req.header("Sec-WebSocket-Protocol")) {
    const auto theirs = list_items(*offered);
    for (const auto& ours : options.subprotocols) {
      if (std::find(theirs.begin(), theirs.end(), ours) != theirs.end()) {
        a.subprotocol = ours;
        break;
      }
    }
  }
  // §9.1 extensions only through the hook, and only if the client offered some.
  if (const auto offer = req.header("Sec-WebSocket-Extensions"); offer && options.negotiate_extensions) {
    a.extensions = options.negotiate_extensions(*offer);
  } else if (offer) {
    // RFC 7692 §7: the first offer we can honour; the others are declined, not refused.
    if (auto accepted = accept_deflate_offer(*offer, options.deflate)) {
      a.extensions = accepted->response_element;
      a.deflate = accepted->agreement;
    }
  }

  a.status = 101;
  a.response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  a.response += "Sec-WebSocket-Accept: " + accept_key_for(*key) + "\r\n";
  if (!a.subprotocol.empty()) a.response += "Sec-WebSocket-Protocol: " + a.subprotocol + "\r\n";
  if (!a.extensions.empty()) a.response += "Sec-WebSocket-Extensions: " + a.extensions + "\r\n";
  if (!options.server_name.empty()) a.response += "Server: " + options.server_name + "\r\n";
  a.response += "\r\n";
  return a;
}

std::string build_request(const client_options& o, std::string_view key) {
  std::string r = "GET " + (o.target.empty() ? std::string("/") : o.target) + " HTTP/1.1\r\n";
  r += "Host: " + o.host + "\r\n";
  r += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  r += "Sec-WebSocket-Key: " + std::string(key) + "\r\n";
  r += "Sec-WebSocket-Version: 13\r\n";
  if (!o.subprotocols.empty()) {
    r += "Sec-WebSocket-Protocol: ";
    for (std::size_t i = 0; i < o.subprotocols.size(); ++i) r += (i ? ", " : "") + o.subprotocols[i];
    r += "\r\n";
  }
  std::string extensions = o.extensions;
  if (o.deflate.enabled) extensions += (extensions.empty() ? "" : ", ") + deflate_offer(o.deflate);
  if (!extensions.empty()) r += "Sec-WebSocket-Extensions: " + extensions + "\r\n";
  if (!o.origin.empty()) r += "Origin: " + o.origin + "\r\n";
  if (!o.user_agent.empty()) r += "User-Agent: " + o.user_agent + "\r\n";
  for (const auto& h : o.extra_headers) r += h.name + ": " + h.value + "\r\n";
  r += "\r\n";
  return r;
}

client_check check_response(const http_head& resp, std::string_view key, const client_options& o) {
  client_check c;
  // §4.1 "If the status code received from the server is not 101, the client handles the
  // response per HTTP procedures" - for a WebSocket client that means failing.
  if (resp.status != 101) return refused(error::bad_status);
  if (!resp.header_lists("Upgrade", "websocket")) return refused(error::no_upgrade);
  if (!resp.header_lists("Connection", "Upgrade")) return refused(error::no_connection_upgrade);
  const auto accept = resp.header("Sec-WebSocket-Accept");
  if (!accept || *accept != accept_key_for(key)) return refused(error::bad_accept);
  if (const auto ext = resp.header("Sec-WebSocket-Extensions")) {
    // Every accepted extension must be one the client offered (by name, §4.1 step 5), in a
    // value that keeps the §9.1 grammar; permessage-deflate at most once, with parameters
    // its offer allows (RFC 7692 §5, §7).
    const auto items = parse_extension_list(*ext);
    if (!items) return refused(error::bad_extension);
    const auto offered = list_items(o.extensions);
    for (const auto& item : *items) {
      if (item.name == "permessage-deflate" && o.deflate.enabled) {
        if (c.deflate) return refused(error::bad_deflate_response);
        const deflate_check check = check_deflate_response(item, o.deflate);
        if (check.err != error::none) return refused(check.err);
        c.deflate = check.agreement;
        continue;
      }
      const bool was_offered = std::any_of(offered.begin(), offered.end(), [&](const std::string& off) {
        return off.substr(0, off.find(';')) == item.name;
      });
      if (!was_offered) return refused(error::bad_extension);
    }
    c.extensions = *ext;
  }
  if (const auto proto = resp.header("Sec-WebSocket-Protocol")) {
    if (std::find(o.subprotocols.begin(), o.subprotocols.end(), *proto) == o.subprotocols.end())
      return refused(error::bad_subprotocol);
    c.subprotocol = *proto;
  }
  return c;
}

}  // namespace wsconform::impl
