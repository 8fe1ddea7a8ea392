#include "judge/verdict.hpp"

#include "model/handshake.hpp"
#include "model/pmd_negotiation.hpp"

namespace wsconform::judge {

using cases::Behavior;

cases::Behavior behavior_of(model::Grade g) {
  switch (g) {
    case model::Grade::strict: return Behavior::ok;
    case model::Grade::lenient: return Behavior::non_strict;
    case model::Grade::informational: return Behavior::informational;
    case model::Grade::violation: return Behavior::failed;
  }
  return Behavior::failed;
}

bool diverges(const AutobahnVerdict& a, const ModelVerdict& m) {
  if (a.behavior == Behavior::informational || a.behavior == Behavior::unimplemented) return false;
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
  std::optional<model::PmdProblem> declined;  // the first offer element a server must decline
  for (const auto& o : model::read_offer_header(model::header_field(request, "Sec-WebSocket-Extensions").value_or("")).offers) {
    if (o.offer) offers.push_back(*o.offer);
    if (o.decline && !declined) declined = o.decline;
  }
  model::ResponseReading reading = model::read_response_header(*answered, offers);
  if (reading.fail && !server) client_must_fail_ = reading.fail, client_had_to_fail_ = true;
  if (reading.fail && server) {
    // The server answered against §7; the connection goes on as the tester took the answer (as
    // Autobahn's client takes any well-formed one), so the frames are read with what it says.
    // When the offer held an element the server must decline, an answer that fits none of the
    // valid ones most likely accepted that element: the finding says so.
    model::PmdProblem problem = *reading.fail;
    if (declined && problem.rule.value.rfind("pmd.", 0) == 0)
      problem = {model::rule::pmd_offer_decline_invalid, "the response fits none of the valid offers (" + problem.detail +
                                                              "): it seems to accept the element it must decline, where " + declined->detail};
    const auto& r = model::describe(problem.rule);
    negotiation_findings_.push_back({std::string(problem.rule.value), std::string(r.section),
                                     model::Grade::violation, problem.detail, std::string(r.cites)});
    const auto list = model::parse_extensions(*answered);
    model::PmdOffer anything;
    anything.client_max_window_bits = true;
    if (!list.error && list.elements.size() == 1) reading = model::read_response(list.elements[0], anything);
  }
  if (!reading.agreement) return;
  // A client bound to a 256-octet window may not be able to compress within it (zlib cannot):
  // failing the connection at once, before any data, is then what §7 asks of it.
  client_may_fail_ = !server && reading.agreement->client_max_window_bits == model::kMinWindowBits;
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
  if (keep_allowed_ && !violation_seen_ && s.kind != K::tester_wrote && s.kind != K::tester_closed) {
    auto before = endpoint_.allowed();
    record(s);
    if (endpoint_.grade() == model::Grade::violation) violation_seen_ = true, allowed_at_first_violation_ = std::move(before);
    return;
  }
  record(s);
}

void ModelReading::record(const runner::TraceStep& s) {
  using K = runner::TraceStep::Kind;
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
                                           model::Grade::violation,
                                           "the client carried on (sent a data frame) after an answer it must fail the connection on: " +
                                               client_must_fail_->detail,
                                           std::string(r.cites)});
        }
        client_must_fail_.reset();
      }
      if (client_may_fail_ && !frames.empty()) {
        client_failed_at_once_ = static_cast<model::opcode>(frames[0] & 0x0f) == model::opcode::close;
        client_may_fail_ = false;
      }
      if (!frames.empty()) endpoint_.endpoint_sent(frames);
      break;
    }
    case K::tester_closed:
      endpoint_.peer_closed_tcp(s.after_waiting);
      break;
    case K::target_closed:
      if (client_may_fail_) client_failed_at_once_ = true, client_may_fail_ = false;
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
  return {std::string(failure.rule.value), std::string(r.section), model::Grade::violation,
          failure.detail, std::string(r.cites)};
}
}  // namespace

// Where the case lets a server refuse (cases::RefusalLatitude): an HTTP answer other than 101
// graded as the case says; closing at once without any answer is a refusal in the wrong form
// (§4.2.1, §4.2.2 ask for an HTTP error) - NON-STRICT, never FAILED: it did not hang and accepted
// nothing it must not. No answer in time is no refusal.
std::optional<ModelFinding> ModelReading::refusal_finding(const runner::CaseRun& run) const {
  if (!refusal_ || target_role_ != model::Role::server || run.was_open_handshake_timeout) return std::nullopt;
  const bool answered = model::is_refusal(run.http_response);
  if (!answered && !run.http_response.empty()) return std::nullopt;
  const model::RuleId rule = answered ? refusal_->rule : model::rule::handshake_server_replies;
  const model::Grade g = answered && !refusal_->non_strict ? model::Grade::strict : model::Grade::lenient;
  const auto& r = model::describe(rule);
  const std::string detail = answered ? "the server refused the opening handshake: " + run.http_response.substr(0, run.http_response.find("\r\n"))
                                      : "the server closed the connection without answering the opening handshake (a refusal is an HTTP error)";
  return ModelFinding{std::string(rule.value), std::string(r.section), g, detail, std::string(r.cites)};
}

ModelVerdict ModelReading::finish(const runner::CaseRun& run) {
  endpoint_.finish();
  ModelVerdict v;
  if (const auto refused = run.connection_was_open ? std::nullopt : refusal_finding(run)) {
    v.behavior = refused->grade == model::Grade::strict ? Behavior::ok : Behavior::non_strict;
    v.findings.push_back(*refused);
    return v;
  }
  if (!run.connection_was_open && !negotiation_findings_.empty()) {
    // The server's 101 broke RFC 7692 §7 in a way the tester fails the handshake on (two
    // elements, another extension): the finding is the reason, not the handshake itself.
    v.behavior = Behavior::failed;
    v.findings = negotiation_findings_;
    return v;
  }
  if (!run.connection_was_open) {
    v.behavior = Behavior::failed;
    v.findings.push_back(handshake_finding(target_role_, run));
    return v;
  }
  if (client_failed_at_once_) {
    const auto& r = model::describe(model::rule::pmd_window_bits_8);
    v.behavior = Behavior::ok;
    v.findings.push_back({std::string(r.id.value), std::string(r.section), model::Grade::strict,
                          "the client failed the connection before sending any data on an answer binding it to an 8-bit window "
                          "(a configuration it may not support)",
                          std::string(r.cites)});
    return v;
  }
  if (client_had_to_fail_) {
    // RFC 7692 §7: the client fails the connection on this answer, by a Close or a drop, with
    // any code; only carrying on with data is wrong.
    v.behavior = negotiation_findings_.empty() ? Behavior::ok : Behavior::failed;
    v.findings = negotiation_findings_;
    return v;
  }
  v.behavior = behavior_of(endpoint_.grade());
  v.findings = negotiation_findings_;
  if (!negotiation_findings_.empty()) v.behavior = Behavior::failed;
  bool first = true;
  for (const auto& f : endpoint_.findings()) {
    const auto& r = model::describe(f.rule);
    v.findings.push_back({std::string(f.rule.value), std::string(r.section), f.grade, f.detail,
                          std::string(r.cites)});
    if (first && f.grade != model::Grade::strict) {
      v.first_departure_octet = f.peer_octets;
      first = false;
    }
  }
  return v;
}

}  // namespace wsconform::judge
