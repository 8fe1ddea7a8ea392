#include "check/checker.hpp"

#include <chrono>
#include <mutex>
#include <thread>

#include "check/generate.hpp"

namespace wsconform::check {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Attempt {
  std::optional<Finding> finding;
  std::string error;
};

Attempt attempt(const std::vector<Step>& steps, const TargetFactory& make_target, const ConnectionOptions& options) {
  const auto target = make_target();
  if (const auto e = target->error(); !e.empty()) return {std::nullopt, e};
  return {run_connection(steps, *target, options).finding, {}};
}

// Runs every job on `jobs` threads (or this one).
void in_parallel(unsigned jobs, const std::function<void()>& job) {
  if (jobs <= 1) return job();
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(job);
  for (auto& t : threads) t.join();
}

// RapidCheck's shrinking, one level of the tree at a time: the first candidate (in the tree's
// order) that breaks the same rule becomes the current program, until none does or time is up.
// Candidates are tried `jobs` at a time, each on a fresh connection.
void shrink(Counterexample& cx, const TargetFactory& make_target, const CheckOptions& options) {
  const auto t0 = Clock::now();
  const model::Role role = target_role(options);
  auto current = draw_program(cx.seed, cx.run, options.max_size);
  cx.shrink_complete = false;
  for (;;) {
    auto candidates = current.shrinks();
    bool taken = false, exhausted = false;
    while (!taken && !exhausted) {
      if (since(t0) > options.shrink_seconds) {
        cx.shrink_seconds = since(t0);
        return;
      }
      std::vector<rc::Shrinkable<std::vector<Verb>>> batch;
      while (batch.size() < std::max(1u, options.jobs)) {
        auto next = candidates.next();
        if (!next) {
          exhausted = true;
          break;
        }
        batch.push_back(std::move(*next));
      }
      std::vector<std::vector<Step>> steps;
      for (const auto& b : batch) steps.push_back(lower(b.value(), role));
      std::vector<std::optional<Finding>> found(batch.size());
      std::atomic<std::size_t> next_index{0};
      in_parallel(static_cast<unsigned>(std::min<std::size_t>(options.jobs, batch.size())), [&] {
        for (std::size_t i; (i = next_index++) < batch.size();) found[i] = attempt(steps[i], make_target, options.connection).finding;
      });
      cx.shrink_tries += batch.size();
      for (std::size_t i = 0; i < batch.size(); ++i)
        if (found[i] && found[i]->rule == cx.finding.rule) {
          current = batch[i];
          cx.shrunk = steps[i];
          cx.finding = *found[i];
          ++cx.shrinks_taken;
          taken = true;
          if (options.shrink_progress)
            options.shrink_progress("shrunk to " + std::to_string(cx.shrunk.size()) + " step(s) after " + std::to_string(cx.shrink_tries) + " tries");
          break;
        }
    }
    if (!taken) break;
  }
  cx.shrink_complete = true;
  cx.shrink_seconds = since(t0);
}

}  // namespace

model::Role target_role(const CheckOptions& options) {
  return options.connection.tester.as_server ? model::Role::client : model::Role::server;
}

CheckResult run_check(const TargetFactory& make_target, const CheckOptions& options) {
  const auto t0 = Clock::now();
  const model::Role role = target_role(options);
  CheckResult result;
  std::atomic<std::uint64_t> next_run{0}, done{0};
  std::atomic<bool> stop{false};
  std::mutex found_mutex;
  std::optional<Counterexample> found;
  std::string error;
  in_parallel(std::max(1u, options.jobs), [&] {
    for (;;) {
      if (stop || since(t0) > options.max_seconds) return;
      const std::uint64_t run = next_run++;
      if (run >= options.runs) return;
      const auto steps = lower(draw_program(options.seed, run, options.max_size).value(), role);
      const Attempt a = attempt(steps, make_target, options.connection);
      const std::uint64_t n = ++done;
      if (options.progress && n % 100 == 0) options.progress(n);
      if (!a.error.empty() || a.finding) {
        const std::lock_guard<std::mutex> lock(found_mutex);
        stop = true;
        if (!a.error.empty()) error = a.error;
        else if (!found || run < found->run) found = Counterexample{options.seed, run, steps, steps, *a.finding};
        return;
      }
    }
  });
  result.runs = done;
  result.error = error;
  if (found && error.empty()) {
    shrink(*found, make_target, options);
    const Attempt again = attempt(found->shrunk, make_target, options.connection);
    found->replays = again.finding && again.finding->rule == found->finding.rule;
    result.counterexample = std::move(found);
  }
  result.seconds = since(t0);
  return result;
}

}  // namespace wsconform::check
