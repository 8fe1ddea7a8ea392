// Small constructors that keep the group files reading like the catalogue they encode.
#pragma once

#include <initializer_list>
#include <string_view>

#include "cases/case.hpp"
#include "vocab/wire_numbers.hpp"

namespace wsconform::cases::build {

inline Bytes repeat(std::string_view pattern, std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(pattern[i % pattern.size()]);
  return out;
}
inline Bytes hex(std::string_view h) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
    auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    out.push_back(static_cast<std::uint8_t>(nib(h[i]) * 16 + nib(h[i + 1])));
  }
  return out;
}
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

using vocab::opcode;

// A frame by its opcode's name; a reserved opcode (which has no name) by its number.
inline SendFrame frame(std::uint8_t opcode_number, Bytes payload = {}, bool fin = true) {
  SendFrame f;
  f.opcode = opcode_number;
  f.payload = std::move(payload);
  f.fin = fin;
  return f;
}
inline SendFrame frame(opcode op, Bytes payload = {}, bool fin = true) {
  return frame(static_cast<std::uint8_t>(op), std::move(payload), fin);
}
inline SendMessage send_message(std::uint8_t opcode, Bytes payload, std::size_t fragment_size = 0,
                                std::optional<std::size_t> payload_len = std::nullopt) {
  SendMessage m;
  m.opcode = opcode;
  m.payload = std::move(payload);
  m.fragment_size = fragment_size;
  m.payload_len = payload_len;
  return m;
}
inline SendFrame chopped(SendFrame f, std::size_t chop) {
  f.chop = chop;
  return f;
}
inline SendFrame synced(SendFrame f) {
  f.sync = true;
  return f;
}
inline SendFrame with_rsv(SendFrame f, std::uint8_t rsv) {
  f.rsv = rsv;
  return f;
}
inline SendFrame masked_as(SendFrame f, Masking m) {
  f.masking = m;
  return f;
}
inline SendFrame length_in(SendFrame f, std::uint8_t bits) {  // a 16- or 64-bit length field, minimal or not
  f.length_bits = bits;
  return f;
}
// Writes `f` plainly, in one write (sync) or chopped, as the variant demands.
enum class Shaping { burst, sync, chop1 };
inline SendFrame shaped(SendFrame f, Shaping s) {
  if (s == Shaping::sync) f.sync = true;
  if (s == Shaping::chop1) f.chop = 1;
  return f;
}

// Expectation presets of the catalogue.
inline ExpectedClose tester_closes() {
  return {.closed_by_me = true, .codes = {1000}, .require_clean = true, .wrong_endpoint_is_fatal = false};
}
inline ExpectedClose peer_fails(std::uint16_t code) {
  return {.closed_by_me = false, .codes = {code}, .require_clean = false, .wrong_endpoint_is_fatal = false};
}
// Where the RFC leaves the failing endpoint a choice of status codes.
inline ExpectedClose peer_fails_with_one_of(std::vector<std::uint16_t> codes) {
  return {.closed_by_me = false, .codes = std::move(codes), .require_clean = false, .wrong_endpoint_is_fatal = false};
}
// The UTF-8 cases: a peer that never noticed the invalid text fails the case outright.
inline ExpectedClose peer_fails_utf8() {
  return {.closed_by_me = false, .codes = {1007}, .require_clean = false, .wrong_endpoint_is_fatal = true};
}

inline Case make(std::string id, std::string description, std::string expectation) {
  Case c;
  c.id = std::move(id);
  c.description = std::move(description);
  c.expectation = std::move(expectation);
  return c;
}

// A Close with a code past 4999 (§7.4.2 assigns none): informational, since the peer may
// accept it (answer 1000 or echo it) or fail with 1002. Used by 7.13.x and the z3 group.
inline Case close_code_beyond_4999_case(std::string id, std::string description, std::uint16_t code) {
  Case c = make(std::move(id), std::move(description), "Informational: the peer may accept it (answer 1000 or echo) or fail with 1002.");
  c.script = {SendClose{code, std::nullopt}, KillAfter{1}};
  c.expected[Behavior::ok] = {};
  c.close = {true, {1000, code, 1002}, false, false};
  c.grading = Grading::informational;
  c.suppress_close = true;
  c.rules = {model::rule::close_code_beyond_4999};
  return c;
}

}  // namespace wsconform::cases::build
