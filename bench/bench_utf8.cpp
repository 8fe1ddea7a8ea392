// UTF-8 validation against simdjson::validate_utf8 on the same text: ASCII, and mixed text
// (Latin with accents, CJK, Greek, emoji), 1 MiB each.
#include <benchmark/benchmark.h>

#include <simdjson.h>

#include <string>

#include "bench/ratio.hpp"
#include "impl/utf8.hpp"

namespace wsconform::bench {
namespace {

std::string corpus(bool mixed) {
  const char* ascii = "The quick brown fox jumps over the lazy dog; 0123456789 ";
  const char* parts[] = {"Größenwahn café naïve résumé ", "漢字仮名交じり文の例です。", "κόσμε καλημέρα ",
                         "emoji \xF0\x9F\x98\x80\xF0\x9F\x9A\x80 ", "plain ASCII words in between "};
  std::string s;
  std::size_t k = 0;
  while (s.size() < (1u << 20)) s += mixed ? parts[k++ % 5] : ascii;
  return s;
}

void utf8_impl(benchmark::State& state) {
  const std::string text = corpus(state.range(0) == 1);
  for (auto _ : state) {
    bool ok = impl::utf8_valid(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void utf8_simdjson(benchmark::State& state) {
  const std::string text = corpus(state.range(0) == 1);
  for (auto _ : state) {
    bool ok = simdjson::validate_utf8(text.data(), text.size());
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void utf8_scalar_dfa(benchmark::State& state) {
  const std::string text = corpus(state.range(0) == 1);
  for (auto _ : state) {
    impl::utf8_validator v;
    auto r = v.feed_scalar(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// Arg 0: ASCII, 1: mixed.
BENCHMARK(utf8_simdjson)->Arg(0)->Arg(1);
BENCHMARK(utf8_impl)->Arg(0)->Arg(1);
BENCHMARK(utf8_scalar_dfa)->Arg(0)->Arg(1);

register_comparison c1("utf8_impl/0", "utf8_simdjson/0", ">= 0.7x (ASCII)", 0.7);
register_comparison c2("utf8_impl/1", "utf8_simdjson/1", ">= 0.7x (mixed)", 0.7);
register_comparison c3("utf8_scalar_dfa/1", "utf8_simdjson/1", "(reference, no goal)", 0.0);

}  // namespace
}  // namespace wsconform::bench
