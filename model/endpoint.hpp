// The connection state machine of one WebSocket endpoint after its opening handshake
// (RFC 6455 §5-§8), for either role.
//
// The model is fed a trace as it happened: what the peer sent the endpoint (in the chunks it
// arrived in), the peer's TCP close, and what the endpoint did in between (frames it sent, its
// TCP close, optionally messages it delivered to its application). It answers two questions:
//   allowed()  - the set of next behaviours a conforming endpoint may show now, each graded
//                and naming its rules (e.g. after close code 1004: Close 1002 then TCP close,
//                or just TCP close, or - less strictly - a normal Close reply);
//   findings() - where the endpoint left that set so far, each with its rule and grade.
// The model never picks one behaviour: latitude in the RFC stays latitude, with a name.
//
// Time is the order of the trace. An endpoint acts "at once" on a chunk if it acts before
// the next chunk arrives; that is how fail-fast (utf8.fail-fast) is told from lenient.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/frame.hpp"
#include "model/inflate.hpp"
#include "model/pmd_negotiation.hpp"
#include "model/rule.hpp"
#include "model/utf8.hpp"

namespace wsconform::model {

// Autobahn's vocabulary for how well a behaviour conforms: OK, NON-STRICT, INFORMATIONAL,
// and FAILED for a behaviour outside the allowed set.
enum class Grade { strict, lenient, informational, violation };
std::string_view to_string(Grade g);
// The worse of two grades (violation > lenient > informational > strict).
Grade worse(Grade a, Grade b);

enum class ConnState { open, closing, closed };
std::string_view to_string(ConnState s);

struct Options {
  std::uint8_t negotiated_rsv = 0;          // RSV bits an extension gave a meaning
  bool reserved_opcodes_negotiated = false;
  // Over a network the endpoint's answer to a chunk can arrive after the peer's next chunks
  // were already sent: an action within this many seconds of the input it answers counts as
  // "at once" (0: the trace is in causal order, as in process).
  double latency_allowance = 0;
  // The largest message the endpoint declared it accepts (§10.4): a message over it must be
  // refused, with 1009 (limits.message-too-big). Nothing: no limit is known.
  std::optional<std::uint64_t> max_message_size = std::nullopt;
  // permessage-deflate as the handshake agreed it (RFC 7692): RSV1 marks a compressed
  // message, whose data is what it inflates to.
  std::optional<PmdAgreement> permessage_deflate = std::nullopt;
};

// One step of an allowed behaviour.
struct Step {
  enum class Kind { send_pong, send_close, close_tcp, keep_going };
  Kind kind;
  std::vector<std::uint16_t> close_codes;  // send_close: the codes it may carry
  bool close_code_may_be_absent = false;   // send_close: an empty Close is fine too
  Bytes payload;                           // send_pong: the data it must carry
};

struct Behaviour {
  std::string summary;   // "send Close 1002, then close TCP"
  std::vector<Step> steps;
  Grade grade;
  std::vector<RuleId> rules;
};

// A place where the endpoint left the allowed set (or used latitude worth reporting).
struct Finding {
  RuleId rule;
  Grade grade;
  std::string detail;
  std::uint64_t peer_octets;  // how much of the peer's stream had arrived at that point
};

// A message as the model reassembled it from the peer's frames (§6.2).
struct ReceivedMessage {
  opcode type;
  Bytes data;
  std::optional<RuleId> undeliverable;  // why an endpoint must not deliver it, if it must not
  bool optional = false;                // it arrived after the endpoint's Close: may be dropped
  std::size_t fragments = 0;            // frames it came in
  std::optional<MaskKey> first_mask;    // the first frame's masking key, if it was masked
  bool under_latitude = false;          // it completed while a cause the endpoint may accept stood
};

// Why the endpoint must fail the connection, and how much latitude it has (§7.1.7).
struct FailCause {
  std::vector<RuleId> rules;             // the rules the peer's input broke
  std::vector<std::uint16_t> codes;      // appropriate close codes
  std::uint64_t detected_at;             // the peer octet that made the input invalid
  std::uint64_t strict_until;            // failing by the chunk holding this octet is strict
  std::optional<std::uint64_t> lenient_until;  // ...by this one lenient; unknown while the
                                               // message or frame is still arriving
  bool lenient_window = false;           // whether a window beyond strict_until exists at all
  // Some causes are latitude: the endpoint may also carry on (accept close code 1004).
  std::optional<Grade> accepting;
  // Decided from a header still being read (§5.2 errors in its first octets): failing at once
  // is strict, and so is reading the whole header first; only once it is whole is failing owed.
  bool provisional = false;
};

class Endpoint {
 public:
  explicit Endpoint(Role role, Options options = {});

