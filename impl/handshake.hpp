// The opening handshake (§4): the client's request and its check of the response (§4.1),
// the server's check of the request and its response (§4.2). Pure functions over parsed
// HTTP heads; the connection decides when to call them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/http.hpp"
#include "impl/permessage_deflate.hpp"

namespace wsconform::impl {

struct server_options {
  std::vector<std::string> subprotocols;  // ours, most preferred first
  // Extension hook (§9.1): given the client's Sec-WebSocket-Extensions offer, return the
  // value to answer with ("" for none). Unset: no extension is ever accepted.
  std::function<std::string(std::string_view offer)> negotiate_extensions;
  deflate_server_policy deflate;          // permessage-deflate (used when the hook is unset)
  std::string server_name;                // sent as Server: when not empty
};

struct server_answer {
  error err = error::none;     // none: the upgrade is accepted
  int status = 0;              // 101, or 400 / 405 / 426 on refusal
  std::string response;        // the octets to send
  std::string subprotocol;     // chosen, or ""
  std::string extensions;      // accepted, or ""
  std::optional<deflate_agreement> deflate;  // permessage-deflate, when accepted
  std::string target;          // request target (path and query)
};

// §4.2.1 checks the request, §4.2.2 builds the answer.
server_answer answer_request(const http_head& request, const server_options& options);

// The refusal for a request that could not even be parsed (400, or 431-style limits as 400).
std::string refusal_response(int status, error why);

struct client_options {
  std::string host;                       // Host header (with :port when not default)
  std::string target = "/";               // path and query
  std::vector<std::string> subprotocols;  // offered, most preferred first
  std::string extensions;                 // Sec-WebSocket-Extensions offer, "" for none
  deflate_client_offer deflate;           // permessage-deflate, offered after `extensions`
  std::string origin;                     // sent when not empty
  std::string user_agent;                 // sent when not empty
  std::vector<http_header> extra_headers;
};

// §4.1: the client's request for a 16-octet nonce already base64-encoded as `key`.
std::string build_request(const client_options& options, std::string_view key);

struct client_check {
  error err = error::none;
  std::string subprotocol;  // what the server chose, "" for none
  std::string extensions;   // what the server accepted
  std::optional<deflate_agreement> deflate;  // permessage-deflate, when the server accepted it
};

// §4.1: checks the server's response to the request made with `key`.
client_check check_response(const http_head& response, std::string_view key, const client_options& options);

}  // namespace wsconform::impl
