// permessage-deflate negotiation (RFC 7692 §5, §7.1) as the model reads it: what an offer
// element asks for, when a server must decline it, what an accepting response fixes, and when
// the client must fail on that response. Both sides of every judgement on a handshake go
// through here: the tester's own offers and answers, and its reading of a peer's.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/extension_header.hpp"
#include "model/rule.hpp"

namespace wsconform::model {

inline constexpr std::string_view kPermessageDeflate = "permessage-deflate";
inline constexpr int kMinWindowBits = 8, kMaxWindowBits = 15;

// One permessage-deflate element of a client's offer, its four parameters read (§7.1).
struct PmdOffer {
  bool server_no_context_takeover = false;
  bool client_no_context_takeover = false;     // a hint only (pmd.client-no-context-takeover.hint)
  std::optional<int> server_max_window_bits;
  bool client_max_window_bits = false;         // the client can limit its window
  std::optional<int> client_max_window_bits_value;  // ... and says it will stay within this
  friend bool operator==(const PmdOffer&, const PmdOffer&) = default;
};

// What an accepting response fixes for the connection: each direction's window and whether its
// sender starts every message with an empty window.
struct PmdAgreement {
  bool server_no_context_takeover = false;
  bool client_no_context_takeover = false;
  int server_max_window_bits = kMaxWindowBits;
  int client_max_window_bits = kMaxWindowBits;
  friend bool operator==(const PmdAgreement&, const PmdAgreement&) = default;
};

struct PmdProblem {
  RuleId rule;
  std::string detail;
};

// An offer read as a server must read it (§7): the offer, or why the server declines it.
struct OfferReading {
  std::optional<PmdOffer> offer;
  std::optional<PmdProblem> decline;
};
OfferReading read_offer(const ExtensionElement& element);

// An accepting response read against the offer it answers, as the client must read it (§7):
// the agreement, or why the client fails the connection.
struct ResponseReading {
  std::optional<PmdAgreement> agreement;
  std::optional<PmdProblem> fail;
};
ResponseReading read_response(const ExtensionElement& response, const PmdOffer& offer);

// A whole Sec-WebSocket-Extensions response value (empty: no header) against every offer the
// client made: no agreement and no problem when the server accepted no permessage-deflate
// element; otherwise the agreement from the first offer the response validly answers, or the
// problem found against the first offer.
ResponseReading read_response_header(std::string_view value, std::span<const PmdOffer> offers);

// Every permessage-deflate offer in a request's header value, in order, each read (§7); the
// grammar error (extension.header-grammar) when the value is malformed.
struct OfferList {
  std::vector<OfferReading> offers;
  std::optional<ExtensionHeaderError> error;
};
OfferList read_offer_header(std::string_view value);

// What the server accepts of an offer, by a policy: the parameters it answers with.
struct PmdServerPolicy {
  bool server_no_context_takeover = false;     // reset its compressor for every message anyway
  bool client_no_context_takeover = false;     // ask the client to reset too
  int min_own_window_bits = kMinWindowBits;    // the smallest window it can compress within
  std::optional<int> client_max_window_bits;   // ask the client to stay within this (if offered)
};
// The response element a server with `policy` answers `offer` with, or nothing when it must
// decline it (the offer asks for a window smaller than it can compress within).
std::optional<ExtensionElement> accept_offer(const PmdOffer& offer, const PmdServerPolicy& policy);

// The offer as a header element (the tester's request, a client's configuration).
ExtensionElement to_element(const PmdOffer& offer);

// "8".."15" with no leading zero (pmd.window-bits.value).
std::optional<int> window_bits_value(std::string_view text);

}  // namespace wsconform::model
