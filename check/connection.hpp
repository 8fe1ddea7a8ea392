// One connection of a check run: the steps as a case script (each step a reactor turn after
// the one before, then the tester's own Close), run by the tester against a target and read by
// the model. A finding is the first thing the target did outside what the RFC allows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/verbs.hpp"
#include "judge/verdict.hpp"
#include "runner/tester.hpp"
#include "target/target.hpp"

namespace wsconform::check {

struct Finding {
  std::string rule;     // "close.code.invalid-fail"
  std::string section;  // "§7.4.1"
  std::string detail;   // what the target did
  std::string cites;    // the RFC's words
  model::Grade grade = model::Grade::violation;  // or lenient: allowed, but not the strict reading
};

struct ConnectionOptions {
  runner::TesterOptions tester;
  // After the last step, how long the tester lets the target answer before its own Close:
  // virtual seconds in process, real ones over a network.
  double settle_seconds = 1.0;
  // Keep what the model allowed just before the first violation (for explain; costs time).
  bool keep_allowed = false;
  // A lenient reading is a finding too (where the RFC allows it, but the strict reading is
  // what the target means to take): the first one, if the connection broke no rule.
  bool lenient_is_finding = false;
};

struct ConnectionResult {
  std::optional<Finding> finding;      // the first violation (or lenient reading, when asked), if any
  judge::ModelVerdict verdict;         // every finding, graded
  runner::CaseRun run;                 // the wire log, what the tester saw
  std::vector<model::Behaviour> allowed_at_first_violation;
};

// The case a check's steps make: graded by the model alone. `before_tcp_close`: seconds the
// target has to answer before a close_tcp step.
cases::Case case_of(const std::vector<Step>& steps, double settle_seconds, double before_tcp_close, const std::string& id = "check");

ConnectionResult run_connection(const std::vector<Step>& steps, target::Target& target, const ConnectionOptions& options);

}  // namespace wsconform::check
