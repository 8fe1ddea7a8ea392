#include "judge/handshake_reading.hpp"

#include <optional>

#include "model/handshake.hpp"

namespace wsconform::judge {
namespace {

using model::Grade;

ModelVerdict verdict(Grade g, model::RuleId rule, std::string detail) {
  const auto& r = model::describe(rule);
  ModelVerdict v;
  v.behavior = behavior_of(g);
  v.findings.push_back({std::string(r.id.value), std::string(r.section), g, std::move(detail), std::string(r.cites)});
  return v;
}

std::string first_line(const std::string& head) { return head.substr(0, head.find("\r\n")); }

bool echoed_hello(const runner::CaseRun& run) {
  for (const auto& e : run.received)
    if (e.kind == cases::Event::Kind::message) return true;
  return false;
}

// Nothing: the handshake was valid and done with, and the frames' own reading stands.
using Reading = std::optional<ModelVerdict>;

// The server's side: the tester sent the case's request (run.http_request).
Reading read_server(const cases::Case& c, const runner::CaseRun& run) {
  const model::ServerAnswer answer = model::read_server_answer(run.http_request, run.http_response);
  const bool answered = answer.status != 0;
  const bool timed_out = run.was_open_handshake_timeout && !answered;
  const model::RuleId case_rule = c.rules.empty() ? model::rule::handshake_server_replies : c.rules.front();

  if (c.handshake->unterminated) {
    if (answer.status == 101) return verdict(Grade::violation, model::rule::handshake_server_replies, "answered 101 to a request that never ended");
    if (answered) return verdict(Grade::strict, model::rule::handshake_refusal_status, "refused the unfinished request: " + first_line(run.http_response));
    if (!timed_out) return verdict(Grade::strict, model::rule::handshake_server_replies, "closed the connection while the request was unfinished");
    return verdict(Grade::informational, model::rule::handshake_server_replies,
                   "still waiting for the rest of the request at the tester's open-handshake timeout (the RFC sets no bound)");
  }

  const model::RequestRuling ruling = model::rule_on_request(run.http_request);
  if (ruling.accept) {
    if (answer.valid_101) {
      if (!echoed_hello(run))
        return verdict(Grade::violation, case_rule, "accepted the request (101) but \"Hello\" never came back");
      return std::nullopt;
    }
    if (answer.status == 101)
      return verdict(Grade::violation, answer.broken.empty() ? model::rule::handshake_accept_key : answer.broken.front(),
                     "answered 101, but " + answer.detail);
    if (answered) {
      const std::string refused = "refused the request: " + first_line(run.http_response);
      if (c.refusal) return verdict(c.refusal->non_strict ? Grade::lenient : Grade::strict, c.refusal->rule, refused);
      return verdict(Grade::violation, case_rule, refused + " - the request is valid (§4.2.1)");
    }
    if (timed_out) return verdict(Grade::violation, model::rule::handshake_server_replies, "no complete response before the tester's open-handshake timeout");
    if (c.refusal)
      return verdict(Grade::lenient, model::rule::handshake_refusal_status, "closed the connection without an answer (a refusal is an HTTP error)");
    return verdict(Grade::violation, model::rule::handshake_server_replies, "closed the connection without answering a valid request");
  }

  const model::RuleId broken = ruling.broken.front();
  if (answer.status == 101 && c.handshake->may_accept)
    return verdict(c.handshake->may_accept_non_strict ? Grade::lenient : Grade::strict, *c.handshake->may_accept,
                   "accepted the request, which " + std::string(model::describe(*c.handshake->may_accept).statement));
  if (answer.status == 101) return verdict(Grade::violation, broken, "accepted (101) a request §4.2.1 says to refuse: " + std::string(model::describe(broken).statement));
  if (answered) {
    // §4.2.2: a version it does not speak gets the versions it does in Sec-WebSocket-Version.
    if (broken == model::rule::handshake_version_13 && model::header_field(run.http_request, "Sec-WebSocket-Version") &&
        !model::header_field(run.http_response, "Sec-WebSocket-Version"))
      return verdict(Grade::lenient, broken, "refused (" + first_line(run.http_response) + ") without a Sec-WebSocket-Version field naming the versions it speaks");
    return verdict(Grade::strict, broken, "refused the request: " + first_line(run.http_response));
  }
  if (timed_out) return verdict(Grade::violation, model::rule::handshake_server_replies, "no answer to a request it must refuse before the tester's open-handshake timeout");
  return verdict(Grade::lenient, model::rule::handshake_refusal_status, "closed the connection without an answer (a refusal is an HTTP error)");
}

// The client's side: the tester answered the client's request with the case's response.
Reading read_client(const cases::Case& c, const runner::CaseRun& run) {
  const model::ResponseRuling ruling = model::rule_on_response(run.http_request, run.http_response);
  const bool used = echoed_hello(run);
  const model::RuleId case_rule = c.rules.empty() ? model::rule::handshake_accept_key : c.rules.front();
  if (c.handshake->unterminated) {
    if (used) return verdict(Grade::violation, model::rule::handshake_response_101, "sent data on a connection whose response never ended");
    if (!run.closed_by_me)
      return verdict(Grade::strict, model::rule::handshake_response_101, "gave up on the unfinished response and closed the connection");
    return verdict(Grade::informational, model::rule::handshake_response_101,
                   "still waiting for the rest of the response after 5 s (the RFC sets no bound)");
  }
  if (ruling.valid) {
    if (!used && c.refusal)
      return verdict(c.refusal->non_strict ? Grade::lenient : Grade::strict, c.refusal->rule,
                     "did not take a valid response (no echo of \"Hello\"): " + first_line(run.http_response));
    if (!used) return verdict(Grade::violation, case_rule, "did not echo \"Hello\" after a valid response: " + first_line(run.http_response));
    return std::nullopt;
  }
  const model::RuleId broken = ruling.broken.front();
  if (used) {
    if (ruling.lenient_ok) return verdict(Grade::lenient, broken, "took the response although " + ruling.detail);
    return verdict(Grade::violation, broken, "used the connection (echoed \"Hello\") although " + ruling.detail);
  }
  const bool is_101 = model::read_server_answer(run.http_request, run.http_response).status == 101;
  if (!is_101) return verdict(Grade::strict, broken, "did not use the connection: " + ruling.detail);
  if (run.closed_by_me)  // the tester's own close came first: the client neither failed nor used it
    return verdict(Grade::lenient, broken, "neither failed the connection nor used it within 3 s although " + ruling.detail);
  return verdict(Grade::strict, broken, "failed the connection: " + ruling.detail);
}

}  // namespace

HandshakeReading read_handshake_case(const cases::Case& c, const runner::CaseRun& run, ModelVerdict frames) {
  Reading read = c.handshake->target_is_server ? read_server(c, run) : read_client(c, run);
  if (!read) return {std::move(frames), true};
  return {std::move(*read), false};
}

AutobahnVerdict handshake_autobahn_column(const runner::CaseRun& run, const ModelVerdict& m, const AutobahnVerdict& run_only,
                                          bool frames_graded) {
  if (frames_graded) return autobahn_column_from_model(run, m, run_only);
  AutobahnVerdict v;
  v.behavior = m.behavior;
  v.result = m.findings.empty() ? "Every step was one the model allows." : m.findings.front().rule + ": " + m.findings.front().detail;
  v.behavior_close = cases::CloseBehavior::ok;
  v.result_close = "The case is about the opening handshake (§4); its closing is not graded.";
  return v;
}

}  // namespace wsconform::judge
