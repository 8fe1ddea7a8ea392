// A conformance run: the selected cases, each against a fresh target, judged both ways.
// Cases run in parallel (one target per case, as one TCP connection per case over the network).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "judge/verdict.hpp"
#include "runner/case_run.hpp"
#include "runner/tester.hpp"
#include "target/target.hpp"

namespace wsconform::conformance {

struct CaseResult {
  const cases::Case* c = nullptr;
  std::size_t index = 0;  // 1-based position in the full catalogue (Autobahn's "case")
  runner::CaseRun run;
  judge::AutobahnVerdict autobahn;
  judge::ModelVerdict model;
  double wall_ms = 0;
};

using TargetFactory = std::function<std::unique_ptr<target::Target>()>;

struct RunOptions {
  unsigned jobs = 1;
  runner::TesterOptions tester;  // the Host header and path the tester asks for, its timeouts
  std::function<void(const CaseResult&, std::size_t done, std::size_t total)> progress;  // called as cases finish
};

// One case against one target, judged both ways. `index` is what reports call the case's
// number. With `tester.as_server` the target is a client and the model reads it as one.
CaseResult run_judged_case(const cases::Case& c, std::size_t index, target::Target& target, const runner::TesterOptions& tester);

std::vector<CaseResult> run_cases(const std::vector<const cases::Case*>& selected, const TargetFactory& make_target,
                                  const RunOptions& options);

}  // namespace wsconform::conformance
