// A conformance case as data: what the tester does (a script of actions), what it expects
// to observe (Autobahn's event lists per verdict and its close expectations), and the model
// rules the case puts to the test. The peer misbehaves through data, never through code.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cases/behavior.hpp"
#include "cases/corpora.hpp"
#include "model/rule.hpp"

namespace wsconform::cases {

using Bytes = std::vector<std::uint8_t>;
using model::RuleId;

// ---- tester actions (Autobahn's sendFrame / sendMessage / sendClose / timers)

// How the tester masks a frame (§5.1): as its role wants (a client masks with a fresh key, a
// server does not), against its role (a server's frame masked, a client's not), or with the
// all-zero key (valid for a client: any 32-bit value may be the key).
enum class Masking { by_role, against_role, zero_key };

// One frame with any header. `payload` is repeated or cut to `payload_len` when that is set;
// `chop` writes the frame's octets in pieces of that size, each after a reactor turn; `sync`
// writes the whole frame in its own write.
struct SendFrame {
  std::uint8_t opcode = 1;
  Bytes payload;
  bool fin = true;
  std::uint8_t rsv = 0;
  std::optional<std::size_t> payload_len;
  std::optional<std::size_t> chop;
  bool sync = false;
  Masking masking = Masking::by_role;
  std::uint8_t length_bits = 0;  // 16 or 64: write the length in that form even where it is not minimal (§5.2)
};

// A whole message, split into frames of `fragment_size` octets (0: one frame). `payload` is
// repeated or cut to `payload_len` when that is set (so 4 MiB need not be stored).
struct SendMessage {
  std::uint8_t opcode = 1;
  Bytes payload;
  std::size_t fragment_size = 0;
  std::optional<std::size_t> payload_len;
  // Compressed with the agreed permessage-deflate parameters first (RFC 7692 §7.2.1), RSV1 on
  // the first frame; the fragments are cut from the compressed octets.
  bool compressed = false;
  std::optional<std::size_t> chop = std::nullopt;  // compressed: each frame written in pieces of this many octets
};

// A frame header announcing `length` octets, whose payload follows in FrameData pieces.
struct BeginFrame {
  std::uint8_t opcode = 1;
  std::size_t length = 0;
};
struct FrameData {
  Bytes data;
};

// Octets written exactly as given: headers no frame builder would write. `sync`: in a write of
// their own, a reactor turn after the one before (chops a check run draws stay chops).
struct SendRaw {
  Bytes octets;
  bool sync = false;
};

// A binary message of the target's declared maximum message size plus `excess` octets (the
// limit is the in-process target's configuration, or what the user states for a network
// target with --max-message-size). Without a declared limit the case is UNIMPLEMENTED.
struct SendAtLimit {
  std::int64_t excess = 0;
  // Compressed with the agreed permessage-deflate (the limit then applies to the inflated size,
  // RFC 6455 §10.4); UNIMPLEMENTED without an agreement.
  bool compressed = false;
  std::size_t fragment_size = 0;     // compressed: frames of this many compressed octets (0: one)
  std::optional<std::size_t> chop = std::nullopt;  // compressed: each frame written in pieces of this many octets
};

// A Close frame the tester starts the closing handshake with (closedByMe). Any code and any
// body, valid or not: the catalogue's misbehaving peer.
struct SendClose {
  std::optional<std::uint16_t> code;
  std::optional<Bytes> reason;
};

struct Wait;  // continue after a delay (holds more actions)

struct KillAfter {   // fail the connection (Close 1001) if still open after `seconds`
  double seconds;
};
struct CloseAfter {  // start the closing handshake (empty Close) if still open
  double seconds;
};
struct DropTcp {};   // close TCP now, without a Close (a peer that goes away)
struct WireLog {     // switch the wire log off (bulk phases) or on
  bool on;
};
// Start the closing handshake (Close 1000) once `count` whole messages have arrived: a case
// whose echo may take long (a message at the peer's size limit) waits for it, not for a clock.
struct CloseOnMessages {
  std::size_t count;
};

// The message the peer is to echo next (the testee's contract, Autobahn's echo cases): each data
// message that comes back is compared, in order, with the expected ones; one that differs makes
// the Autobahn column FAILED. Whether the peer had to take the message is the model's column.
struct ExpectEcho {
  Bytes message;
  bool binary = false;
};

// A compressed text message whose one back-reference reaches exactly as far back as the window
// agreed for the tester's direction allows (2^bits octets): that many ASCII letters in stored
// blocks, then a fixed-Huffman match of 258 octets. Its echo is expected. Sent without context
// from earlier messages, and best as the case's only compressed message. UNIMPLEMENTED without
// an agreement.
struct SendWindowEdge {};

using Action = std::variant<SendFrame, SendMessage, BeginFrame, FrameData, SendRaw, SendAtLimit, SendClose, Wait,
                            KillAfter, CloseAfter, DropTcp, WireLog, CloseOnMessages, ExpectEcho, SendWindowEdge>;

struct Wait {
  double seconds;
  std::string tag;                 // "A", "B" (shown in the wire log)
  bool only_if_open = false;       // skip (and record nothing) unless the connection is OPEN
  bool record_timeout = false;     // append ("timeout", tag) to the observed events
  std::vector<Action> then;
};

// ---- what is observed

struct Event {
  enum class Kind { message, ping, pong, timeout } kind;
  Bytes payload;        // message/ping/pong data, or the timeout's tag
  bool binary = false;  // message only
  friend bool operator==(const Event&, const Event&) = default;
};

struct ExpectedClose {
  bool closed_by_me = true;
  std::vector<std::uint16_t> codes{1000};
  bool require_clean = true;
  bool wrong_endpoint_is_fatal = false;  // UTF-8 cases: the peer never noticed
};

// ---- permessage-deflate (RFC 7692) as the tester negotiates it

// The tester as server: what it answers a client's offer with (Autobahn's acceptors).
struct DeflateAcceptor {
  bool client_no_context_takeover = false;    // ask the client to reset its compressor per message
  std::optional<int> client_max_window_bits = std::nullopt;  // ask for this window; only an offer that allows it qualifies
  // Answer even when the answer is no valid agreement (a window outside 8..15): the client
  // must then fail the connection (RFC 7692 §7). The z3 window edges.
  bool send_as_is = false;
  // Answer any permessage-deflate offer with exactly this Sec-WebSocket-Extensions value, valid
  // or not (the pmd.negotiate.* cases); the model reads it against the client's offers. A client
  // that offers nothing leaves such a case UNIMPLEMENTED.
  std::optional<std::string> answer = std::nullopt;
};
struct DeflateNegotiation {
  std::string offer;                       // the tester as client: its Sec-WebSocket-Extensions value
  std::vector<DeflateAcceptor> acceptors;  // the tester as server: each tried in order over every offer
  // The script needs the agreement: without one the case is UNIMPLEMENTED and closes at once.
  bool required = false;
};

// 12.x, 13.x: `count` messages of `length` units sliced from a corpus, one in flight, each
// echo compared with what was sent; the case times out after `timeout` seconds.
struct DeflateEcho {
  CorpusId corpus = CorpusId::json;
  std::size_t length = 0;
  std::size_t count = 1000;
  double timeout = 60;
  std::size_t auto_fragment = 0;  // compressed octets per frame (0: one frame)
  // Beyond Autobahn: the model grades (Grading::model); without an agreement the tester sends
  // one uncompressed message instead (an endpoint that must have failed must not echo it).
  bool model_graded = false;
};

// How the case grades beyond comparing event lists (Autobahn's per-case overrides).
enum class Grading {
  events,              // compare observed events with the expected lists
  wrong_code_fails,    // ... and WRONG CODE on close makes the behavior FAILED (7.x)
  informational,       // always INFORMATIONAL (7.1.6, 7.13.x)
  echo_length,         // 9.1-9.6: OK when an echo of the right type and length arrives
  round_trips,         // 9.7-9.8: `round_trip_count` sequential echoes of the right type and length
  frame_count,         // 10.1.1: events, plus the tester's own frame counts
  deflate_echo,        // 12.x, 13.x: 1000 echoes; UNIMPLEMENTED unless permessage-deflate was negotiated
  model,               // beyond Autobahn: no Autobahn expectation; both columns are the model's reading
};

// Where the RFC leaves a server room to refuse the whole opening handshake (an HTTP status other
// than 101) instead of what the case asks for: the rule that says so, and whether a refusal is
// OK or NON-STRICT. Without it a connection that never opened is FAILED (§4.2.2). A close without
// any response is a refusal in the wrong form (NON-STRICT); none in time is never a refusal.
struct RefusalLatitude {
  model::RuleId rule;
  bool non_strict = false;
};

// The opening-handshake cases (hs.*): the tester sends `head` in place of its own request (the
// target a server) or its own response (the target a client), and the model reads the answer.
// In `head`, {key} is the tester's Sec-WebSocket-Key, {accept} the right Sec-WebSocket-Accept for
// the client's key, {host} and {path} the target's. What the target must do follows from the
// model's ruling on the head (model::rule_on_request / rule_on_response); where the RFC leaves a
// server room to refuse, Case::refusal says so.
struct HandshakeProbe {
  bool target_is_server = true;  // the case tests servers (requests) or clients (responses)
  std::string head = {};         // the whole head, with its final empty line unless `unterminated`
  std::size_t chop = 0;          // written in pieces of this many octets (0: one write)
  Bytes after_head = Bytes();    // written in the same write right after the head (a frame)
  bool unterminated = false;     // the head never ends: the target must not wait forever
  // A request the model rules out for RFC 6455 that a server may still accept under this rule:
  // OK (§4.4: a draft version it also speaks), or NON-STRICT with `may_accept_non_strict` (a
  // second key, which it is the client's fault to send, §11.3.1) - not a violation either way.
  std::optional<model::RuleId> may_accept = std::nullopt;
  bool may_accept_non_strict = false;
};

struct Case {
  std::string id;              // "7.9.3"
  std::string description;     // what the tester does (our words)
  std::string expectation;     // what a conforming peer does (our words)
  std::vector<Action> script;  // run when the connection opens
  std::map<Behavior, std::vector<Event>> expected;  // OK / NON-STRICT -> events
  ExpectedClose close;
  Grading grading = Grading::events;
  bool suppress_close = false;  // the tester does not close once the events match
  // The tester takes every code the RFC and the IANA registry allow from the peer (1012-1014
  // included); Autobahn's own cases keep its engine's narrower list, for compatible verdicts.
  bool tester_accepts_registered_codes = false;
  bool report_time = false;
  std::optional<std::uint8_t> echo_opcode;   // echo_length / round_trips
  std::size_t echo_length = 0;
  std::size_t round_trip_count = 0;
  double echo_timeout = 0;                   // seconds, for the result text
  std::size_t auto_fragment_size = 0;        // frame_count
  std::optional<DeflateNegotiation> deflate;  // the tester offers / accepts permessage-deflate
  std::optional<DeflateEcho> deflate_echo;    // deflate_echo
  std::optional<RefusalLatitude> refusal;     // Grading::model: a refused handshake is not FAILED
  std::optional<HandshakeProbe> handshake;    // hs.*: the tester's own head replaced
  std::vector<model::RuleId> rules;          // what the case checks, in the model's words
};

// Event helpers for building expectations.
inline Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline Event text_message(std::string_view s) { return {Event::Kind::message, bytes_of(s), false}; }
inline Event message(Bytes b, bool binary) { return {Event::Kind::message, std::move(b), binary}; }
inline Event pong(Bytes b) { return {Event::Kind::pong, std::move(b), false}; }
inline Event timeout(std::string_view tag) { return {Event::Kind::timeout, bytes_of(tag), false}; }

}  // namespace wsconform::cases
