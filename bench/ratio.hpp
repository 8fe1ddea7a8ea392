// Pairs of benchmarks compared in the same run: each subject names its baseline, and the
// main program prints subject/baseline throughput after Google Benchmark's own table.
#pragma once

#include <string>
#include <vector>

namespace wsconform::bench {

struct comparison {
  std::string subject;   // benchmark name, e.g. "unmask/4096"
  std::string baseline;  // e.g. "memcpy/4096"
  std::string goal;      // e.g. ">= 0.9x"
  double goal_ratio = 0;
};

// Registered by each bench_*.cpp at static-initialization time.
std::vector<comparison>& comparisons();

struct register_comparison {
  register_comparison(std::string subject, std::string baseline, std::string goal, double goal_ratio) {
    comparisons().push_back({std::move(subject), std::move(baseline), std::move(goal), goal_ratio});
  }
};

}  // namespace wsconform::bench
