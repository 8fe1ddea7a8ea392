// z3.* - the boundary group: cases at every decision point Z3 finds in the model's numeric
// rules (boundaries/), each graded from the model's own rule at that value. Close codes on
// either side of every edge, payload lengths at the length-form edges, control and close body
// sizes, and code points (and overlong forms) at the UTF-8 edges.
#include "boundaries/boundaries.hpp"
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"
#include "cases/select.hpp"

#include <algorithm>
#include "model/numeric_rules.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;
namespace n = model::numeric;

namespace {

// `cp` written with `len` octets in the UTF-8 bit layout, whether or not that is valid.
Bytes utf8_form(std::uint32_t cp, int len) {
  switch (len) {
    case 1: return {static_cast<std::uint8_t>(cp)};
    case 2: return {static_cast<std::uint8_t>(0xC0 | (cp >> 6)), static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
    case 3:
      return {static_cast<std::uint8_t>(0xE0 | (cp >> 12)), static_cast<std::uint8_t>(0x80 | ((cp >> 6) & 0x3F)),
              static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
    default:
      return {static_cast<std::uint8_t>(0xF0 | (cp >> 18)), static_cast<std::uint8_t>(0x80 | ((cp >> 12) & 0x3F)),
              static_cast<std::uint8_t>(0x80 | ((cp >> 6) & 0x3F)), static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
  }
}
// How many octets the bit layout needs at least for `cp` (1-4; 4 also for values past 0x10FFFF).
int layout_length(std::uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

std::string hex_of(std::uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "%llX", static_cast<unsigned long long>(v));
  return b;
}

Case echo_text(std::string id, std::string description, Bytes payload, std::vector<RuleId> rules) {
  Case c = make(std::move(id), std::move(description), "The peer echoes the message unchanged.");
  c.script = {frame(opcode::text, payload), KillAfter{1}};
  c.expected[Behavior::ok] = {message(std::move(payload), false)};
  c.close = tester_closes();
  c.rules = std::move(rules);
  return c;
}

Case must_fail(std::string id, std::string description, SendFrame f, std::uint16_t code, bool utf8, std::vector<RuleId> rules) {
  Case c = make(std::move(id), std::move(description),
                "The peer fails the connection with " + std::to_string(code) + " (or drops TCP) and echoes nothing.");
  c.script = {std::move(f), KillAfter{1}};
  c.expected[Behavior::ok] = {};
  c.close = utf8 ? peer_fails_utf8() : peer_fails(code);
  c.rules = std::move(rules);
  return c;
}

// RFC 7692 at Z3's edges of the model's own templates: window bits (7/8 and 15/16) offered by
// the tester as client (server_max_window_bits) or answered by it as server
// (client_max_window_bits), then 10 compressed echoes within that window; and the inflated size
// at the peer's declared limit and one octet over it.
void add_deflate_boundary_cases(std::vector<Case>& out, const std::vector<boundaries::RuleBoundaries>& all) {
  for (const int bits : boundaries::window_bits_points(all)) {
    const bool valid = n::window_bits_valid(bits);
    const std::string v = std::to_string(bits);
    Case c = make("z3.pmd.window-bits." + v,
                  "As client, offer permessage-deflate with server_max_window_bits=" + v + "; as server, answer an offer with client_max_window_bits=" + v +
                      (valid ? ". Then 10 compressed echoes of 4096 JSON code points." : " (outside 8..15)."),
                  valid ? "A server accepts (with a window no larger) or declines; a client takes it. Every compressed message keeps within the agreed window."
                        : "A server declines the offer (101 without the element); a client fails the connection on the answer and echoes nothing.");
    c.close = tester_closes();
    c.grading = Grading::model;
    c.deflate = DeflateNegotiation{"permessage-deflate; server_max_window_bits=" + v + "; client_max_window_bits",
                                   {DeflateAcceptor{.client_no_context_takeover = false, .client_max_window_bits = bits, .send_as_is = true}}};
    c.deflate_echo = DeflateEcho{.corpus = CorpusId::json, .length = 4096, .count = 10, .timeout = 10, .auto_fragment = 0, .model_graded = true};
    c.refusal = RefusalLatitude{.rule = r::pmd_offer_refusal, .non_strict = true};  // a 4xx or 5xx instead of declining
    c.rules = {r::pmd_window_bits_value, valid ? r::pmd_window_sender_bound : r::pmd_offer_decline_invalid,
               valid ? r::pmd_server_max_window_bits_accepted : r::pmd_response_fail_invalid};
    out.push_back(std::move(c));
  }
  // The templates' edges for a limit L are L and L + 1; as excesses over the peer's limit.
  constexpr std::uint64_t kAny = 1u << 20;
  for (const std::uint64_t point : boundaries::inflated_limit_points(kAny)) {
    const auto excess = static_cast<std::int64_t>(point - kAny);
    const bool within = n::inflated_size_within(kAny, point);
    Case c = make(excess == 0 ? "z3.pmd.limit.at" : "z3.pmd.limit.over",
                  "Negotiate permessage-deflate and send a compressed binary message inflating to " +
                      std::string(excess == 0 ? "exactly" : "one octet over") + " the peer's declared maximum message size.",
                  within ? "The peer takes the message (and echoes it)." : "The peer fails the connection with 1009 (or drops TCP) and delivers nothing.");
    c.grading = Grading::model;
    c.deflate = DeflateNegotiation{"permessage-deflate; client_max_window_bits", {DeflateAcceptor{}}};
    if (within) {
      c.script = {SendAtLimit{.excess = excess, .compressed = true}, CloseOnMessages{1}, CloseAfter{100}};
      c.close = tester_closes();
    } else {
      // Inflating up to the limit before refusing may take a slow peer many seconds (64 MiB
      // over TCP): it is given 100 s, as the echo of rfc.limit.at is.
      c.script = {SendAtLimit{.excess = excess, .compressed = true}, KillAfter{100}};
      c.close = peer_fails(1009);
    }
    c.rules = {r::pmd_limit_inflated_size, r::limits_message_too_big};
    out.push_back(std::move(c));
  }
}

}  // namespace

void add_boundary_cases(std::vector<Case>& out) {
  const auto all = boundaries::enumerate_all();
  const std::size_t first = out.size();

  // Close codes on both sides of every close-code edge.
  for (std::uint16_t code : boundaries::close_code_points(all)) {
    const std::string id = "z3.close." + std::to_string(code);
    if (n::close_code_valid(code)) {
      Case c = make(id, "Send Close with code " + std::to_string(code) + ", next to an edge of the close-code rules; the model rates it valid.",
                    "The peer answers cleanly with 1000 or the same code.");
      c.script = {SendClose{code, std::nullopt}, KillAfter{1}};
      c.expected[Behavior::ok] = {};
      c.close = {true, {1000, code}, true, false};
      if (n::close_code_iana_registered(code)) {
        // Registered after RFC 6455 (§11.7): a peer may take it, or refuse it as a code §7.4.1
        // does not define (Close 1002 or a TCP drop) - close.code.iana-registered.
        c.expectation = "The peer answers with 1000 or the same code, or refuses the code it may not know (1002 or a TCP drop).";
        c.close = {true, {1000, code, 1002}, false, false};
      }
      c.grading = Grading::wrong_code_fails;
      c.suppress_close = true;
      c.rules = {code >= 4000 ? r::close_code_private_range : code >= 3000 ? r::close_code_library_range
                 : n::close_code_iana_registered(code) ? r::close_code_iana_registered : r::close_code_defined};
      out.push_back(std::move(c));
    } else if (n::close_code_beyond_4999(code)) {
      out.push_back(close_code_beyond_4999_case(id, "Send Close with code " + std::to_string(code) + ", past the range the RFC assigns.", code));
    } else {
      Case c = make(id, "Send Close with code " + std::to_string(code) + ", next to an edge of the close-code rules; the model rates it invalid.",
                    "The peer fails the connection: Close 1002 or a TCP drop.");
      c.script = {SendClose{code, std::nullopt}, KillAfter{1}};
      c.expected[Behavior::ok] = {};
      c.close = {true, {1002}, false, false};
      c.grading = Grading::wrong_code_fails;
      c.suppress_close = true;
      c.rules = {n::close_code_in_unused_range(code) ? r::close_code_unused_range : n::close_code_is_reserved_1004(code) ? r::close_code_reserved_1004
                 : n::close_code_not_sendable(code) ? r::close_code_not_sendable : r::close_code_unassigned};
      out.push_back(std::move(c));
    }
  }

  // Payload lengths at the length-form edges a frame can carry here (up to 64 KiB + 1); the
  // 2^63 edge as a header claim only.
  for (std::uint64_t len : boundaries::length_points(all)) {
    if (len > 65537) continue;
    out.push_back(echo_text("z3.length." + std::to_string(len), "Send a text message of " + std::to_string(len) + " octets, at a length-form edge.",
                            repeat("*", static_cast<std::size_t>(len)), {r::frame_length_minimal, r::receive_message_assembly}));
  }
  {
    // A header claiming 2^63 octets: its most significant bit is set (§5.2). Masked (mask bit
    // and a zero key), as a client writes it.
    Case c = make("z3.length.9223372036854775808", "Send a binary frame header whose 64-bit length has the most significant bit set (2^63).",
                  "The peer fails the connection (protocol error) without waiting for the payload.");
    c.script = {SendRaw{build::hex("82ff800000000000000000000000")}, KillAfter{1}};
    c.expected[Behavior::ok] = {};
    // §5.2 says the length is invalid, not which status code failing on it carries (§7.1.7):
    // 1002 for the broken MSB, or 1009 (§7.4.1) from a size limit checked first (§10.4).
    c.close = peer_fails_with_one_of({1002, 1009});
    c.rules = {r::frame_length_msb_zero};
    out.push_back(std::move(c));
  }
  // Control frames at 125/126 octets, Close bodies of 0, 1, 2, 125 and 126 octets.
  for (std::uint64_t len : boundaries::length_points(all)) {
    if (len > 126) continue;
    if (len >= 125) {
      if (n::control_payload_fits(len)) {
        Case c = make("z3.ping." + std::to_string(len), "Send a Ping of " + std::to_string(len) + " octets.", "The peer answers with a Pong of the same payload.");
        c.script = {frame(opcode::ping, repeat("\xfe", len)), CloseAfter{1}};
        c.expected[Behavior::ok] = {pong(repeat("\xfe", len))};
        c.close = tester_closes();
        c.rules = {r::control_payload_max, r::ping_reply};
        out.push_back(std::move(c));
      } else {
        out.push_back(must_fail("z3.ping." + std::to_string(len), "Send a Ping of " + std::to_string(len) + " octets, over the control-frame limit.",
                                frame(opcode::ping, repeat("\xfe", len)), 1002, false, {r::control_payload_max}));
      }
    }
    // The close body: a code and a reason of len - 2 octets, or the bare len octets below 2.
    Bytes body = len >= 2 ? cat({hex("03e8"), repeat("*", len - 2)}) : repeat("a", len);
    Case c = make("z3.close-body." + std::to_string(len), "Send a Close frame with a body of " + std::to_string(len) + " octets.",
                  n::close_payload_length_valid(len) ? "The peer answers the Close normally." : "The peer fails the connection: Close 1002 or a TCP drop.");
    c.script = {SendClose{std::nullopt, body}, KillAfter{1}};
    c.expected[Behavior::ok] = {};
    c.close = n::close_payload_length_valid(len) ? tester_closes() : ExpectedClose{true, {1002}, false, false};
    c.grading = Grading::wrong_code_fails;
    c.suppress_close = true;
    c.rules = {len == 1 ? r::close_payload_code_first : r::control_payload_max};
    out.push_back(std::move(c));
  }

  // Code points at every UTF-8 edge, in the shortest form their bits need; and, for the
  // overlong edges, in every longer form.
  for (std::uint32_t cp : boundaries::code_point_points(all)) {
    for (int len = layout_length(cp); len <= 4; ++len) {
      if (len > layout_length(cp) && !(cp == 0x7F || cp == 0x7FF || cp == 0xFFFF || cp == 0x80 || cp == 0x800 || cp == 0x10000)) break;
      if (cp > 0x1FFFFF) break;
      const Bytes text = cat({bytes_of("a"), utf8_form(cp, len), bytes_of("z")});
      const std::string id = "z3.utf8." + hex_of(cp) + (len > layout_length(cp) ? "-as-" + std::to_string(len) : "");
      const std::string what = "Send a text message with U+" + hex_of(cp) + " written in " + std::to_string(len) + " octets";
      if (n::utf8_sequence_valid(len, cp)) {
        out.push_back(echo_text(id, what + " (valid UTF-8).", text, {r::utf8_noncharacters_valid, r::receive_message_assembly}));
      } else {
        const RuleId rule = !n::utf8_length_is_shortest(len, cp) ? r::utf8_no_overlong
                            : n::code_point_is_surrogate(cp) ? r::utf8_no_surrogates : r::utf8_max_code_point;
        out.push_back(must_fail(id, what + " (invalid: " + std::string(rule.value) + ").", frame(opcode::text, text), 1007, true, {rule, r::utf8_invalid_fail}));
      }
    }
  }
  add_deflate_boundary_cases(out, all);
  for (std::size_t i = first; i < out.size(); ++i) out[i].tester_accepts_registered_codes = true;
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const Case& a, const Case& b) { return id_less(a.id, b.id); });
}

}  // namespace wsconform::cases
