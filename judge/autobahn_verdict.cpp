#include <algorithm>

#include "model/rule.hpp"
#include "judge/verdict.hpp"

namespace wsconform::judge {

using cases::Behavior;
using cases::CloseBehavior;

Behavior behavior_of(runner::CaseRun::Check check) {
  switch (check) {
    case runner::CaseRun::Check::passed: return Behavior::ok;
    case runner::CaseRun::Check::failed: return Behavior::failed;
    case runner::CaseRun::Check::not_run: return Behavior::unimplemented;
  }
  return Behavior::failed;
}

// Autobahn's Case.onConnectionLost (case/case.py), then the per-case overrides.
AutobahnVerdict autobahn_verdict(const cases::Case& c, const runner::CaseRun& run) {
  using cases::Grading;
  AutobahnVerdict v{.behavior = Behavior::failed,
                    .behavior_close = CloseBehavior::failed,
                    .result = "Actual events differ from any expected.",
                    .result_close = "TCP connection was dropped without close handshake"};

  for (const auto key : {Behavior::ok, Behavior::non_strict}) {
    const auto it = c.expected.find(key);
    if (it != c.expected.end() && it->second == run.received) {
      v.behavior = key;
      v.result = "Actual events match at least one expected.";
      break;
    }
  }
  if (run.check) {  // a case's own check (9.x, 12.x, 13.x) decides, as in Autobahn's case classes
    v.behavior = behavior_of(*run.check);
    v.result = run.result;
  }

  if (run.connection_was_open) {
    // A case that could not run (UNIMPLEMENTED) closes at once with 1000: that is its close.
    const cases::ExpectedClose closes_at_once{};
    const auto& e = run.check == runner::CaseRun::Check::not_run ? closes_at_once : c.close;
    if (e.closed_by_me != run.closed_by_me) {
      v.behavior_close = CloseBehavior::failed;
      v.result_close = "The connection was failed by the wrong endpoint";
    } else if (e.require_clean && !run.was_clean) {
      v.behavior_close = CloseBehavior::unclean;
      v.result_close = "The spec requires the connection to be failed cleanly here";
    } else if (run.remote_close_code && std::find(e.codes.begin(), e.codes.end(), *run.remote_close_code) == e.codes.end()) {
      v.behavior_close = CloseBehavior::wrong_code;
      std::string codes;
      for (std::size_t i = 0; i < e.codes.size(); ++i) codes += (i ? "," : "") + std::to_string(e.codes[i]);
      v.result_close = "The close code should have been " + codes + " or empty";
    } else if (!run.is_server && run.dropped_by_me) {  // testing a server: it should drop TCP (§7.1.1)
      v.behavior_close = CloseBehavior::failed_by_client;
      v.result_close = "It is preferred that the server close the TCP connection";
    } else {
      v.behavior_close = CloseBehavior::ok;
      v.result_close = "Connection was properly closed";
    }
    // UTF-8 cases: a peer that never failed did not notice the invalid text at all.
    if (e.wrong_endpoint_is_fatal && e.closed_by_me != run.closed_by_me) v.behavior = Behavior::failed;
  } else {
    v.behavior_close = CloseBehavior::failed;
    // A connection that was never made (refused, a TLS failure) says why, not that the peer
    // did not finish its handshake.
    v.result_close = run.connection_error.empty() ? "The WebSocket opening handshake was never completed!"
                                                  : "No connection: " + run.connection_error;
  }

  switch (c.grading) {
    case Grading::wrong_code_fails:
      if (v.behavior_close == CloseBehavior::wrong_code) {
        v.behavior = Behavior::failed;
        v.result = v.result_close;
      }
      break;
    case Grading::informational:
      if (c.expected.count(Behavior::non_strict)) {  // 7.1.6: say which way the race went
        if (v.behavior == Behavior::ok) v.result = "Text message was processed before close.";
        if (v.behavior == Behavior::non_strict) v.result = "Close was processed before text message could be returned.";
      } else {
        v.result = "Actual events are undefined by the spec.";
      }
      v.behavior = Behavior::informational;
      v.behavior_close = CloseBehavior::informational;
      break;
    case Grading::frame_count:
      if (run.connection_was_open) {
        const std::size_t len = c.expected.at(Behavior::ok).front().payload.size();
        const auto count = [&](int op) {
          const auto it = run.tx_frame_stats.find(op);
          return it == run.tx_frame_stats.end() ? std::size_t{0} : it->second;
        };
        const std::size_t want_cont = len / c.auto_fragment_size;
        const std::size_t want_text = len % c.auto_fragment_size ? 1 : 0;
        if (count(0) != want_cont || count(1) != want_text) {
          v.behavior = Behavior::failed;
          v.result = "Frames transmitted {0: " + std::to_string(count(0)) + ", 1: " + std::to_string(count(1)) +
                     "} does not match what we expected {0: " + std::to_string(want_cont) + ", 1: " + std::to_string(want_text) + "}.";
        }
      } else {
        v.behavior = Behavior::failed;
        v.result = "WebSocket connection was never open";
      }
      break;
    default:
      break;
  }
  return v;
}

namespace {
// The first echo that is not the message the case expected back (cases::ExpectEcho), in words.
std::optional<std::string> echo_difference(const runner::CaseRun& run) {
  std::size_t k = 0;
  for (const auto& e : run.received) {
    if (e.kind != cases::Event::Kind::message) continue;
    if (k == run.expected_echoes.size())
      return "message " + std::to_string(k + 1) + " came back, but only " + std::to_string(k) + " were sent to be echoed";
    const auto& want = run.expected_echoes[k++];
    if (e.binary != want.binary || e.payload != want.payload) {
      const auto at = std::mismatch(e.payload.begin(), e.payload.end(), want.payload.begin(), want.payload.end()).first - e.payload.begin();
      return "echo " + std::to_string(k) + " differs from the message sent: " + std::to_string(want.payload.size()) + " octets sent, " +
             std::to_string(e.payload.size()) + " came back" + (e.binary != want.binary ? " as the other type" : "") +
             ", first difference at octet " + std::to_string(at);
    }
  }
  return std::nullopt;
}
}  // namespace

AutobahnVerdict autobahn_column_from_model(const runner::CaseRun& run, const ModelVerdict& m, const AutobahnVerdict& run_only) {
  if (run_only.behavior == Behavior::unimplemented) return run_only;
  // A connection that never opened is the run's verdict, unless the case allowed the refusal.
  if (!run.connection_was_open && (m.findings.empty() || m.behavior == Behavior::failed)) return run_only;
  AutobahnVerdict v;
  v.behavior = m.behavior;
  v.result = "Every step was one the model allows.";
  v.behavior_close = CloseBehavior::ok;
  v.result_close = "Connection was closed as the model allows.";
  const auto closing_rule = [](const std::string& id) {
    return id.rfind("close.", 0) == 0 || id.rfind("closing.", 0) == 0 || id.rfind("fail.close", 0) == 0;
  };
  bool first = true;
  for (const auto& f : m.findings) {
    if (f.grade == model::Grade::strict) continue;
    const std::string why = f.rule + " (" + model::section_ref(f.rule, f.section) + "): " + f.detail;
    if (first) v.result = why;
    first = false;
    if (f.grade == model::Grade::violation && closing_rule(f.rule) && v.behavior_close == CloseBehavior::ok) {
      v.behavior_close = CloseBehavior::failed;
      v.result_close = why;
    }
  }
  if (!run.expected_echoes.empty())
    if (const auto difference = echo_difference(run)) {
      v.behavior = Behavior::failed;
      v.result = *difference;
    }
  return v;
}

}  // namespace wsconform::judge
