#include "conformance/run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <numeric>
#include <thread>

#include "cases/catalogue.hpp"
#include "cases/cost.hpp"
#include "judge/handshake_reading.hpp"
#include "runner/tester.hpp"

namespace wsconform::conformance {

CaseResult run_judged_case(const cases::Case& c, std::size_t index, target::Target& target, const runner::TesterOptions& tester) {
  const auto t0 = std::chrono::steady_clock::now();
  // Over a network, the target's answer may trail the tester's next writes by the round trip.
  judge::ModelReading reading(tester.as_server ? model::Role::client : model::Role::server, target.realtime() ? 0.5 : 0.0,
                              target.max_message_size());
  if (c.refusal) reading.allow_refusal(*c.refusal);
  CaseResult r;
  r.c = &c;
  r.index = index;
  r.run = runner::run_case(c, target, tester, &reading);
  r.autobahn = judge::autobahn_verdict(c, r.run);
  r.model = reading.finish(r.run);
  if (c.handshake) {  // hs.*: the handshake the case made up, read against the model's ruling on it
    judge::HandshakeReading hs = judge::read_handshake_case(c, r.run, std::move(r.model));
    r.model = std::move(hs.verdict);
    r.autobahn = judge::handshake_autobahn_column(r.run, r.model, r.autobahn, hs.frames_graded);
  } else if (c.grading == cases::Grading::model) {
    r.autobahn = judge::autobahn_column_from_model(r.run, r.model, r.autobahn);
  }
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

bool CaseResult::autobahn_flipped() const {
  for (const auto& v : repeats)
    if (v.behavior != repeats.front().behavior || v.behavior_close != repeats.front().behavior_close) return true;
  return false;
}
bool CaseResult::model_flipped() const {
  for (const auto& v : repeats)
    if (v.model_behavior != repeats.front().model_behavior) return true;
  return false;
}

namespace {

// OK, or INFORMATIONAL: a label Autobahn gives whatever happened (7.1.6, 7.13.x), not a
// verdict load could have changed.
bool all_ok(const CaseResult& r) {
  using cases::Behavior, cases::CloseBehavior;
  const auto fine = [](Behavior b) { return b == Behavior::ok || b == Behavior::informational; };
  const auto close_fine = r.autobahn.behavior_close == CloseBehavior::ok || r.autobahn.behavior_close == CloseBehavior::informational;
  return fine(r.autobahn.behavior) && close_fine && fine(r.model.behavior);
}

std::vector<CaseResult> run_pass(const std::vector<const cases::Case*>& selected, const TargetFactory& make_target,
                                 const RunOptions& options);

}  // namespace

std::vector<CaseResult> run_cases(const std::vector<const cases::Case*>& selected, const TargetFactory& make_target,
                                  const RunOptions& options) {
  std::vector<CaseResult> results = run_pass(selected, make_target, options);
  if (options.rerun_alone && options.jobs > 1) {
    const auto& all = cases::catalogue();
    bool settled = false;
    for (auto& r : results) {
      if (all_ok(r) || r.autobahn.behavior == cases::Behavior::unimplemented) continue;
      if (!settled) {
        std::this_thread::sleep_for(std::chrono::duration<double>(options.settle_seconds));
        settled = true;
      }
      auto target = make_target();
      const Verdicts parallel = r.verdicts();
      r = run_judged_case(*r.c, static_cast<std::size_t>(r.c - all.data()) + 1, *target, options.tester);
      r.parallel = parallel;
    }
  }
  for (auto& r : results) r.repeats.push_back(r.verdicts());
  for (unsigned k = 1; k < options.repeat; ++k) {
    RunOptions again = options;
    again.repeat = 1;
    again.progress = nullptr;
    const auto more = run_cases(selected, make_target, again);
    for (std::size_t i = 0; i < results.size(); ++i) results[i].repeats.push_back(more[i].verdicts());
  }
  return results;
}

namespace {

std::vector<CaseResult> run_pass(const std::vector<const cases::Case*>& selected, const TargetFactory& make_target,
                                 const RunOptions& options) {
  std::vector<CaseResult> results(selected.size());
  const auto& all = cases::catalogue();
  // Several at once: the longest cases start first, so the run does not wait on a tail of them.
  std::vector<std::size_t> order(selected.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (options.jobs > 1) {
    std::vector<double> cost(selected.size());
    for (std::size_t i = 0; i < selected.size(); ++i) cost[i] = cases::estimated_network_seconds(*selected[i], options.tester.realtime_chop_delay);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
  }
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex progress_mutex;
  auto worker = [&] {
    for (std::size_t k = next++; k < selected.size(); k = next++) {
      const std::size_t i = order[k];
      const cases::Case& c = *selected[i];
      auto target = make_target();
      results[i] = run_judged_case(c, static_cast<std::size_t>(&c - all.data()) + 1, *target, options.tester);
      const std::size_t n = ++done;
      if (options.progress) {
        std::lock_guard lock(progress_mutex);
        options.progress(results[i], n, selected.size());
      }
    }
  };
  const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(selected.size())));
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace

}  // namespace wsconform::conformance
