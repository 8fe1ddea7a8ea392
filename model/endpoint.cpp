#include "model/endpoint.hpp"

#include <algorithm>
#include <sstream>

#include "model/numeric_rules.hpp"

namespace wsconform::model {
namespace close_code = vocab::close_code;

std::string_view to_string(Grade g) {
  switch (g) {
    case Grade::strict: return "strict";
    case Grade::lenient: return "lenient";
    case Grade::informational: return "informational";
    case Grade::violation: return "violation";
  }
  return "?";
}

namespace {
int severity(Grade g) {
  switch (g) {
    case Grade::strict: return 0;
    case Grade::informational: return 1;
    case Grade::lenient: return 2;
    case Grade::violation: return 3;
  }
  return 3;
}

std::string code_text(std::optional<std::uint16_t> code) {
  return code ? std::to_string(*code) : std::string("(no code)");
}

// A frame length past which any implementation may have its limit, when none was declared.
constexpr std::uint64_t kBeyondAnyUndeclaredLimit = std::uint64_t{1} << 31;

std::uint16_t read_code(const Bytes& payload) {
  return static_cast<std::uint16_t>((payload[0] << 8) | payload[1]);
}

// How a received close code is to be taken (§7.4): accepted, or the cause of a failure,
// possibly one the endpoint may also choose to accept.
struct ReceivedCodeRuling {
  std::optional<RuleId> broken;     // nothing: the code is valid
  std::optional<Grade> accepting;   // latitude: the grade of accepting it anyway
};

ReceivedCodeRuling rule_on_received_code(std::uint16_t c) {
  using namespace numeric;
  // 1012-1014 came after RFC 6455 through the IANA registry (§11.7): a receiver that knows the
  // registry takes them, one that knows only §7.4.1 may refuse them as it refuses any code in
  // 1000-2999 it does not know. Both are conforming (close.code.iana-registered).
  if (close_code_iana_registered(c)) return {rule::close_code_iana_registered, Grade::strict};
  if (close_code_valid(c)) return {};
  if (close_code_not_sendable(c)) return {rule::close_code_not_sendable, std::nullopt};
  if (close_code_in_unused_range(c)) return {rule::close_code_unused_range, std::nullopt};
  if (close_code_is_reserved_1004(c)) return {rule::close_code_reserved_1004, Grade::lenient};
  if (close_code_unassigned(c)) return {rule::close_code_unassigned, Grade::lenient};
  return {rule::close_code_beyond_4999, Grade::informational};  // 5000-65535
}

// The rule a received header breaks, from the receiver's side of the same requirement.
RuleId receiver_rule(RuleId sender_rule) {
  if (sender_rule == rule::mask_client_sends_masked) return rule::mask_server_fails_unmasked;
  if (sender_rule == rule::mask_server_sends_unmasked) return rule::mask_client_fails_masked;
  if (sender_rule == rule::frame_rsv_zero) return rule::frame_rsv_fail;
  if (sender_rule == rule::frame_length_minimal) return rule::frame_length_non_minimal_received;
  return sender_rule;
}

bool is_masking_rule(RuleId r) {
  return r == rule::mask_server_fails_unmasked || r == rule::mask_client_fails_masked;
}
}  // namespace

Grade worse(Grade a, Grade b) { return severity(a) >= severity(b) ? a : b; }

std::string_view to_string(ConnState s) {
  switch (s) {
    case ConnState::open: return "OPEN";
    case ConnState::closing: return "CLOSING";
    case ConnState::closed: return "CLOSED";
  }
  return "?";
}

Endpoint::Endpoint(Role role, Options options) : role_(role), options_(options) {
  events_.reserve(16);  // a chunk rarely holds more events; spares the growth steps
  if (const auto& a = options_.permessage_deflate) {
    const bool server = role_ == Role::server;
    own_inflater_.emplace(server ? a->server_max_window_bits : a->client_max_window_bits,
                          server ? a->server_no_context_takeover : a->client_no_context_takeover);
    peer_inflater_.emplace(server ? a->client_max_window_bits : a->server_max_window_bits,
                           server ? a->client_no_context_takeover : a->server_no_context_takeover);
  }
}

FrameContext Endpoint::frame_context(Role sender) const {
  return FrameContext{sender, options_.negotiated_rsv, options_.reserved_opcodes_negotiated, options_.permessage_deflate.has_value()};
}

void Endpoint::add(RuleId rule, Grade grade, std::string detail) {
  findings_.push_back(Finding{rule, grade, std::move(detail), peer_octets_});
}

Grade Endpoint::grade() const {
  Grade g = Grade::strict;
  for (const auto& f : findings_) g = worse(g, f.grade);
  return g;
}

ConnState Endpoint::state() const {
  if (endpoint_closed_tcp_ || peer_eof_) return ConnState::closed;
  if (sent_close_ || peer_close_received_) return ConnState::closing;  // §7.1.3 state.closing
  return ConnState::open;
}

// §7.1.4: clean iff TCP closed after the closing handshake completed.
bool Endpoint::closed_cleanly() const {
  return state() == ConnState::closed && sent_close_ && peer_close_received_;
}

// §7.1.5: the code of the first Close received; 1005 if it had none; 1006 if none came.
std::uint16_t Endpoint::connection_close_code() const {
  if (!peer_close_received_) return close_code::abnormal_closure;
  return peer_close_code_.value_or(close_code::no_status_received);
}

bool Endpoint::ignoring_peer() const {
  return (cause_ && !cause_->accepting) || failed_ || endpoint_closed_tcp_;
}

void Endpoint::set_cause(FailCause cause) {
  if (cause_ && !cause_->accepting) return;  // the first hard cause stands
  // A cause behind a latitude one (a compressed message cut inside a block, then a bad header; a
  // frame past any limit whose data does not inflate): an endpoint may refuse what came first, so
  // that cause's codes stay appropriate.
  if (cause_)
    for (const std::uint16_t code : cause_->codes)
      if (std::find(cause.codes.begin(), cause.codes.end(), code) == cause.codes.end()) cause.codes.push_back(code);
  cause_ = std::move(cause);
  cause_chunk_strict_ = peer_octets_ > cause_->strict_until ? chunk_index_ : 0;
  cause_time_strict_ = now_;
  cause_chunk_lenient_ = 0;
}

// ---- the peer's stream --------------------------------------------------------------------

void Endpoint::peer_sent(std::span<const std::uint8_t> octets) {
  if (octets.empty() || peer_eof_) return;
  ++chunk_index_;
  events_.clear();
  in_decoder_.feed(octets, events_);
  for (const auto& e : events_) {
    if (auto* h = std::get_if<HeaderDecoded>(&e)) on_peer_header(*h);
    else if (auto* p = std::get_if<PayloadDecoded>(&e)) on_peer_payload(*p);
    else if (auto* c = std::get_if<FrameComplete>(&e)) on_peer_frame_complete(*c);
    else if (auto* s = std::get_if<DecodeStopped>(&e)) {
      if (!ignoring_peer() && !sent_close_ && !peer_close_received_)  // after a Close nothing more is judged
        // §5.2 makes the length meaningless, §7.4.1 lets 1009 say it is too big: either code fits.
        // Failing once the header is whole (its mask key read too) is in time: an endpoint that
        // reads a header whole before judging it (Boost.Beast) is not acting on later data.
        set_cause(FailCause{{s->rule}, {close_code::protocol_error, close_code::message_too_big}, s->offset,
                            std::max<std::uint64_t>(s->offset, in_decoder_.stopped_header_end() - 1), std::nullopt, false,
                            std::nullopt});
    }
  }
  peer_octets_ += octets.size();
  check_partial_header();
  // Record the chunk in which each end of the cause's window arrived.
  if (cause_) {
    if (cause_chunk_strict_ == 0 && peer_octets_ > cause_->strict_until) {
      cause_chunk_strict_ = chunk_index_;
      cause_time_strict_ = now_;
    }
    if (cause_chunk_lenient_ == 0 && cause_->lenient_until && peer_octets_ > *cause_->lenient_until) {
      cause_chunk_lenient_ = chunk_index_;
      cause_time_lenient_ = now_;
    }
  }
}

// The rules a (possibly partial) header from the peer breaks, from the receiver's side.
std::vector<RuleId> Endpoint::header_causes(const FrameHeader& h, bool length_known, bool second_octet_known) const {
  std::vector<RuleId> broken;
  FrameHeader known = h;
  if (!length_known) {  // judge what the first two octets say; the length comes later
    known.payload_length = h.form == length_form::bits7 && second_octet_known ? h.payload_length : 0;
    known.form = length_form::bits7;
  }
  // Only the first octet has arrived: FIN, RSV and the opcode are decidable (§5.2, §5.4), the
  // MASK bit is not yet known, so take it as the peer's role wants it.
  if (!second_octet_known) known.masked = peer_of(role_) == Role::client;
  for (RuleId r : header_violations(known, frame_context(peer_of(role_))))
    broken.push_back(receiver_rule(r));
  // A control frame announcing a 16- or 64-bit length is longer than 125 whatever follows.
  if (!length_known && second_octet_known && is_control(h.op) && h.form != length_form::bits7)
    broken.push_back(rule::control_payload_max);
  // §5.4 fragmentation state.
  if (h.op == opcode::continuation && !in_message_open_) broken.push_back(rule::fragment_continuation_without_start);
  if (is_data_start(h.op) && in_message_open_) broken.push_back(rule::fragment_interleaved);
  // §5.5.1 a one-octet close body cannot hold a code.
  if (second_octet_known && h.op == opcode::close && h.form == length_form::bits7 && h.payload_length == 1)
    broken.push_back(rule::close_payload_code_first);
  return broken;
}

// An endpoint may fail as soon as the octets it has make a header impossible: judge a header
// still being read, so failing before its masking key arrives is not taken for failing on
// valid input (and never failing is caught even if the key never comes).
void Endpoint::check_partial_header() {
  if (ignoring_peer() || sent_close_ || peer_close_received_ || cause_) return;
  const auto p = in_decoder_.partial();
  if (!p || early_cause_frame_ == p->frame_offset) return;
  std::vector<RuleId> broken = header_causes(p->header, p->length_known, p->second_octet_known);
  if (broken.empty()) return;
  // A non-minimal length alone is latitude: the endpoint may fail on it now, or accept it.
  const bool latitude_only = broken.size() == 1 && broken[0] == rule::frame_length_non_minimal_received;
  if (std::any_of(broken.begin(), broken.end(), is_masking_rule)) broken.push_back(rule::mask_fail_code_1002);
  set_cause(FailCause{broken, {close_code::protocol_error}, p->frame_offset, ~std::uint64_t{0}, std::nullopt, false,
                      latitude_only ? std::optional<Grade>(Grade::lenient) : std::nullopt, /*provisional=*/true});
  early_cause_frame_ = p->frame_offset;
}

void Endpoint::on_peer_header(const HeaderDecoded& d) {
  const FrameHeader& h = d.header;
  in_header_ = h;
  in_frame_broken_ = false;
  in_control_payload_.clear();
  in_frame_end_ = d.payload_offset + h.payload_length;
  in_frame_start_ = d.frame_offset;
  if (h.op == opcode::close) in_close_utf8_ = Utf8Validator{};
  bool judged = false;
  if (early_cause_frame_ == d.frame_offset && cause_) {
    // The cause came from this header's first octets; now all of it and its end are known.
    std::vector<RuleId> broken = header_causes(h, true, true);
    const bool latitude_only = broken.size() == 1 && broken[0] == rule::frame_length_non_minimal_received;
    if (std::any_of(broken.begin(), broken.end(), is_masking_rule)) broken.push_back(rule::mask_fail_code_1002);
    if (!broken.empty()) cause_->rules = broken;
    cause_->provisional = false;
    cause_->strict_until = h.payload_length == 0 ? d.payload_offset - 1 : in_frame_end_ - 1;
    cause_chunk_strict_ = peer_octets_ > cause_->strict_until ? chunk_index_ : 0;
    early_cause_frame_.reset();
    if (!latitude_only) {
      in_frame_broken_ = true;
      return;
    }
    judged = true;  // latitude: the endpoint may accept the frame, so keep following it
  }
  if (ignoring_peer()) return;

  // After either Close the endpoint judges nothing more of the peer's input (it may have
  // stopped reading); it only keeps track of messages to know what it must not deliver.
  if (!judged && !sent_close_ && !peer_close_received_) {
    std::vector<RuleId> broken = header_causes(h, true, true);
    if (!broken.empty()) {
      // A non-minimal length alone is latitude: the sender broke a MUST, the receiver may accept.
      const bool latitude_only =
          broken.size() == 1 && broken[0] == rule::frame_length_non_minimal_received;
      if (std::any_of(broken.begin(), broken.end(), is_masking_rule))
        broken.push_back(rule::mask_fail_code_1002);
      // Failing anywhere from the header to the frame's last octet is strict.
      const std::uint64_t last = h.payload_length == 0 ? d.payload_offset - 1 : in_frame_end_ - 1;
      set_cause(FailCause{broken, {close_code::protocol_error}, d.frame_offset, last, std::nullopt,
                          false, latitude_only ? std::optional<Grade>(Grade::lenient) : std::nullopt});
      in_frame_broken_ = !latitude_only;
      if (in_frame_broken_) return;
    } else if (over_declared_limit(h)) {
      // §10.4: a message over the limit the endpoint declared is refused with 1009
      // (limits.message-too-big); one that takes it anyway does not hold to its own limit.
      const std::uint64_t last = in_frame_end_ - 1;
      set_cause(FailCause{{rule::limits_message_too_big}, {close_code::message_too_big}, d.frame_offset, last,
                          std::nullopt, false, Grade::lenient});
    } else if (options_.max_message_size && !is_control(h.op) && !is_reserved(h.op) && h.payload_length > *options_.max_message_size) {
      // A compressed frame longer on the wire than the declared limit (over_declared_limit took
      // every uncompressed one; a compressed message is held to the limit once inflated, and may
      // inflate to less): §10.4 lets an endpoint limit frames as
      // well as messages, so refusing it (1009) and reading on are both right.
      set_cause(FailCause{{rule::limits_message_too_big}, {close_code::message_too_big}, d.frame_offset, in_frame_end_ - 1,
                          std::nullopt, false, Grade::strict});
    } else if (!options_.max_message_size && !is_control(h.op) && h.payload_length > kBeyondAnyUndeclaredLimit) {
      // §10.4: with no limit declared, a frame claiming more than 2 GiB is past any limit an
      // implementation may have: failing (1009, or dropping TCP) and reading on are both right.
      set_cause(FailCause{{rule::limits_message_too_big}, {close_code::message_too_big}, d.frame_offset, in_frame_end_ - 1,
                          std::nullopt, false, Grade::strict});
    }
  } else if (h.op == opcode::continuation && !in_message_open_) {
    in_frame_broken_ = true;  // nothing to continue: ignore it
    return;
  }

  if (is_data_start(h.op) && !in_message_open_) {
    ++peer_messages_begun_;
    in_message_open_ = true;
    in_message_type_ = h.op;
    in_message_data_.clear();
    in_message_fragments_ = 0;
    in_message_mask_ = h.masked ? std::optional(h.mask_key) : std::nullopt;
    in_utf8_ = Utf8Validator{};
    in_message_compressed_ = peer_inflater_ && h.rsv1;
    in_message_first_octet_ = d.frame_offset;
  }
  if (!is_control(h.op)) ++in_message_fragments_;
}

bool Endpoint::over_declared_limit(const FrameHeader& h) const {
  if (!options_.max_message_size || is_control(h.op) || is_reserved(h.op)) return false;
  // A compressed message is held to the limit by what it inflates to (pmd.limit.inflated-size).
  if (peer_inflater_ && (h.op == opcode::continuation ? in_message_compressed_ : h.rsv1)) return false;
  const std::uint64_t limit = *options_.max_message_size;
  const std::uint64_t so_far = h.op == opcode::continuation ? in_message_data_.size() : 0;
  return so_far > limit || h.payload_length > limit - so_far;
}

void Endpoint::on_peer_payload(const PayloadDecoded& p) {
  if (!in_header_ || in_frame_broken_) return;
  const opcode op = in_header_->op;
  if (is_control(op)) {
    in_control_payload_.insert(in_control_payload_.end(), p.data.begin(), p.data.end());
    if (op == opcode::close) on_peer_close_prefix(p);
    return;
  }
  if (ignoring_peer()) return;
  if (is_reserved(op)) return;  // only reachable where an extension defined the opcode
  in_message_data_.insert(in_message_data_.end(), p.data.begin(), p.data.end());
  if (in_message_compressed_) return;  // judged as it inflates, when the message is whole
  if (sent_close_ || peer_close_received_ || in_message_type_ != opcode::text) return;
  const std::uint64_t before = in_utf8_.octets_fed();
  if (auto err = in_utf8_.feed(p.data); err && !cause_) {
    // §8.1: the strict endpoint fails at this octet; a lenient one by the message's end.
    const std::uint64_t at = p.stream_offset + (err->offset - before);
    set_cause(FailCause{{rule::utf8_invalid_fail, err->rule, rule::close_code_1007_invalid_data},
                        {close_code::invalid_payload}, at, at, std::nullopt, true, std::nullopt});
  }
}

void Endpoint::on_peer_frame_complete(const FrameComplete& c) {
  if (!in_header_) return;
  const FrameHeader h = *in_header_;
  in_header_.reset();
  if (in_frame_broken_) return;
  // The message holding invalid UTF-8 ends here: a lenient endpoint fails by now.
  if (cause_ && cause_->lenient_window && !cause_->lenient_until && !is_control(h.op) && h.fin) {
    cause_->lenient_until = c.end_offset - 1;
    cause_chunk_lenient_ = chunk_index_;  // the octet is in the chunk being read
    cause_time_lenient_ = now_;
  }
  if (ignoring_peer()) {
    if (h.op == opcode::ping && cause_ && !failed_) {
      // While the message that broke UTF-8 is still arriving, an endpoint that validates at
      // the message's end does not yet know it must fail: answering is the lenient reading.
      const bool in_window = cause_->lenient_window && !cause_->lenient_until;
      (in_window ? pings_in_lenient_window_ : pings_after_cause_).push_back(in_control_payload_);
    }
    return;
  }
  const std::uint64_t last = c.end_offset - 1;

  if (h.op == opcode::close) return on_peer_close(in_control_payload_, c.end_offset);

  if (h.op == opcode::ping) {
    // §5.5.2 a Pong is owed, unless a Close was received; after its own Close the endpoint
    // may have stopped processing (close.may-stop-processing-after-sent).
    if (!peer_close_received_ && !sent_close_) {
      pongs_owed_.push_back({in_control_payload_, peer_messages_begun_, now_});
    }
    ++pings_before_cause_[in_control_payload_];
    return;
  }
  if (h.op == opcode::pong) return;  // §5.5.3 pong.unsolicited: nothing is owed for it

  // Data frame (§5.4, §6.2); on_peer_header opened the message.
  if (is_reserved(h.op) || !h.fin) return;
  in_message_open_ = false;  // receive.new-message-after-fin

  // A copy, so that the reassembly buffer keeps its capacity for the next message.
  ReceivedMessage m{in_message_type_, in_message_data_, std::nullopt, false, in_message_fragments_,
                    in_message_mask_};
  in_message_data_.clear();
  if (in_message_compressed_) pmd_peer_message_complete(m, last);
  if (peer_close_received_) {
    m.undeliverable = rule::invalid_data_after_close;
  } else if (sent_close_) {
    m.optional = true;
  } else if (in_message_type_ == opcode::text && !in_message_compressed_) {
    if (auto err = in_utf8_.finish(); err && !cause_) {
      set_cause(FailCause{{rule::utf8_invalid_fail, err->rule, rule::close_code_1007_invalid_data},
                          {close_code::invalid_payload}, last, last, last, true, std::nullopt});
    }
    if (in_utf8_.finish()) m.undeliverable = rule::utf8_invalid_fail;
  }
  if (cause_ && !cause_->accepting && !m.undeliverable) m.undeliverable = rule::fail_stop_processing;
  m.under_latitude = cause_ && cause_->accepting;
  to_deliver_.push_back(std::move(m));
}

// A Close body shows it is invalid before it ends - a code no endpoint may send, octets no UTF-8
// text can hold - whatever follows: an endpoint that fails there, before the frame is whole,
// fails on invalid input (failing at the frame's end stays strict). A code the endpoint may refuse
// or take (1004, 5000 and up) is latitude from its second octet on.
void Endpoint::on_peer_close_prefix(const PayloadDecoded& p) {
  if ((cause_ && !cause_->accepting) || sent_close_ || peer_close_received_ || ignoring_peer()) return;
  const Bytes& body = in_control_payload_;
  const std::uint64_t last = in_frame_end_ - 1;
  const std::uint64_t first_new = body.size() - p.data.size();  // index in the body of p's first octet
  if (body.size() >= 2 && first_new < 2) {
    const ReceivedCodeRuling ruling = rule_on_received_code(read_code(body));
    if (ruling.broken) {  // latitude too (1004, 5000+): refusing it may start here
      set_cause(FailCause{{*ruling.broken, rule::close_code_1002_protocol_error}, {close_code::protocol_error},
                          p.stream_offset + (1 - first_new), last, std::nullopt, false, ruling.accepting});
      if (!ruling.accepting) return;
    }
  }
  if (body.size() <= 2) return;
  // The reason's octets in this piece: body indices [from, size); the validator counts reason octets.
  const std::size_t from = std::max<std::size_t>(2, first_new);
  if (auto err = in_close_utf8_.feed(std::span(body).subspan(from))) {
    const std::uint64_t at = p.stream_offset + (2 + err->offset - first_new);
    set_cause(FailCause{{rule::close_reason_utf8, err->rule}, {close_code::protocol_error, close_code::invalid_payload}, at, last,
                        std::nullopt, false, std::nullopt});
  }
}

void Endpoint::on_peer_close(const Bytes& payload, std::uint64_t end_offset) {
  const std::uint64_t last = end_offset - 1;
  if (peer_close_received_) return;  // a second Close from the peer means nothing more
  std::optional<std::uint16_t> code;
  std::string reason;
  if (payload.size() >= 2) {
    code = read_code(payload);
    reason.assign(payload.begin() + 2, payload.end());
  }
  if (!sent_close_) {
    // §7.4 the code, then §5.5.1/§8.1 the reason.
    if (code) {
      const ReceivedCodeRuling ruling = rule_on_received_code(*code);
      if (ruling.broken) {
        set_cause(FailCause{{*ruling.broken, rule::close_code_1002_protocol_error},
                            {close_code::protocol_error}, last, last, std::nullopt, false,
                            ruling.accepting});
      }
      if (auto err = validate_utf8(std::span(payload).subspan(2)); err && (!cause_ || cause_->accepting)) {
        set_cause(FailCause{{rule::close_reason_utf8, err->rule},
                            {close_code::protocol_error, close_code::invalid_payload},
                            last, last, std::nullopt, false, std::nullopt});
      }
    }
    if (cause_ && !cause_->accepting) return;  // the Close is invalid: it must fail instead
    close_reply_owed_ = true;
    peer_messages_before_close_ = peer_messages_begun_;
  }
  peer_close_received_ = true;
  if (in_message_open_ && in_message_compressed_ && !sent_close_) pmd_cause_at_peer_close_ = pmd_partial_cause();
  if (sent_close_ && tcp_close_owed_since_ < 0) tcp_close_owed_since_ = now_;
  peer_close_code_ = code;
  peer_close_reason_ = reason;
  if (in_message_open_)
    to_deliver_.push_back({in_message_type_, {}, rule::invalid_data_after_close, false, 0, std::nullopt});
}

void Endpoint::peer_closed_tcp(bool after_waiting) {
  if (peer_eof_) return;
  peer_eof_ = true;
  // Over a network the answer to a Ping may still be on its way when the peer closes TCP; the
  // peer's close left the endpoint no connection to answer on (§5.5.2 asks for a Pong on a
  // usable connection), so a Ping that came within the latency allowance is owed nothing.
  if (options_.latency_allowance > 0)
    std::erase_if(pongs_owed_, [&](const OwedPong& p) { return now_ - p.at <= options_.latency_allowance; });
  // The peer gave up on the endpoint's TCP close only if the endpoint had owed it for a while:
  // half a second is far past "immediately" (§5.5.1) on any link the tests run over.
  if (failed_ && tcp_close_owed_since_ < 0) tcp_close_owed_since_ = fail_time_;
  peer_gave_up_ = after_waiting && tcp_close_owed_since_ >= 0 && now_ - tcp_close_owed_since_ >= kTcpCloseGrace;
}

// ---- the endpoint's stream --------------------------------------------------------------

void Endpoint::endpoint_sent(std::span<const std::uint8_t> octets) {
  if (endpoint_closed_tcp_) {
    add(rule::close_tcp_after_handshake, Grade::violation, "sent octets after closing TCP");
    return;
  }
  events_.clear();
  out_decoder_.feed(octets, events_);
  for (const auto& e : events_) {
    if (auto* h = std::get_if<HeaderDecoded>(&e)) on_sent_header(h->header);
    else if (auto* p = std::get_if<PayloadDecoded>(&e)) on_sent_payload(*p);
    else if (std::holds_alternative<FrameComplete>(e)) on_sent_frame_complete();
    else if (auto* s = std::get_if<DecodeStopped>(&e))
      add(s->rule, Grade::violation, "sent a 64-bit length with the most significant bit set");
  }
}

void Endpoint::on_sent_header(const FrameHeader& h) {
  out_header_ = h;
  out_control_payload_.clear();
  for (RuleId r : header_violations(h, frame_context(role_))) {
    const bool opcode_rule = r == rule::frame_opcode_reserved_data || r == rule::frame_opcode_reserved_control;
    add(opcode_rule ? rule::extension_negotiate_first : r, Grade::violation,
        "sent " + std::string(name_of(h.op)) + " frame breaking " + std::string(r.value));
  }
  if (role_ == Role::client && h.masked) {
    if (last_mask_key_ && *last_mask_key_ == h.mask_key)
      add(rule::mask_key_fresh, Grade::violation, "masking key repeated on consecutive frames");
    last_mask_key_ = h.mask_key;
  }
  if (is_control(h.op) || is_reserved(h.op)) return;

  // Data frames.
  if (sent_close_) add(rule::close_no_data_after_close, Grade::violation, "data frame after own Close");
  if (h.op == opcode::continuation) {
    if (!out_message_open_)
      add(rule::fragment_continuation_without_start, Grade::violation, "sent a continuation with no message open");
  } else {
    if (out_message_open_)
      add(rule::fragment_interleaved, Grade::violation, "started a message inside another");
    // "As soon as practical" (§5.5.1, §5.5.2) leaves an endpoint that reads in order the
    // answers to what came before the Close or Ping: its n-th message may answer the peer's
    // n-th. Only a message beyond those the peer had begun before it is charged.
    ++own_messages_begun_;
    if (peer_eof_)
      add(rule::send_open_state, Grade::violation, "started a message after the connection was closed");
    else if (close_reply_owed_ && own_messages_begun_ > peer_messages_before_close_)
      add(rule::close_reply_promptly, Grade::lenient, "started a new message before answering the peer's Close");
    if (!pongs_owed_.empty() && own_messages_begun_ > pongs_owed_.front().after_messages)
      add(rule::ping_reply_promptly, Grade::lenient, "started a message while a Pong was owed");
    out_message_open_ = true;
    out_message_type_ = h.op;
    out_utf8_ = Utf8Validator{};
    out_message_compressed_ = own_inflater_ && h.rsv1;
    out_message_data_.clear();
  }
  if (h.fin) out_message_open_ = false;
}

void Endpoint::on_sent_payload(const PayloadDecoded& p) {
  if (is_control(out_header_.op)) {
    out_control_payload_.insert(out_control_payload_.end(), p.data.begin(), p.data.end());
  } else if (out_message_compressed_) {
    out_message_data_.insert(out_message_data_.end(), p.data.begin(), p.data.end());
  } else if (out_message_type_ == opcode::text && !is_reserved(out_header_.op)) {
    // §5.6 a text message is UTF-8 as a whole; a frame may end inside a sequence, but once no
    // continuation can make the octets sent so far valid, the message is already invalid.
    const bool was_invalid = out_utf8_.error().has_value();
    if (out_utf8_.feed(p.data) && !was_invalid)
      add(rule::text_utf8, Grade::violation, "sent text that no continuation can make valid UTF-8");
  }
}

void Endpoint::on_sent_frame_complete() {
  const FrameHeader& h = out_header_;
  if (!is_control(h.op)) {
    if (h.fin && out_message_compressed_ && !is_reserved(h.op)) return pmd_sent_message_complete();
    if (h.fin && out_message_type_ == opcode::text && !is_reserved(h.op) && !out_utf8_.error() && out_utf8_.finish())
      add(rule::text_utf8, Grade::violation, "sent a text message that is not valid UTF-8");
    return;
  }
  if (h.op == opcode::close) return on_sent_close(out_control_payload_);
  if (h.op == opcode::pong) {
    // §5.5.3 a Pong answers the Ping with the same data; answering the latest answers all
    // before it (pong.latest-only). Anything else is unsolicited, which is fine.
    auto it = std::find_if(pongs_owed_.rbegin(), pongs_owed_.rend(),
                           [&](const OwedPong& p) { return p.payload == out_control_payload_; });
    if (it != pongs_owed_.rend()) {
      pongs_owed_.erase(pongs_owed_.begin(), it.base());
    } else if (!pongs_owed_.empty()) {
      ++unmatched_pongs_sent_;
    }
    // A Pong for a Ping that came after the input the endpoint must fail on: more Pongs with
    // this payload than Pings that came before the fault (payloads can repeat, so count).
    const std::size_t sent = ++pongs_sent_[out_control_payload_];
    const auto among = [&](const std::vector<Bytes>& pings) {
      return std::find(pings.begin(), pings.end(), out_control_payload_) != pings.end();
    };
    if (sent > pings_before_cause_[out_control_payload_]) {
      if (among(pings_after_cause_))
        add(rule::fail_stop_processing, Grade::violation, "answered a Ping that came after the input it had to fail on");
      else if (among(pings_in_lenient_window_))
        add(rule::fail_stop_processing, Grade::lenient,
            "answered a Ping that came while the message holding invalid UTF-8 was still arriving (validating at the "
            "message's end, §8.1 allows it; failing fast would have stopped here)");
    }
  }
}

void Endpoint::check_sent_close_code(std::uint16_t c) {
  using namespace numeric;
  if (close_code_valid(c)) {
    if (c == close_code::mandatory_extension && role_ == Role::server)
      add(rule::close_code_1010_client_only, Grade::lenient, "server sent close code 1010");
    return;
  }
  if (close_code_not_sendable(c))
    add(rule::close_code_not_sendable, Grade::violation, "sent close code " + std::to_string(c));
  else if (close_code_in_unused_range(c))
    add(rule::close_code_unused_range, Grade::violation, "sent close code " + std::to_string(c));
  else if (close_code_is_reserved_1004(c))
    add(rule::close_code_reserved_1004, Grade::violation, "sent reserved close code 1004");
  else if (close_code_unassigned(c))
    add(rule::close_code_unassigned, Grade::violation, "sent unassigned close code " + std::to_string(c));
  else
    add(rule::close_code_beyond_4999, Grade::informational, "sent close code " + std::to_string(c));
}

void Endpoint::on_sent_close(const Bytes& payload) {
  if (sent_close_) {
    add(rule::close_once, Grade::lenient, "sent a second Close frame");
    return;
  }
  std::optional<std::uint16_t> code;
  if (payload.size() == 1) {
    add(rule::close_payload_code_first, Grade::violation, "sent a one-octet Close body");
  } else if (payload.size() >= 2) {
    code = read_code(payload);
    check_sent_close_code(*code);
    if (validate_utf8(std::span(payload).subspan(2)))
      add(rule::close_reason_utf8, Grade::violation, "sent a close reason that is not UTF-8");
  }
  // A Close with an error code may answer what a compressed message inflated to so far; a
  // normal one is the endpoint's own decision (zlib-based endpoints see corruption later than
  // the model's reader, so nothing is owed for it yet).
  if (code && *code != close_code::normal) pmd_reveal_partial_cause();
  sent_close_ = true;
  if (peer_close_received_ && tcp_close_owed_since_ < 0) tcp_close_owed_since_ = now_;

  if (failed_) return;
  const bool cause_code =
      cause_ && code && std::find(cause_->codes.begin(), cause_->codes.end(), *code) != cause_->codes.end();
  // A cause from a header not yet whole: an endpoint that reads headers whole has not seen it,
  // so a Close of its own that does not carry the cause's code is its own decision; after it,
  // it owes nothing for input it may no longer read (close.may-stop-processing-after-sent).
  if (cause_ && cause_->provisional && !cause_code) {
    cause_.reset();
    early_cause_frame_.reset();
  }
  // Likewise a cause in a frame still arriving (its header, or a Close body that is invalid
  // before its end): an endpoint that reads a frame whole has not seen it, and a normal Close
  // (1000) of its own is its own closing handshake. Failing at once was the strict reading.
  if (cause_ && !cause_->accepting && code == close_code::normal && !cause_code && peer_octets_ <= cause_->strict_until &&
      cause_->strict_until > cause_->detected_at) {
    add(cause_->rules.front(), Grade::lenient,
        "started its own closing handshake while the frame that broke " + std::string(cause_->rules.front().value) +
            " was still arriving (it may read a frame whole before judging it; failing at once is the strict reading)");
    cause_.reset();
  }
  if (cause_) {
    // Where the cause is latitude, a Close fails the connection when it carries the cause's code,
    // or when it answers nothing and carries an error code (1009 where 1002 was appropriate);
    // a normal reply, or a normal Close of its own, carries on.
    const bool own_error_close = !close_reply_owed_ && code && *code != close_code::normal;
    if (!cause_->accepting || cause_code || own_error_close) return judge_failure(code, false);
    note_latitude_taken();  // it carried on where the RFC lets it (a normal reply to 1004, say)
    accepted_latitude_ = true;
    cause_.reset();
  }
  if (close_reply_owed_) return judge_close_reply(code);
  judge_endpoint_initiated_close(code);
}

// The endpoint failed the connection (Close for the cause, or a TCP close).
void Endpoint::judge_failure(std::optional<std::uint16_t> code, bool by_tcp_close) {
  failed_ = true;
  fail_time_ = now_;
  close_reply_owed_ = false;
  pongs_owed_.clear();
  const FailCause& c = *cause_;
  // When: by the chunk holding strict_until is strict; by the one ending the lenient window
  // (the end of the message, for UTF-8) is lenient; later is acting on data it should not have.
  const double allowance = options_.latency_allowance;
  const bool strict_in_time = cause_chunk_strict_ == 0 || chunk_index_ <= cause_chunk_strict_ ||
                              (allowance > 0 && now_ - cause_time_strict_ <= allowance);
  if (!strict_in_time) {
    const bool lenient_in_time = c.lenient_window &&
                                 (cause_chunk_lenient_ == 0 || chunk_index_ <= cause_chunk_lenient_ ||
                                  (allowance > 0 && now_ - cause_time_lenient_ <= allowance));
    if (lenient_in_time)
      add(rule::utf8_fail_fast, Grade::lenient,
          "failed at the end of the message, not at the first invalid octet (offset " +
              std::to_string(c.detected_at) + ")");
    else
      add(rule::invalid_validate, Grade::violation,
          "failed only after more input arrived past the invalid data at offset " +
              std::to_string(c.detected_at));
  }
  if (by_tcp_close) return;  // fail.may-omit-close, invalid.may-drop-tcp: allowed
  if (code == close_code::normal) {
    // A normal closure (1000) after invalid input cannot be told from not having noticed it.
    add(c.rules.front(), Grade::violation,
        "closed normally (1000) after the peer broke " + std::string(c.rules.front().value) +
            ": the error went undetected");
  } else if (!code) {
    add(rule::fail_appropriate_code, Grade::lenient, "failed with a Close frame without a code");
  } else if (std::find(c.codes.begin(), c.codes.end(), *code) == c.codes.end() &&
             numeric::close_code_valid(*code)) {
    add(rule::fail_appropriate_code, Grade::lenient,
        "failed with close code " + std::to_string(*code) + " where " +
            std::to_string(c.codes.front()) + " is the appropriate one");
  }
}

// The endpoint took the latitude its cause allowed; worth a finding unless that is as strict
// as failing (a close code from the IANA registry).
void Endpoint::note_latitude_taken() {
  if (*cause_->accepting != Grade::strict)
    add(cause_->rules.front(), *cause_->accepting,
        "accepted instead of failing: " + std::string(describe(cause_->rules.front()).statement));
}

void Endpoint::judge_close_reply(std::optional<std::uint16_t> code) {
  close_reply_owed_ = false;
  // close.reply-code: echo, 1000 or no code are exact; another valid code is less so.
  if (code && *code != close_code::normal && code != peer_close_code_ && numeric::close_code_valid(*code))
    add(rule::close_reply_code, Grade::lenient,
        "replied " + code_text(code) + " to close code " + code_text(peer_close_code_));
}

void Endpoint::judge_endpoint_initiated_close(std::optional<std::uint16_t> code) {
  // The input gave no cause, so the Close is the endpoint's own decision.
  if (code == close_code::protocol_error || code == close_code::invalid_payload) {
    add(rule::fragment_receive_any_split, Grade::violation,
        "failed with " + code_text(code) + " on input that was valid");
  } else if (code == close_code::message_too_big) {
    add(rule::limits_message_too_big, Grade::informational, "closed with 1009: an own size limit");
  } else if (role_ == Role::client) {
    add(rule::closing_client_should_not_initiate, Grade::lenient, "client started the closing handshake");
  }
}

void Endpoint::endpoint_closed_tcp() {
  if (endpoint_closed_tcp_) return;
  if (!sent_close_) pmd_reveal_partial_cause();  // a drop may be a failure over what was inflated
  if (cause_ && !failed_) {
    judge_failure(std::nullopt, true);
  } else if (!failed_ && !peer_eof_) {
    if (close_reply_owed_) {
      add(rule::close_reply, Grade::violation, "closed TCP without answering the peer's Close");
      close_reply_owed_ = false;
    } else if (!sent_close_ && !peer_close_received_) {
      add(rule::closing_start_with_close_frame, Grade::violation, "dropped TCP on an open connection without cause");
    } else if (sent_close_ && !peer_close_received_) {
      add(rule::state_closed_cleanly, Grade::lenient, "closed TCP before the peer answered its Close");
    } else if (role_ == Role::client && !waited_) {
      add(rule::close_client_waits_for_server, Grade::lenient, "client closed TCP before the server did");
    } else if (role_ == Role::server && waited_ && sent_close_ && peer_close_received_) {
      // §7.1.1: after sending and receiving a Close the server SHOULD close TCP immediately.
      add(rule::close_server_closes_tcp, Grade::lenient,
          "server closed TCP only when its timer ran out, not at once after the closing handshake");
    }
  }
  // Closing only once the peer gave up waiting and closed first answers the peer's close, not
  // what was owed before it (§7.1.7, §5.5.1): the debt stands.
  closed_after_peer_gave_up_ = peer_eof_ && peer_gave_up_;
  endpoint_closed_tcp_ = true;
}

void Endpoint::endpoint_delivered(opcode type, std::span<const std::uint8_t> data) {
  // Messages the endpoint may drop (after its own Close) are skipped if it did not deliver them.
  const auto pending = [&] { return delivered_ < to_deliver_.size(); };
  const auto take = [&] {
    ReceivedMessage m = std::move(to_deliver_[delivered_++]);
    if (delivered_ == to_deliver_.size()) {
      to_deliver_.clear();
      delivered_ = 0;
    }
    return m;
  };
  while (pending() && to_deliver_[delivered_].optional &&
         !(to_deliver_[delivered_].type == type &&
           std::equal(data.begin(), data.end(), to_deliver_[delivered_].data.begin(), to_deliver_[delivered_].data.end())))
    take();
  if (!pending()) {
    std::string why = "delivered a message the peer never completed";
    if (cause_ && !cause_->rules.empty())  // the message's frames broke a rule: name it
      why = "delivered a message built from input it had to fail on (" + std::string(cause_->rules.front().value) + ")";
    add(rule::invalid_validate, Grade::violation, std::move(why));
    return;
  }
  ReceivedMessage m = take();
  if (m.under_latitude && cause_ && cause_->accepting && !failed_) {
    // Delivering the message is taking the latitude (a non-minimal length accepted, §10.7):
    // noted now, not only if the trace ends with the connection open.
    note_latitude_taken();
    cause_.reset();
  }
  if (m.undeliverable) {
    add(*m.undeliverable, Grade::violation, "delivered a message it had to reject");
    return;
  }
  if (m.type != type) {
    add(rule::receive_message_assembly, Grade::violation,
        "delivered as " + std::string(name_of(type)) + ", received as " + std::string(name_of(m.type)));
  } else if (!std::equal(data.begin(), data.end(), m.data.begin(), m.data.end())) {
    Bytes still_masked = m.data;
    if (m.first_mask) apply_mask(still_masked, *m.first_mask);
    if (m.first_mask && std::equal(data.begin(), data.end(), still_masked.begin(), still_masked.end()))
      add(rule::receive_server_unmasks, Grade::violation, "delivered the data still masked");
    else if (m.fragments > 1)
      add(rule::fragment_order, Grade::violation, "delivered data is not the fragments concatenated in order");
    else
      add(rule::receive_message_assembly, Grade::violation, "delivered data differs from the frame's");
  }
}

bool Endpoint::cause_unfinished_at_end() const {
  const bool in_cause_frame = !in_decoder_.at_frame_boundary() && !in_decoder_.stopped() && cause_->detected_at >= in_frame_start_;
  // A header whose 64-bit length stopped decoding (§5.2) but whose mask key never came: an
  // endpoint that reads a header whole before judging it never had it whole.
  const bool in_stopped_header = in_decoder_.stopped() && peer_octets_ < in_decoder_.stopped_header_end() &&
                                 cause_->detected_at + 14 >= in_decoder_.stopped_header_end();
  return in_cause_frame || in_stopped_header || (cause_->lenient_window && !cause_->lenient_until);
}

void Endpoint::finish() {
  if (finished_) return;
  finished_ = true;
  if (cause_ && !failed_ && !cause_->provisional) {
    if (cause_->accepting) {
      note_latitude_taken();
    } else if (cause_unfinished_at_end()) {
      // The frame or message that broke the rule never arrived whole: an endpoint that reads a
      // frame (or a message) whole before acting on it had nothing to act on yet. Failing at
      // once was the strict reading; not having failed is no violation.
      add(cause_->rules.front(), Grade::lenient,
          "had not failed the connection when the trace ended inside the frame or message that broke " +
              std::string(cause_->rules.front().value) + " (it may read it whole before acting)");
    } else {
      add(cause_->rules.front(), Grade::violation,
          "never failed the connection after the peer broke " + std::string(cause_->rules.front().value));
    }
  }
  if (close_reply_owed_) add(rule::close_reply, Grade::violation, "never answered the peer's Close");
  if (!pongs_owed_.empty() && !failed_) {
    if (unmatched_pongs_sent_ > 0)
      add(rule::pong_payload_echo, Grade::violation, "sent a Pong whose data matches no Ping it answers");
    else
      add(rule::ping_reply, Grade::violation, std::to_string(pongs_owed_.size()) + " Ping(s) never answered");
  }
  // A peer that closed TCP only after waiting for the endpoint to do it (§7.1.7, §5.5.1)
  // did not relieve it of closing.
  const bool tcp_close_owed = (!endpoint_closed_tcp_ || closed_after_peer_gave_up_) && (!peer_eof_ || peer_gave_up_);
  if (failed_ && tcp_close_owed)
    add(rule::fail_close_tcp, Grade::violation,
        peer_eof_ ? "failed the connection but left TCP open until the peer gave up waiting"
                  : "failed the connection but never closed TCP");
  else if (sent_close_ && peer_close_received_ && tcp_close_owed && (role_ == Role::server || !peer_eof_))
    add(role_ == Role::server ? rule::close_server_closes_tcp : rule::close_tcp_after_handshake,
        Grade::violation,
        peer_eof_ ? "closing handshake done but TCP left open until the peer gave up waiting"
                  : "closing handshake done but TCP left open");
  if (role_ == Role::client && peer_eof_ && !endpoint_closed_tcp_ && !sent_close_ && !failed_)
    add(rule::abnormal_client_fails_on_tcp_loss, Grade::violation, "TCP lost but the client kept the connection");
}

// ---- what may happen next ---------------------------------------------------------------

std::vector<Behaviour> Endpoint::allowed() const {
  std::vector<Behaviour> out;
  if (endpoint_closed_tcp_) return out;
  const Step tcp{Step::Kind::close_tcp, {}, false, {}};

  if (cause_ && !failed_) {
    std::ostringstream codes;
    for (std::size_t i = 0; i < cause_->codes.size(); ++i) codes << (i ? " or " : "") << cause_->codes[i];
    std::vector<RuleId> why = cause_->rules;
    why.push_back(rule::fail_send_close_first);
    out.push_back({"send Close " + codes.str() + ", then close TCP",
                   {Step{Step::Kind::send_close, cause_->codes, false, {}}, tcp}, Grade::strict, why});
    why = cause_->rules;
    why.push_back(rule::fail_may_omit_close);
    why.push_back(rule::invalid_may_drop_tcp);
    out.push_back({"close TCP without a Close frame", {tcp}, Grade::strict, why});
    if (cause_->lenient_window && cause_chunk_lenient_ == 0)
      out.push_back({"read on to the end of the message, then fail",
                     {Step{Step::Kind::keep_going, {}, false, {}}}, Grade::lenient,
                     {rule::utf8_fail_fast}});
    if (cause_->provisional)
      out.push_back({"read the rest of the frame header first", {Step{Step::Kind::keep_going, {}, false, {}}},
                     Grade::strict, {cause_->rules.front()}});
    if (cause_->accepting)
      out.push_back({"carry on as if the input were valid", {Step{Step::Kind::keep_going, {}, false, {}}},
                     *cause_->accepting, {cause_->rules.front()}});
    return out;
  }

  std::vector<Step> steps;
  std::vector<RuleId> why;
  std::string summary;
  if (!pongs_owed_.empty()) {
    // The strictest answer is a Pong per Ping, in order; pong.latest-only allows just the last.
    for (const auto& owed : pongs_owed_) steps.push_back(Step{Step::Kind::send_pong, {}, false, owed.payload});
    why.push_back(rule::ping_reply);
    if (pongs_owed_.size() > 1) why.push_back(rule::pong_latest_only);
    summary = pongs_owed_.size() > 1 ? "send a Pong for each Ping" : "send Pong";
  }
  if (close_reply_owed_) {
    std::vector<std::uint16_t> codes{close_code::normal};
    // Echoing is exact, except a server echoing 1010 (close.code.1010-client-only).
    if (peer_close_code_ && *peer_close_code_ != close_code::normal && numeric::close_code_valid(*peer_close_code_) &&
        !(role_ == Role::server && *peer_close_code_ == close_code::mandatory_extension))
      codes.push_back(*peer_close_code_);
    steps.push_back(Step{Step::Kind::send_close, codes, true, {}});
    why.push_back(rule::close_reply);
    why.push_back(rule::close_reply_code);
    summary += std::string(summary.empty() ? "" : ", then ") + "send the Close reply";
    if (role_ == Role::server) {
      steps.push_back(tcp);
      why.push_back(rule::close_server_closes_tcp);
      summary += ", then close TCP";
    }
  } else if (sent_close_ && peer_close_received_ && !peer_eof_) {
    if (role_ == Role::server) {
      steps.push_back(tcp);
      why.push_back(rule::close_server_closes_tcp);
      summary += std::string(summary.empty() ? "" : ", then ") + "close TCP";
    } else {
      out.push_back({"wait for the server to close TCP", {Step{Step::Kind::keep_going, {}, false, {}}},
                     Grade::strict, {rule::close_client_waits_for_server}});
      out.push_back({"close TCP (after a reasonable time)", {tcp}, Grade::lenient,
                     {rule::close_client_waits_for_server, rule::close_tcp_after_handshake}});
      return out;
    }
  } else if (peer_eof_ && role_ == Role::client && !sent_close_) {
    steps.push_back(tcp);
    why.push_back(rule::abnormal_client_fails_on_tcp_loss);
    summary += std::string(summary.empty() ? "" : ", then ") + "close TCP";
  }
  if (steps.empty()) {
    out.push_back({"carry on: nothing is owed", {Step{Step::Kind::keep_going, {}, false, {}}}, Grade::strict, {}});
  } else {
    out.push_back({summary, steps, Grade::strict, why});
  }
  return out;
}

}  // namespace wsconform::model
