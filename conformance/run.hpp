// A conformance run: the selected cases, each against a fresh target, judged both ways.
// Cases run in parallel (one target per case, as one TCP connection per case over the network).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "judge/verdict.hpp"
#include "runner/case_run.hpp"
#include "runner/tester.hpp"
#include "target/target.hpp"

namespace wsconform::conformance {

// Both readings of one run of a case, without the trace.
struct Verdicts {
  cases::Behavior behavior = cases::Behavior::failed;
  cases::CloseBehavior behavior_close = cases::CloseBehavior::failed;
  cases::Behavior model_behavior = cases::Behavior::failed;
  friend bool operator==(const Verdicts&, const Verdicts&) = default;
};

struct CaseResult {
  const cases::Case* c = nullptr;
  std::size_t index = 0;  // 1-based position in the full catalogue (Autobahn's "case")
  runner::CaseRun run;
  judge::AutobahnVerdict autobahn;
  judge::ModelVerdict model;
  double wall_ms = 0;
  // Over a network, a case that was not OK while others ran beside it is run again alone and
  // reported as it ran alone; this keeps what the parallel run said.
  std::optional<Verdicts> parallel;
  // With --repeat K: the verdicts of every run, the reported one first.
  std::vector<Verdicts> repeats;

  Verdicts verdicts() const { return {autobahn.behavior, autobahn.behavior_close, model.behavior}; }
  // The Autobahn column or the model column differed between repeats.
  bool autobahn_flipped() const;
  bool model_flipped() const;
};

using TargetFactory = std::function<std::unique_ptr<target::Target>()>;

struct RunOptions {
  unsigned jobs = 1;
  // Verdicts must not depend on what else is in flight: with jobs > 1, every case that is not
  // OK in both columns is run again with nothing else running, and that run is the verdict
  // (Autobahn runs one case at a time; a slow target under load trips timers it would not).
  bool rerun_alone = false;
  // Before those runs, a pause for the target to finish what the parallel run left it (replies
  // still queued for connections already gone): alone means alone for the target too.
  double settle_seconds = 2.0;
  unsigned repeat = 1;  // run each case this many times and record every run's verdicts
  runner::TesterOptions tester;  // the Host header and path the tester asks for, its timeouts
  std::function<void(const CaseResult&, std::size_t done, std::size_t total)> progress;  // called as cases finish
};

// One case against one target, judged both ways. `index` is what reports call the case's
// number. With `tester.as_server` the target is a client and the model reads it as one.
CaseResult run_judged_case(const cases::Case& c, std::size_t index, target::Target& target, const runner::TesterOptions& tester);

std::vector<CaseResult> run_cases(const std::vector<const cases::Case*>& selected, const TargetFactory& make_target,
                                  const RunOptions& options);

}  // namespace wsconform::conformance
