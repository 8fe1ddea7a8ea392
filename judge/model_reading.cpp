#include "judge/verdict.hpp"

#include "model/handshake.hpp"
#include "model/pmd_negotiation.hpp"

namespace wsconform::judge {

std::string behavior_of(model::Grade g) {
  switch (g) {
    case model::Grade::strict: return "OK";
    case model::Grade::lenient: return "NON-STRICT";
    case model::Grade::informational: return "INFORMATIONAL";
    case model::Grade::violation: return "FAILED";
  }
  return "FAILED";
}

bool diverges(const AutobahnVerdict& a, const ModelVerdict& m) {
  if (a.behavior == "INFORMATIONAL" || a.behavior == "UNIMPLEMENTED") return false;
  return a.behavior != m.behavior;
}

ModelReading::ModelReading(model::Role target_role, double latency_allowance, std::optional<std::uint64_t> max_message_size)
    : target_role_(target_role),
      options_{.negotiated_rsv = 0,
               .reserved_opcodes_negotiated = false,
               .latency_allowance = latency_allowance,
               .max_message_size = max_message_size},
      endpoint_(target_role, options_) {}

void ModelReading::read_negotiation() {
  negotiation_read_ = true;
  const bool server = target_role_ == model::Role::server;
  const std::string& request = server ? tester_head_ : target_head_;
  const std::string& response = server ? target_head_ : tester_head_;
  const auto answered = model::header_field(response, "Sec-WebSocket-Extensions");
  if (!answered) return;  // no extension in use
  std::vector<model::PmdOffer> offers;
  for (const auto& o : model::read_offer_header(model::header_field(request, "Sec-WebSocket-Extensions").value_or("")).offers)
    if (o.offer) offers.push_back(*o.offer);
  model::ResponseReading reading = model::read_response_header(*answered, offers);
  if (reading.fail && !server) client_must_fail_ = reading.fail, client_had_to_fail_ = true;
  if (reading.fail && server) {
    // The server answered against §7; the connection goes on as the tester took the answer (as
    // Autobahn's client takes any well-formed one), so the frames are read with what it says.
    const auto& r = model::describe(reading.fail->rule);
    negotiation_findings_.push_back({std::string(reading.fail->rule.value), std::string(r.section),
                                     std::string(model::to_string(model::Grade::violation)), reading.fail->detail, std::string(r.cites)});
    const auto list = model::parse_extensions(*answered);
    model::PmdOffer anything;
    anything.client_max_window_bits = true;
    if (!list.error && list.elements.size() == 1) reading = model::read_response(list.elements[0], anything);
  }
  if (!reading.agreement) return;
  options_.permessage_deflate = reading.agreement;
  endpoint_ = model::Endpoint(target_role_, options_);
}

std::span<const std::uint8_t> ModelReading::after_head(std::span<const std::uint8_t> octets, std::string& head, bool& done) {
  if (done) return octets;
  const std::size_t before = head.size();
  head.append(octets.begin(), octets.end());
  const auto end = head.find("\r\n\r\n");
  if (end == std::string::npos) return {};
  done = true;
  const std::size_t used = end + 4 - before;
  head.resize(end + 4);
  return octets.subspan(used);
}

void ModelReading::step(const runner::TraceStep& s) {
  using K = runner::TraceStep::Kind;
  endpoint_.at_time(s.time);
  switch (s.kind) {
    case K::tester_wrote: {
      const auto frames = after_head(s.octets, tester_head_, tester_head_done_);
      if (!negotiation_read_ && tester_head_done_ && target_head_done_) read_negotiation(), endpoint_.at_time(s.time);
      if (!frames.empty()) endpoint_.peer_sent(frames);
      break;
    }
    case K::target_wrote: {
      const auto frames = after_head(s.octets, target_head_, target_head_done_);
      if (!negotiation_read_ && tester_head_done_ && target_head_done_) read_negotiation(), endpoint_.at_time(s.time);
      if (client_must_fail_ && !frames.empty()) {
        const auto op = static_cast<model::opcode>(frames[0] & 0x0f);
        if (!model::is_control(op)) {
          const auto& r = model::describe(client_must_fail_->rule);
          negotiation_findings_.push_back({std::string(client_must_fail_->rule.value), std::string(r.section),
                                           std::string(model::to_string(model::Grade::violation)),
                                           "the client carried on (sent a data frame) after an answer it must fail the connection on: " +
                                               client_must_fail_->detail,
                                           std::string(r.cites)});
        }
        client_must_fail_.reset();
      }
      if (!frames.empty()) endpoint_.endpoint_sent(frames);
      break;
    }
    case K::tester_closed:
      endpoint_.peer_closed_tcp(s.after_waiting);
      break;
    case K::target_closed:
      if (target_head_done_) endpoint_.endpoint_closed_tcp();
      break;
    case K::delivered:
      endpoint_.endpoint_delivered(s.text ? model::opcode::text : model::opcode::binary, s.octets);
      break;
  }
}

namespace {
// A case whose connection never opened tested nothing of §5-§8: the finding names the §4
// requirement the target did not meet, with what the tester saw.
ModelFinding handshake_finding(model::Role target_role, const runner::CaseRun& run) {
  const bool server = target_role == model::Role::server;
  const auto failure = model::handshake_not_completed(server, server ? run.http_response : run.http_request,
                                                      run.was_open_handshake_timeout);
  const auto& r = model::describe(failure.rule);
  return {std::string(failure.rule.value), std::string(r.section), std::string(model::to_string(model::Grade::violation)),
          failure.detail, std::string(r.cites)};
}
}  // namespace

ModelVerdict ModelReading::finish(const runner::CaseRun& run) {
  endpoint_.finish();
  ModelVerdict v;
  if (!run.connection_was_open) {
    v.behavior = "FAILED";
    v.findings.push_back(handshake_finding(target_role_, run));
    return v;
  }
  if (client_had_to_fail_) {
    // RFC 7692 §7: the client fails the connection on this answer, by a Close or a drop, with
    // any code; only carrying on with data is wrong.
    v.behavior = negotiation_findings_.empty() ? "OK" : "FAILED";
    v.findings = negotiation_findings_;
    return v;
  }
  v.behavior = behavior_of(endpoint_.grade());
  v.findings = negotiation_findings_;
  if (!negotiation_findings_.empty()) v.behavior = "FAILED";
  bool first = true;
  for (const auto& f : endpoint_.findings()) {
    const auto& r = model::describe(f.rule);
    v.findings.push_back({std::string(f.rule.value), std::string(r.section), std::string(model::to_string(f.grade)), f.detail,
                          std::string(r.cites)});
    if (first && f.grade != model::Grade::strict) {
      v.first_departure_octet = f.peer_octets;
      first = false;
    }
  }
  return v;
}

}  // namespace wsconform::judge