  // The time of the next steps, in seconds (only needed with a latency allowance).
  void at_time(double seconds) { now_ = seconds; }

  // ---- the peer's side of the trace
  void peer_sent(std::span<const std::uint8_t> octets);  // one chunk, as it arrived
  // `after_waiting`: the peer closed because it waited a reasonable time for the endpoint (a
  // timeout), so what the endpoint still owed then, such as its own TCP close, it failed to do.
  void peer_closed_tcp(bool after_waiting = false);

  // ---- the endpoint's side of the trace
  void endpoint_sent(std::span<const std::uint8_t> octets);
  void endpoint_closed_tcp();
  // For targets that report what they delivered to their application (in-process ones).
  void endpoint_delivered(opcode type, std::span<const std::uint8_t> data);

  // The endpoint's timers have run out (a client waiting for the server's TCP close may now
  // close it itself, §5.5.1 "after a reasonable time").
  void timers_expired() { waited_ = true; }

  // The trace is over and every timer has run out: obligations still open are findings.
  void finish();

  // ---- answers
  std::vector<Behaviour> allowed() const;
  const std::vector<Finding>& findings() const { return findings_; }
  Grade grade() const;  // the worst finding, strict if there is none

  Role role() const { return role_; }
  ConnState state() const;
  bool closed_cleanly() const;                      // §7.1.4
  std::uint16_t connection_close_code() const;      // §7.1.5 (1005, 1006 included)
  const std::string& connection_close_reason() const { return peer_close_reason_; }
  const std::optional<FailCause>& fail_cause() const { return cause_; }
  // Messages complete but not yet delivered, oldest first.
  std::span<const ReceivedMessage> undelivered() const { return std::span(to_deliver_).subspan(delivered_); }
  std::uint64_t peer_octets() const { return peer_octets_; }

 private:
  // inbound
  void on_peer_header(const HeaderDecoded& h);
  std::vector<RuleId> header_causes(const FrameHeader& h, bool length_known, bool second_octet_known) const;
  void check_partial_header();
  bool over_declared_limit(const FrameHeader& h) const;
  void on_peer_payload(const PayloadDecoded& p);
  void on_peer_frame_complete(const FrameComplete& c);
  void on_peer_close(const Bytes& payload, std::uint64_t end_offset);
  void on_peer_close_prefix(const PayloadDecoded& p);
  void set_cause(FailCause cause);
  bool ignoring_peer() const;
  FrameContext frame_context(Role sender) const;
  // permessage-deflate (endpoint_pmd.cpp)
  void pmd_peer_message_complete(ReceivedMessage& m, std::uint64_t last);
  void pmd_reveal_partial_cause();
  std::optional<FailCause> pmd_partial_cause() const;
  void pmd_sent_message_complete();

  // outbound
  void on_sent_header(const FrameHeader& h);
  void on_sent_payload(const PayloadDecoded& p);
  void on_sent_frame_complete();
  void on_sent_close(const Bytes& payload);
  void judge_failure(std::optional<std::uint16_t> code, bool by_tcp_close);
  void judge_endpoint_initiated_close(std::optional<std::uint16_t> code);
  void judge_close_reply(std::optional<std::uint16_t> code);
  void note_latitude_taken();
  // The peer's stream ended inside the frame (or the message) whose octets made the cause.
  bool cause_unfinished_at_end() const;
  void check_sent_close_code(std::uint16_t code);

  void add(RuleId rule, Grade grade, std::string detail);

  Role role_;
  Options options_;
  std::vector<Finding> findings_;

