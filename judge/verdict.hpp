// Grading a case run. Two readings, side by side:
//   autobahn - Autobahn|Testsuite's verdict, computed exactly as it computes it (event lists,
//              close flags, its per-case overrides), so reports and CI scripts stay compatible;
//   model    - the executable RFC's reading of the same trace: which allowed behaviours the
//              target left, and the rules that say so.
#pragma once

#include <string>
#include <vector>

#include "cases/case.hpp"
#include "model/endpoint.hpp"
#include "runner/case_run.hpp"
#include "runner/tester.hpp"

namespace wsconform::judge {

struct AutobahnVerdict {
  cases::Behavior behavior = cases::Behavior::failed;
  cases::CloseBehavior behavior_close = cases::CloseBehavior::failed;
  std::string result;
  std::string result_close;
};

AutobahnVerdict autobahn_verdict(const cases::Case& c, const runner::CaseRun& run);

struct ModelFinding {
  std::string rule;
  std::string section;
  model::Grade grade = model::Grade::violation;
  std::string detail;
  std::string cites;
};

struct ModelVerdict {
  cases::Behavior behavior = cases::Behavior::failed;  // the model's grade in Autobahn's words (behavior_of)
  std::vector<ModelFinding> findings;
  std::uint64_t first_departure_octet = 0;  // tester octets sent when the first non-strict finding arose
};

// Replays the trace through the model as it happens (plug it into run_case as the observer).
class ModelReading final : public runner::TraceObserver {
 public:
  // `latency_allowance`: seconds within which an answer counts as immediate (network targets).
  // `max_message_size`: the limit the target declared, if any (limits.message-too-big).
  explicit ModelReading(model::Role target_role = model::Role::server, double latency_allowance = 0,
                        std::optional<std::uint64_t> max_message_size = std::nullopt);
  void step(const runner::TraceStep& s) override;
  // Where the case lets a server refuse the handshake (cases::RefusalLatitude).
  void allow_refusal(const cases::RefusalLatitude& latitude) { refusal_ = latitude; }
  // Keep what the model allowed just before the target's first violation (for explanations:
  // building every allowed behaviour with its text costs time, so only when asked).
  void keep_allowed_at_first_violation(bool keep) { keep_allowed_ = keep; }
  const std::vector<model::Behaviour>& allowed_at_first_violation() const { return allowed_at_first_violation_; }
  // `run`: what the tester saw; a connection that never opened is graded from its handshake.
  ModelVerdict finish(const runner::CaseRun& run);

 private:
  // The opening handshake is not framed: strip each direction's HTTP head before the model.
  std::span<const std::uint8_t> after_head(std::span<const std::uint8_t> octets, std::string& head, bool& done);
  // Once both heads are read: what permessage-deflate the handshake agreed (RFC 7692 §7), so the
  // frames are read with it; a server's response that breaks §7 is a finding of its own.
  void read_negotiation();
  void record(const runner::TraceStep& s);  // step() without keeping the allowed set
  std::optional<ModelFinding> refusal_finding(const runner::CaseRun& run) const;

  model::Role target_role_;
  model::Options options_;
  model::Endpoint endpoint_;
  bool negotiation_read_ = false;
  std::vector<ModelFinding> negotiation_findings_;
  // The tester answered a client's offer with what RFC 7692 §7 says the client must fail on:
  // the client's first frame after its request must not be data.
  std::optional<model::PmdProblem> client_must_fail_;
  bool client_had_to_fail_ = false;  // ... and then nothing else the client does is graded
  // The answer bound the client to an 8-bit window (pmd.window-bits-8): it may fail at once.
  bool client_may_fail_ = false, client_failed_at_once_ = false;
  std::optional<cases::RefusalLatitude> refusal_;
  bool keep_allowed_ = false, violation_seen_ = false;
  std::vector<model::Behaviour> allowed_at_first_violation_;
  std::string tester_head_, target_head_;
  bool tester_head_done_ = false, target_head_done_ = false;
};

// Cases beyond Autobahn have no Autobahn expectation: their Autobahn column says what the
// model says (behavior from the model's grade, behaviorClose FAILED only where a closing rule
// was broken), so reports and exit statuses read them the same way. `run_only` is the verdict
// computed from the run alone (its close facts and UNIMPLEMENTED are kept).
AutobahnVerdict autobahn_column_from_model(const runner::CaseRun& run, const ModelVerdict& m, const AutobahnVerdict& run_only);

// Whether the model reads the case differently where Autobahn gives a verdict of its own
// (INFORMATIONAL and UNIMPLEMENTED are Autobahn's labels, not readings of the trace).
bool diverges(const AutobahnVerdict& a, const ModelVerdict& m);

// The Autobahn word for a model grade: strict OK, lenient NON-STRICT, informational
// INFORMATIONAL, violation FAILED.
cases::Behavior behavior_of(model::Grade g);
// ... and for what a case's own check saw: passed OK, failed FAILED, not run UNIMPLEMENTED.
cases::Behavior behavior_of(runner::CaseRun::Check check);

}  // namespace wsconform::judge
