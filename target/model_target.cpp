#include "target/model_target.hpp"

#include <algorithm>

#include "model/handshake.hpp"
#include "model/pmd_negotiation.hpp"

namespace wsconform::target {

ModelTarget::ModelTarget(ModelTargetKnobs knobs)
    : knobs_(std::move(knobs)), endpoint_(model::Role::server, model::Options{.max_message_size = knobs_.max_message_size}) {}

// RFC 7692 §7: the first permessage-deflate offer that is valid is accepted as offered (its
// messages are then read compressed; this peer's own go out uncompressed, which §6 allows);
// invalid ones are declined. Returns the response's header line, or nothing.
std::string ModelTarget::accept_deflate(std::string_view request) {
  const auto offers = model::read_offer_header(model::header_field(request, "Sec-WebSocket-Extensions").value_or(""));
  if (offers.error) return {};
  for (const auto& reading : offers.offers) {
    if (!reading.offer) continue;
    const auto element = model::accept_offer(*reading.offer, model::PmdServerPolicy{});
    if (!element) continue;
    const auto agreement = model::read_response(*element, *reading.offer).agreement;
    if (!agreement) continue;
    endpoint_ = model::Endpoint(model::Role::server,
                                model::Options{.max_message_size = knobs_.max_message_size, .permessage_deflate = agreement});
    return "Sec-WebSocket-Extensions: " + model::to_header(*element) + "\r\n";
  }
  return {};
}

void ModelTarget::send_close(std::uint16_t code) {
  const Bytes body = {static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code)};
  send(model::opcode::close, body);
}

void ModelTarget::send(model::opcode op, std::span<const std::uint8_t> payload) {
  const Bytes frame = model::encode_frame(model::make_header(op, payload.size()), payload);  // §5.1 servers do not mask
  endpoint_.endpoint_sent(frame);
  out_.insert(out_.end(), frame.begin(), frame.end());
}

void ModelTarget::close_tcp() {
  if (closed_) return;
  closed_ = true;
  if (open_) endpoint_.endpoint_closed_tcp();
}

void ModelTarget::receive(std::span<const std::uint8_t> octets) {
  if (closed_) return;
  if (!open_) {
    request_.append(octets.begin(), octets.end());
    const auto end = request_.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (request_.size() > 16384) close_tcp();
      return;
    }
    const std::string_view head = std::string_view(request_).substr(0, end + 4);
    const auto ruling = model::rule_on_request(head);
    std::string response = ruling.response;
    if (ruling.accept) response.insert(response.size() - 2, accept_deflate(head));
    out_.insert(out_.end(), response.begin(), response.end());
    if (!ruling.accept) return close_tcp();
    open_ = true;
    const std::string rest = request_.substr(end + 4);
    request_.clear();
    if (rest.empty()) return;
    endpoint_.peer_sent(std::span(reinterpret_cast<const std::uint8_t*>(rest.data()), rest.size()));
  } else {
    endpoint_.peer_sent(octets);
  }
  act();
}

void ModelTarget::receive_eof() {
  if (closed_) return;
  if (open_) endpoint_.peer_closed_tcp();
  close_tcp();  // nothing more can come; a server closes its side
}

void ModelTarget::act() {
  // Pongs first: §5.5.2 wants them as soon as practical, before any echo.
  if (!endpoint_.fail_cause()) {
    const auto allowed = endpoint_.allowed();
    if (!allowed.empty() && allowed.front().grade == model::Grade::strict)
      for (const auto& step : allowed.front().steps) {
        if (step.kind != model::Step::Kind::send_pong) break;
        send(model::opcode::pong, step.payload);
      }
  }
  // The application: every message the model says may be delivered is delivered and echoed,
  // while the connection is still open for sending.
  while (!endpoint_.undelivered().empty()) {
    const model::ReceivedMessage m = endpoint_.undelivered().front();
    if (m.undeliverable) break;
    // Delivering a message that broke a rule the endpoint may accept is taking that latitude:
    // the strict reference fails instead, unless a knob says to accept.
    const auto& cause = endpoint_.fail_cause();
    if (m.under_latitude && cause && cause->accepting && *cause->accepting != model::Grade::strict && !knobs_.accept_where_allowed) break;
    endpoint_.endpoint_delivered(m.type, m.data);
    deliveries_.push_back({m.type == model::opcode::text, m.data});
    if (endpoint_.state() == model::ConnState::open) send(m.type, m.data);
  }
  // The protocol: the first strict behaviour, step by step (unless a knob says otherwise).
  for (int guard = 0; guard < 16 && !closed_; ++guard) {
    const auto allowed = endpoint_.allowed();
    if (const auto& cause = endpoint_.fail_cause(); cause && !closed_) {
      // Carry on as if the input were valid where a knob says so, or where that is as strict as
      // failing (a close code from the IANA registry): a Close with a doubtful code gets a
      // normal reply, one with a registered code its echo.
      const bool accept_strictly = cause->accepting == model::Grade::strict;
      if (cause->accepting && (knobs_.accept_where_allowed || accept_strictly)) {
        if (endpoint_.connection_close_code() != 1006) {
          send_close(accept_strictly ? endpoint_.connection_close_code() : std::uint16_t{1000});
          close_tcp();
        }
        return;
      }
      if (knobs_.utf8_at_message_end && cause->lenient_window &&
          std::any_of(allowed.begin(), allowed.end(), [](const model::Behaviour& b) { return b.grade == model::Grade::lenient; }))
        return;  // read on to the end of the message before failing
    }
    if (knobs_.ignore_close && endpoint_.state() == model::ConnState::closing && !endpoint_.fail_cause()) return;
    const model::Behaviour* pick = nullptr;
    for (const auto& b : allowed)
      if (b.grade == model::Grade::strict) {
        pick = &b;
        break;
      }
    if (!pick || pick->steps.front().kind == model::Step::Kind::keep_going) return;
    for (const auto& step : pick->steps) {
      switch (step.kind) {
        case model::Step::Kind::send_pong:
          send(model::opcode::pong, step.payload);
          break;
        case model::Step::Kind::send_close: {
          // Echo the peer's code when it is one of those allowed, else the first allowed one.
          Bytes body;
          const std::uint16_t received = endpoint_.connection_close_code();
          const bool echo = std::find(step.close_codes.begin(), step.close_codes.end(), received) != step.close_codes.end();
          if (step.close_code_may_be_absent && received == 1005) {
            // an empty Close answers an empty Close
          } else {
            const std::uint16_t code = echo ? received : step.close_codes.front();
            body = {static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code)};
          }
          send(model::opcode::close, body);
          break;
        }
        case model::Step::Kind::close_tcp:
          close_tcp();
          break;
        case model::Step::Kind::keep_going:
          break;
      }
    }
  }
}

Bytes ModelTarget::take_output() {
  Bytes out;
  out.swap(out_);
  return out;
}

std::vector<Delivery> ModelTarget::take_deliveries() {
  std::vector<Delivery> d;
  d.swap(deliveries_);
  return d;
}

}  // namespace wsconform::target
