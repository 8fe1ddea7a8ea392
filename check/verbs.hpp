// What the peer does in a `wsconform check` run: the verbs the generator draws and the shrinker
// cuts down, and the steps they lower to - the octets the tester writes, each write its own, a
// Close, or a TCP close. Steps are what a case file stores, so a finding replays without the
// generator, octet for octet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/endpoint.hpp"

namespace wsconform::check {

using Bytes = std::vector<std::uint8_t>;

// A data message, fragmented at `splits` (offsets into the payload), its octets written in pieces
// cut at `cuts` (offsets into the frames' octets), so headers and payloads arrive in any chop.
struct Message {
  bool text = true;
  Bytes payload;
  std::vector<std::size_t> splits;
  std::vector<std::size_t> cuts;
};
// A Ping or a Pong, cut into pieces like a message; between the fragments of a message when
// `inside` of the next message is set (control frames may come between fragments, §5.4).
struct Control {
  bool ping = true;
  Bytes payload;
  std::vector<std::size_t> cuts;
};
// A message with a Ping between its fragments (§5.4, §5.5).
struct Interleaved {
  Message message;
  Control control;
};
// A Close with any code (none: an empty body) and any reason octets: the tester starts its
// closing handshake with it.
struct Close {
  std::optional<std::uint16_t> code;
  Bytes reason;
};
// A frame with any header: any opcode, FIN, RSV bits, masking, a non-minimal length form, a
// payload any length, and only its first `keep` octets written (0: all of it).
struct RawFrame {
  std::uint8_t opcode = 1;
  bool fin = true;
  std::uint8_t rsv = 0;
  bool against_role = false;  // masked by a server-bound peer's rule or against it
  std::uint8_t length_bits = 0;  // 0: minimal; 16 or 64: that form
  Bytes payload;
  std::size_t keep = 0;
};
// The tester closes TCP without a Close.
struct CloseTcp {};

using Verb = std::variant<Message, Control, Interleaved, Close, RawFrame, CloseTcp>;

// One thing the tester does, as a case file stores it.
struct Step {
  enum class Kind { write, close, close_tcp } kind = Kind::write;
  std::string what;           // for people: "peer sends a text message of 5 octets in 2 fragments"
  std::vector<Bytes> writes;  // write: the octets, each piece its own write
  std::optional<std::uint16_t> code;  // close
  Bytes reason;                       // close
  friend bool operator==(const Step&, const Step&) = default;
};

// The steps a verb is, for a target of `target_role` (frames to a server masked, §5.3).
Step lower(const Verb& verb, model::Role target_role);
std::vector<Step> lower(const std::vector<Verb>& verbs, model::Role target_role);

}  // namespace wsconform::check
