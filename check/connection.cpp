#include "check/connection.hpp"

namespace wsconform::check {
namespace {

std::vector<cases::Action> actions_of(const Step& s, double before_tcp_close) {
  switch (s.kind) {
    case Step::Kind::write: {
      std::vector<cases::Action> a;
      for (const auto& w : s.writes) a.push_back(cases::SendRaw{w, true});
      return a;
    }
    case Step::Kind::close: return {cases::SendClose{s.code, s.code ? std::optional(s.reason) : std::nullopt}};
    case Step::Kind::close_tcp:
      if (before_tcp_close <= 0) return {cases::DropTcp{}};
      return {cases::Wait{before_tcp_close, "", false, false, {cases::DropTcp{}}}};
  }
  return {};
}

}  // namespace

cases::Case case_of(const std::vector<Step>& steps, double settle_seconds, double before_tcp_close, const std::string& id) {
  cases::Case c;
  c.id = id;
  c.description = "A check run's steps, one reactor turn apart, then the tester's Close.";
  c.expectation = "Whatever the model allows.";
  c.grading = cases::Grading::model;
  c.tester_accepts_registered_codes = true;
  // Built from the last step back: each step's actions, then a turn later the next.
  std::vector<cases::Action> rest{cases::CloseAfter{settle_seconds}};
  for (auto s = steps.rbegin(); s != steps.rend(); ++s) {
    auto now = actions_of(*s, before_tcp_close);
    now.push_back(cases::Wait{s->kind == Step::Kind::close_tcp ? before_tcp_close + 0.001 : 0.001, "", false, false, std::move(rest)});
    rest = std::move(now);
  }
  c.script = std::move(rest);
  return c;
}

ConnectionResult run_connection(const std::vector<Step>& steps, target::Target& target, const ConnectionOptions& options) {
  // Over a network the target's answer to what came before is on its way when the tester would
  // close TCP; it gets the settle time first, or its answer could never be seen. In process the
  // close comes at once, in the same turn (impl/ answers within it).
  const cases::Case c = case_of(steps, options.settle_seconds, target.realtime() ? options.settle_seconds : 0);
  const auto role = options.tester.as_server ? model::Role::client : model::Role::server;
  judge::ModelReading reading(role, target.realtime() ? 0.5 : 0.0, target.max_message_size());
  reading.keep_allowed_at_first_violation(options.keep_allowed);
  ConnectionResult r;
  r.run = runner::run_case(c, target, options.tester, &reading);
  r.allowed_at_first_violation = reading.allowed_at_first_violation();
  r.verdict = reading.finish(r.run);
  for (const auto grade : {model::Grade::violation, model::Grade::lenient}) {
    if (grade == model::Grade::lenient && !options.lenient_is_finding) break;
    for (const auto& f : r.verdict.findings)
      if (f.grade == grade && !r.finding) r.finding = Finding{f.rule, f.section, f.detail, f.cites, f.grade};
  }
  return r;
}

}  // namespace wsconform::check
