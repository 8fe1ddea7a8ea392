// Runs every benchmark, then prints each subject's throughput as a ratio of its baseline.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>

#include "bench/ratio.hpp"
#include "impl/mask.hpp"

namespace wsconform::bench {

std::vector<comparison>& comparisons() {
  static std::vector<comparison> list;
  return list;
}

namespace {

// Remembers items or bytes per second of every run, keyed by benchmark name.
class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.run_type != Run::RT_Iteration && r.aggregate_name != "median") continue;
      std::string name = r.run_name.function_name;
      if (!r.run_name.args.empty()) name += "/" + r.run_name.args;
      double rate = 0;
      if (auto it = r.counters.find("bytes_per_second"); it != r.counters.end()) rate = it->second;
      if (auto it = r.counters.find("items_per_second"); it != r.counters.end()) rate = it->second;
      rates[name] = rate;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rates;
};

}  // namespace
}  // namespace wsconform::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  wsconform::bench::collecting_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nRatios (subject throughput / baseline throughput, same run; unmask kernel: %s)\n",
              wsconform::impl::unmask_kernel_name());
  std::printf("%-34s %-34s %8s  %s\n", "subject", "baseline", "ratio", "goal");
  for (const auto& c : wsconform::bench::comparisons()) {
    const auto s = reporter.rates.find(c.subject);
    const auto b = reporter.rates.find(c.baseline);
    if (s == reporter.rates.end() || b == reporter.rates.end() || b->second == 0) continue;
    const double ratio = s->second / b->second;
    std::printf("%-34s %-34s %7.2fx  %s %s\n", c.subject.c_str(), c.baseline.c_str(), ratio, c.goal.c_str(),
                ratio >= c.goal_ratio ? "met" : "NOT MET");
  }
  benchmark::Shutdown();
  return 0;
}
