// The tester's writes, shaped as Autobahn shapes them (sync, chops, bursts), and its reading
// of the target's frames with Autobahn's checks.
#include <algorithm>

#include "model/numeric_rules.hpp"
#include "runner/tester_session.hpp"

namespace wsconform::runner::detail {

void Tester::write(Bytes data, bool sync, std::optional<std::size_t> chop) {
  if (state_ == State::closed) return;
  if (chop && *chop > 0) {
    for (std::size_t i = 0; i < data.size(); i += *chop)
      queue_.push_back({Bytes(data.begin() + static_cast<std::ptrdiff_t>(i),
                              data.begin() + static_cast<std::ptrdiff_t>(std::min(data.size(), i + *chop))),
                        true});
    trigger();
  } else if (sync || !queue_.empty()) {
    queue_.push_back({std::move(data), sync});
    trigger();
  } else {
    log(octets_row(WireEntry::Kind::tx_octets, data, false));
    ++run_.tx_octet_stats[data.size()];
    burst_.insert(burst_.end(), data.begin(), data.end());
  }
}

void Tester::trigger() {
  if (send_scheduled_) return;
  send_scheduled_ = true;
  at(now_, [this] { send_next(); });
}

void Tester::send_next() {
  send_scheduled_ = false;
  if (queue_.empty() || state_ == State::closed) return;
  auto [data, sync] = std::move(queue_.front());
  queue_.pop_front();
  flush_burst();
  log(octets_row(WireEntry::Kind::tx_octets, data, sync));
  ++run_.tx_octet_stats[data.size()];
  deliver(data);
  if (!queue_.empty()) {
    send_scheduled_ = true;
    at(now_ + (target_.realtime() ? opt_.realtime_chop_delay : opt_.chop_delay), [this] { send_next(); });
  }
}

void Tester::flush_burst() {
  if (burst_.empty()) return;
  Bytes b;
  b.swap(burst_);
  deliver(b);
}

void Tester::deliver(const Bytes& chunk) {
  if (state_ == State::closed && !handshake_phase_) return;
  trace(TraceStep::Kind::tester_wrote, chunk);
  (state_ == State::connecting ? run_.traffic.preopen_outgoing_wire : run_.traffic.outgoing_wire) += chunk.size();
  for (std::uint8_t b : chunk) run_.tester_digest = (run_.tester_digest ^ b) * 0x100000001b3ull;
  target_.receive(chunk);
  pump();
}

void Tester::settle() {
  for (int guard = 0; !burst_.empty() && guard < 1000000; ++guard) flush_burst();
}

void Tester::pump() {
  if (done_) return;
  for (auto& d : target_.take_deliveries()) trace(TraceStep::Kind::delivered, d.data, d.text);
  Bytes out = target_.take_output();
  if (!out.empty()) {
    trace(TraceStep::Kind::target_wrote, out);
    on_read(out);
  }
  if (target_.closed_tcp() && !done_) {
    trace(TraceStep::Kind::target_closed);
    connection_lost();
  }
}

void Tester::on_read(const Bytes& chunk) {
  log(octets_row(WireEntry::Kind::rx_octets, chunk, false));
  ++run_.rx_octet_stats[chunk.size()];
  (state_ == State::connecting ? run_.traffic.preopen_incoming_wire : run_.traffic.incoming_wire) += chunk.size();
  if (state_ == State::connecting) return handshake_read(chunk);
  if (state_ == State::closed) return;
  std::vector<model::DecodeEvent> events;
  decoder_.feed(chunk, events);
  for (auto& e : events) {
    if (done_ || state_ == State::closed) return;
    if (auto* h = std::get_if<model::HeaderDecoded>(&e)) {
      frame_header_ = h->header;
      frame_payload_.clear();
      frame_ok_ = check_header(h->header);
      if (frame_ok_ && !model::is_control(h->header.op) && h->header.op != model::opcode::continuation) {
        message_.clear();
        message_binary_ = h->header.op == model::opcode::binary;
        message_utf8_ = model::Utf8Validator{};
        message_compressed_ = h->header.rsv1;
        in_message_ = true;
      }
    } else if (auto* p = std::get_if<model::PayloadDecoded>(&e)) {
      if (!frame_ok_) continue;
      if (model::is_control(frame_header_.op)) {
        frame_payload_.insert(frame_payload_.end(), p->data.begin(), p->data.end());
      } else {
        if (run_.create_wirelog && frame_payload_.size() < kLogMax)
          frame_payload_.insert(frame_payload_.end(), p->data.begin(),
                                p->data.begin() + static_cast<std::ptrdiff_t>(std::min(p->data.size(), kLogMax)));
        message_.insert(message_.end(), p->data.begin(), p->data.end());
        // Autobahn validates incoming text as it arrives and fails fast with 1007 (compressed
        // text once it is inflated).
        if (!message_binary_ && !message_compressed_ && !failed_by_me_utf8_ && message_utf8_.feed(p->data)) {
          failed_by_me_utf8_ = true;
          fail_connection(1007, "encountered invalid UTF-8 while processing text message");
        }
      }
    } else if (std::holds_alternative<model::FrameComplete>(e)) {
      on_frame_complete();
    } else if (std::holds_alternative<model::DecodeStopped>(e)) {
      protocol_violation("invalid data frame length (>2^63)");
      return;
    }
  }
}

bool Tester::check_header(const model::FrameHeader& h) {
  // RFC 7692 §6: with permessage-deflate agreed, RSV1 marks a compressed message on its first frame.
  const bool compressed_start = pmd_ && h.rsv() == 4 && !model::is_control(h.op) && h.op != model::opcode::continuation;
  if (pmd_ && h.rsv1 && !compressed_start && h.rsv() == 4)
    return protocol_violation(model::is_control(h.op) ? "RSV1 set on a control frame" : "RSV1 set on a continuation frame");
  if (h.rsv() != 0 && !compressed_start) return protocol_violation("RSV = " + std::to_string(h.rsv()) + " and no extension negotiated");
  if (!opt_.as_server && h.masked) return protocol_violation("masked server-to-client frame");
  if (opt_.as_server && !h.masked) return protocol_violation("unmasked client-to-server frame");
  if (model::is_control(h.op)) {
    if (!h.fin) return protocol_violation("fragmented control frame");
    if (h.payload_length > 125) return protocol_violation("control frame with payload length > 125 octets");
    if (model::is_reserved(h.op)) return protocol_violation("control frame using reserved opcode");
    if (h.op == model::opcode::close && h.payload_length == 1) return protocol_violation("received close control frame with payload len 1");
  } else {
    if (model::is_reserved(h.op)) return protocol_violation("data frame using reserved opcode");
    if (h.op == model::opcode::continuation && !in_message_) return protocol_violation("received continuation data frame outside fragmented message");
    if (h.op != model::opcode::continuation && in_message_) return protocol_violation("received non-continuation data frame while inside fragmented message");
  }
  if (!model::numeric::length_encoding_minimal(h.form, h.payload_length))
    return protocol_violation("invalid data frame length (not using minimal length encoding)");
  return true;
}

void Tester::on_frame_complete() {
  const model::FrameHeader& h = frame_header_;
  ++run_.rx_frame_stats[static_cast<int>(h.op)];
  ++run_.traffic.incoming_frames;
  if (!model::is_control(h.op)) run_.traffic.incoming_websocket += h.payload_length;
  WireEntry rf = row(WireEntry::Kind::rx_frame);
  rf.octets = head(frame_payload_);
  rf.length = static_cast<std::size_t>(h.payload_length);
  rf.opcode = static_cast<std::uint8_t>(h.op);
  rf.fin = h.fin;
  rf.rsv = h.rsv();
  rf.masked = h.masked;
  log(std::move(rf));
  if (!frame_ok_) return;
  switch (h.op) {
    case model::opcode::close: {
      std::optional<std::uint16_t> code;
      std::optional<Bytes> reason;
      if (frame_payload_.size() >= 2) {
        code = static_cast<std::uint16_t>((frame_payload_[0] << 8) | frame_payload_[1]);
        if (frame_payload_.size() > 2) reason = Bytes(frame_payload_.begin() + 2, frame_payload_.end());
      }
      return on_close_frame(code, reason);
    }
    case model::opcode::ping:
      if (state_ == State::open) send_raw_frame(10, frame_payload_, true, 0, std::nullopt, false);  // auto-Pong
      return on_event({Event::Kind::ping, frame_payload_, false});
    case model::opcode::pong:
      return on_event({Event::Kind::pong, frame_payload_, false});
    default:
      break;
  }
  if (!h.fin) return;
  in_message_ = false;
  if (message_compressed_) {
    std::string detail;
    const auto inflated = deflate_->inflate(message_, inflated_, opt_.max_inflated_size, detail);
    if (inflated != TesterDeflate::Inflated::ok)
      return fail_connection(inflated == TesterDeflate::Inflated::too_large ? 1009 : 1007, detail);
    message_.swap(inflated_);
    if (!message_binary_ && !failed_by_me_utf8_ && message_utf8_.feed(message_)) {
      failed_by_me_utf8_ = true;
      fail_connection(1007, "encountered invalid UTF-8 while processing text message");
    }
  }
  if (!message_binary_ && !failed_by_me_utf8_ && !message_utf8_.at_boundary()) {
    failed_by_me_utf8_ = true;
    fail_connection(1007, "UTF-8 text message payload ended within Unicode code point");
  }
  if (failed_by_me_) return;  // Autobahn delivers no message once it failed the connection
  ++run_.traffic.incoming_messages;
  run_.traffic.incoming_app += message_.size();
  on_message(std::move(message_), message_binary_);
  message_.clear();
}

}  // namespace wsconform::runner::detail
