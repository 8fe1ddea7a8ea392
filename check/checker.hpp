// `wsconform check`: many connections of generated traffic against one target, every one read
// by the model; the first finding is shrunk (RapidCheck's shrink tree, each candidate a fresh
// connection) to the fewest, simplest steps that still break the same rule.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/connection.hpp"

namespace wsconform::check {

using TargetFactory = std::function<std::unique_ptr<target::Target>()>;

struct CheckOptions {
  std::uint64_t runs = 1000;   // connections, at most
  std::uint64_t seed = 1;      // run N draws its program from (seed, N) alone
  double max_seconds = 60;     // for the runs; shrinking has its own budget
  double shrink_seconds = 60;
  unsigned jobs = 1;           // connections at once (runs and shrink candidates)
  int max_size = 30;           // RapidCheck's size: programs grow to this many verbs
  ConnectionOptions connection;
  std::function<void(std::uint64_t runs_done)> progress;        // now and then, from any thread
  std::function<void(const std::string& line)> shrink_progress;  // each shrink taken
};

struct Counterexample {
  std::uint64_t seed = 0, run = 0;
  std::vector<Step> drawn;    // as the run drew it
  std::vector<Step> shrunk;   // the fewest steps found that still break the rule
  Finding finding;            // the shrunk steps' finding
  std::size_t shrink_tries = 0, shrinks_taken = 0;
  double shrink_seconds = 0;
  bool shrink_complete = false;  // no smaller candidate left (not stopped by the time budget)
  bool replays = false;          // one more connection with the shrunk steps broke the same rule
};

struct CheckResult {
  std::uint64_t runs = 0;  // connections made before the finding or the limits
  double seconds = 0;
  std::optional<Counterexample> counterexample;
  std::string error;  // the target could not be reached
};

CheckResult run_check(const TargetFactory& make_target, const CheckOptions& options);

// The target's role as the tester sees it.
model::Role target_role(const CheckOptions& options);

}  // namespace wsconform::check