  // The peer's stream.
  FrameDecoder in_decoder_;
  std::vector<DecodeEvent> events_;     // reused by every feed, to spare an allocation per chunk
  std::uint64_t peer_octets_ = 0;
  std::uint64_t chunk_index_ = 0;       // chunks delivered so far
  std::optional<FrameHeader> in_header_;
  std::uint64_t in_frame_end_ = 0;
  std::uint64_t in_frame_start_ = 0;  // where the peer's current frame began
  bool in_frame_broken_ = false;        // this frame's header already gave a cause
  std::optional<std::uint64_t> early_cause_frame_;  // frame whose partial header gave the cause
  Bytes in_control_payload_;
  bool in_message_open_ = false;
  opcode in_message_type_ = opcode::text;
  std::size_t in_message_fragments_ = 0;
  std::optional<MaskKey> in_message_mask_;
  Bytes in_message_data_;                // compressed octets, for a compressed message
  std::optional<FailCause> pmd_cause_at_peer_close_;  // what a compressed message open then showed
  Utf8Validator in_utf8_;
  Utf8Validator in_close_utf8_;  // the reason of the peer's Close as it arrives
  bool in_message_compressed_ = false;
  std::uint64_t in_message_first_octet_ = 0;  // where the open message's first frame began
  std::optional<PmdInflater> peer_inflater_;  // the peer's compressed messages, with its window
  std::optional<PmdInflater> own_inflater_;   // the endpoint's own, to check its agreement
  bool peer_eof_ = false;
  bool peer_gave_up_ = false;           // the peer's TCP close came after it waited for the endpoint
  bool closed_after_peer_gave_up_ = false;  // the endpoint closed TCP only after the peer gave up and closed
  static constexpr double kTcpCloseGrace = 0.5;  // seconds an owed TCP close may take
  double tcp_close_owed_since_ = -1;    // when the closing handshake completed
  double fail_time_ = 0;                // when the endpoint failed the connection
  bool peer_close_received_ = false;
  std::optional<std::uint16_t> peer_close_code_;
  std::string peer_close_reason_;

  // What the endpoint owes.
  std::optional<FailCause> cause_;
  std::uint64_t cause_chunk_strict_ = 0;  // chunk in which strict_until arrived (0: not yet)
  std::uint64_t cause_chunk_lenient_ = 0; // chunk in which lenient_until arrived (0: not yet)
  double cause_time_strict_ = 0, cause_time_lenient_ = 0;  // when those chunks arrived
  double now_ = 0;
  struct OwedPong {
    Bytes payload;
    std::uint64_t after_messages;  // peer_messages_begun_ when it came: what may be answered first
    double at = 0;                 // when it came
  };
  std::vector<OwedPong> pongs_owed_;    // oldest first
  std::uint64_t peer_messages_begun_ = 0;          // data messages the peer began (first frames)
  std::uint64_t peer_messages_before_close_ = 0;   // ... before its Close
  std::uint64_t own_messages_begun_ = 0;           // data messages the endpoint began
  std::size_t unmatched_pongs_sent_ = 0;  // Pongs whose data answered no owed Ping
  std::vector<Bytes> pings_after_cause_;   // Pings that arrived after the input it must fail on
  std::vector<Bytes> pings_in_lenient_window_;  // Pings that came while the UTF-8 cause's message was still arriving
  std::map<Bytes, std::size_t> pings_before_cause_, pongs_sent_;  // by payload: which Pong answers what
  bool close_reply_owed_ = false;
  // A queue: to_deliver_[delivered_...] are pending; emptied (capacity kept) once all are delivered.
  std::vector<ReceivedMessage> to_deliver_;
  std::size_t delivered_ = 0;

  // The endpoint's stream.
  FrameDecoder out_decoder_;
  FrameHeader out_header_;
  Bytes out_control_payload_;
  bool failed_ = false;                 // it failed (Close for the cause, or TCP close)
  bool accepted_latitude_ = false;      // it carried on where the cause allowed that
  bool sent_close_ = false;
  bool out_message_open_ = false;
  opcode out_message_type_ = opcode::text;
  Utf8Validator out_utf8_;
  bool out_message_compressed_ = false;
  Bytes out_message_data_;              // the endpoint's compressed message, as sent
  std::optional<MaskKey> last_mask_key_;
  bool endpoint_closed_tcp_ = false;
  bool finished_ = false;
  bool waited_ = false;
};

}  // namespace wsconform::model
