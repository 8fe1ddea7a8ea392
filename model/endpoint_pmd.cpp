// The endpoint model's permessage-deflate part (RFC 7692): what a compressed message from the
// peer obliges the endpoint to do, what an endpoint that fails before the message is whole
// may have seen, and whether the endpoint's own compressed messages keep the agreement.
#include <string>

#include "model/endpoint.hpp"
#include "model/pmd_receive.hpp"

namespace wsconform::model {
namespace close_code = vocab::close_code;
namespace {

// Without a declared limit the model still bounds what it inflates (a bomb must not make the
// judge allocate without bound); past this, it cannot tell and asks nothing.
constexpr std::size_t kModelInflateCap = std::size_t{256} << 20;

// What the model inflates a peer's message to at most: the endpoint's declared limit, or its own cap.
std::size_t inflate_cap(const Options& o) {
  return o.max_message_size ? static_cast<std::size_t>(*o.max_message_size) : kModelInflateCap;
}

}  // namespace

// A whole compressed message from the peer: its data is what it inflates to; data that does
// not inflate, passes the limit, or is not UTF-8 once inflated must be failed on.
void Endpoint::pmd_peer_message_complete(ReceivedMessage& m, std::uint64_t last) {
  const Bytes compressed = std::move(m.data);
  CompressedMessageRuling r = receive_compressed(*peer_inflater_, m.type == opcode::text, compressed, inflate_cap(options_));
  m.data = std::move(r.data);
  const bool judged = !sent_close_ && !peer_close_received_;
  if (r.sender_breach && judged && !cause_)
    // The peer referred beyond what it agreed to: an endpoint inflating with exactly the agreed
    // window (or a fresh one per message) fails here, one with a larger window cannot tell.
    set_cause(FailCause{{r.sender_breach->rule, rule::pmd_payload_corrupt}, {close_code::protocol_error, close_code::invalid_payload}, last, last, std::nullopt, false,
                        Grade::strict});
  if (r.deliver) return;
  m.undeliverable = *r.rule;
  if (!judged) return;
  FailCause cause{{*r.rule}, r.fail_codes, last, last, std::nullopt, false, std::nullopt};
  if (*r.rule == rule::pmd_payload_corrupt) {
    cause.rules.push_back(rule::pmd_payload_corrupt_code);
    // Data cut inside a block broke the sender's pmd.payload.tail; a zlib-based receiver
    // delivers what came before the cut, which is less strict than failing.
    if (r.fault == InflateFault::truncated) {
      cause.accepting = Grade::lenient;
      m.undeliverable.reset();
    }
  } else if (*r.rule == rule::pmd_limit_inflated_size) {
    if (!options_.max_message_size) return;  // the model's own cap, not the endpoint's
    cause.rules.push_back(rule::limits_message_too_big);
    cause.accepting = Grade::lenient;  // an endpoint taking it does not hold to its own limit
  } else if (*r.rule == rule::pmd_utf8_after_inflate) {
    cause.rules = {rule::utf8_invalid_fail, rule::pmd_utf8_after_inflate, rule::close_code_1007_invalid_data};
  }
  set_cause(std::move(cause));
}

// The endpoint fails while a compressed message is still arriving: inflating as it reads, it
// may already have seen corrupt data, the limit passed, or text that cannot become UTF-8 -
// before any cause found later in the stream (a bad header after the message's first frames),
// so what it saw in the message comes first. A Close from the peer between the message's
// fragments changes nothing: the message's octets came before it, so a Close with the message's
// code fails the connection for them rather than answering the peer's Close with another code -
// what the octets before that Close showed is kept when it arrives (frames after it are no part
// of the conversation, §5.5.1, and are not inflated into it).
void Endpoint::pmd_reveal_partial_cause() {
  if (sent_close_ || failed_ || endpoint_closed_tcp_) return;
  std::optional<FailCause> found;
  if (peer_close_received_) {
    found = pmd_cause_at_peer_close_;
  } else if (in_message_open_ && in_message_compressed_) {
    found = pmd_partial_cause();
  }
  if (!found) return;
  if (cause_ && !cause_->provisional && !cause_->accepting && cause_->detected_at < found->detected_at) return;
  found->strict_until = peer_octets_ == 0 ? 0 : peer_octets_ - 1;  // failing now is in time
  // The message's own fault came first in the stream: it replaces a hard cause found later; a
  // latitude cause (a frame past any limit, say) stays appropriate beside it (set_cause).
  if (cause_ && !cause_->accepting) cause_.reset();
  early_cause_frame_.reset();
  set_cause(std::move(*found));
}

// What the open compressed message's octets so far inflate to, as a cause to fail on (none if
// they are fine so far). Its strict_until is set when it is revealed.
std::optional<FailCause> Endpoint::pmd_partial_cause() const {
  const InflatedMessage m = peer_inflater_->peek(in_message_data_, inflate_cap(options_));
  const std::uint64_t at = in_message_first_octet_;
  if (m.error && m.error->fault != InflateFault::truncated)
    return FailCause{{rule::pmd_payload_corrupt, rule::pmd_payload_corrupt_code},
                     {close_code::protocol_error, close_code::invalid_payload}, in_message_first_octet_, at, std::nullopt, false,
                     std::nullopt};
  if (m.breach)
    // A reference beyond what the peer agreed to: an endpoint inflating with exactly that
    // window, or afresh for each message, fails on it (zlib: "invalid distance too far back").
    return FailCause{{m.breach->rule, rule::pmd_payload_corrupt}, {close_code::protocol_error, close_code::invalid_payload},
                     in_message_first_octet_, at, std::nullopt, false, Grade::strict};
  if (m.limit_reached && options_.max_message_size)
    return FailCause{{rule::pmd_limit_inflated_size, rule::limits_message_too_big}, {close_code::message_too_big},
                     in_message_first_octet_, at, std::nullopt, false, Grade::lenient};
  if (in_message_type_ == opcode::text && Utf8Validator{}.feed(m.data))
    return FailCause{{rule::utf8_invalid_fail, rule::pmd_utf8_after_inflate, rule::close_code_1007_invalid_data},
                     {close_code::invalid_payload}, in_message_first_octet_, at, std::nullopt, false, std::nullopt};
  return std::nullopt;
}

// The endpoint's own compressed message is whole: it must inflate (pmd.payload.tail), keep the
// agreed window and context takeover, and, as text, be UTF-8 once inflated.
void Endpoint::pmd_sent_message_complete() {
  const InflatedMessage m = own_inflater_->message(out_message_data_, kModelInflateCap);
  out_message_data_.clear();
  if (m.error) {
    add(rule::pmd_payload_tail, Grade::violation,
        "sent a compressed message that does not inflate: " + std::string(to_string(m.error->fault)));
    return;
  }
  if (m.breach)
    add(m.breach->rule, Grade::violation,
        m.breach->rule == rule::pmd_window_sender_bound
            ? "sent a back-reference of distance " + std::to_string(m.breach->distance) + " beyond the agreed window"
            : "sent a back-reference into an earlier message though it agreed to no context takeover");
  if (out_message_type_ == opcode::text && validate_utf8(m.data))
    add(rule::text_utf8, Grade::violation, "sent a compressed text message that is not UTF-8 once inflated");
}

}  // namespace wsconform::model
