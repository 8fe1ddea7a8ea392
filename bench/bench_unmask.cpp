// Unmasking (§5.3) against memcpy over the same octets: 4 KiB (L1), 256 KiB (L2), 64 MiB
// (memory). Both read n octets and write n octets.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "bench/ratio.hpp"
#include "impl/mask.hpp"

namespace wsconform::bench {
namespace {

void memcpy_baseline(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint8_t> src(n, 0x5A), dst(n);
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), n);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void unmask_copy(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint8_t> src(n, 0x5A), dst(n);
  const impl::mask_key key{0x37, 0xfa, 0x21, 0x3d};
  for (auto _ : state) {
    impl::unmask_copy(dst.data(), src.data(), n, key, 1);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void unmask_in_place(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint8_t> data(n, 0x5A);
  const impl::mask_key key{0x37, 0xfa, 0x21, 0x3d};
  for (auto _ : state) {
    impl::unmask(data.data(), n, key, 1);
    benchmark::DoNotOptimize(data.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

BENCHMARK(memcpy_baseline)->Arg(4 << 10)->Arg(256 << 10)->Arg(64 << 20);
BENCHMARK(unmask_copy)->Arg(4 << 10)->Arg(256 << 10)->Arg(64 << 20);
BENCHMARK(unmask_in_place)->Arg(4 << 10)->Arg(256 << 10)->Arg(64 << 20);

register_comparison c1("unmask_copy/4096", "memcpy_baseline/4096", ">= 0.9x", 0.9);
register_comparison c2("unmask_copy/262144", "memcpy_baseline/262144", ">= 0.9x", 0.9);
register_comparison c3("unmask_copy/67108864", "memcpy_baseline/67108864", ">= 0.9x", 0.9);
register_comparison c4("unmask_in_place/4096", "memcpy_baseline/4096", ">= 0.9x", 0.9);
register_comparison c5("unmask_in_place/262144", "memcpy_baseline/262144", ">= 0.9x", 0.9);
register_comparison c6("unmask_in_place/67108864", "memcpy_baseline/67108864", ">= 0.9x", 0.9);

}  // namespace
}  // namespace wsconform::bench
