// permessage-deflate negotiation for impl/ (RFC 7692 §5, §7): the server picks the first offer
// it can honour and declines the rest, the client offers from its configuration and checks
// the answer. The Sec-WebSocket-Extensions grammar (RFC 6455 §9.1) is read in one pass.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/deflate.hpp"
#include "impl/error.hpp"

namespace wsconform::impl {

// One extension of a Sec-WebSocket-Extensions list: its name and parameters (values unquoted).
struct extension_param {
  std::string name;
  std::optional<std::string> value;
};
struct extension_item {
  std::string name;
  std::vector<extension_param> params;
};
// Nothing when the value breaks the §9.1 grammar.
std::optional<std::vector<extension_item>> parse_extension_list(std::string_view value);

// How this endpoint compresses once permessage-deflate is agreed.
struct deflate_codec_options {
  int level = 6;               // zlib level 1-9
  int mem_level = 8;           // zlib memLevel 1-9
  std::size_t min_size = 64;   // messages shorter than this go uncompressed (RFC 7692 §6 allows it)
};

// A server's policy: which offers it accepts and what it asks for.
struct deflate_server_policy {
  bool enabled = false;
  bool server_no_context_takeover = false;  // reset our compressor per message, and say so
  bool client_no_context_takeover = false;  // ask the client to reset its compressor
  int client_max_window_bits = 15;          // ask the client for this window when it can limit it
};

// A client's offer.
struct deflate_client_offer {
  bool enabled = false;
  bool server_no_context_takeover = false;  // ask the server to reset per message
  int server_max_window_bits = 0;           // ask the server for this window (0: do not ask)
  bool client_max_window_bits = true;       // say we can limit our window
  bool client_no_context_takeover = false;  // hint that we reset per message (and do so)
};

struct deflate_accepted {
  std::string response_element;  // "permessage-deflate; ..." for Sec-WebSocket-Extensions
  deflate_agreement agreement;   // from the server's side
};

// The server's answer to a request's Sec-WebSocket-Extensions value: the first offer it can
// honour, or nothing (every offer declined, RFC 7692 §7 - the handshake still succeeds).
std::optional<deflate_accepted> accept_deflate_offer(std::string_view offers, const deflate_server_policy& policy);

// The client's offer element.
std::string deflate_offer(const deflate_client_offer& offer);

// The client's check of an accepting response element: the agreement from the client's side,
// or bad_deflate_response.
struct deflate_check {
  error err = error::none;
  deflate_agreement agreement;
};
deflate_check check_deflate_response(const extension_item& response, const deflate_client_offer& offer);

}  // namespace wsconform::impl
