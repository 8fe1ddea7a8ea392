// What the differential fuzzers pay for their oracle: every seed of corpus/fuzz_differential_*
// replayed through impl/ and the model (differential::run_encoded, what the fuzz targets call)
// against the same inputs through impl/ alone, same chunks and application actions.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <variant>
#include <vector>

#include "bench/ratio.hpp"
#include "differential/differential.hpp"
#include "impl/connection.hpp"

namespace wsconform::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;

// The seeds of one role's differential target (inputs of the other role are skipped, as the
// target skips them).
const std::vector<Bytes>& seeds(model::Role role) {
  static const auto load = [](const char* target, std::uint8_t role_bit) {
    std::vector<Bytes> all;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(WSCONFORM_CORPUS_DIR) / target)) {
      std::ifstream f(e.path(), std::ios::binary);
      Bytes d((std::istreambuf_iterator<char>(f)), {});
      if (!d.empty() && (d[0] & 1u) == role_bit) all.push_back(std::move(d));
    }
    return all;
  };
  static const std::vector<Bytes> server = load("fuzz_differential_server", 0), client = load("fuzz_differential_client", 1);
  return role == model::Role::server ? server : client;
}

void count(benchmark::State& state, const std::vector<Bytes>& inputs) {
  std::size_t octets = 0;
  for (const auto& d : inputs) octets += d.size();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * inputs.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * octets));
  state.counters["inputs"] = static_cast<double>(inputs.size());
}

void differential_run(benchmark::State& state, model::Role role) {
  const auto& inputs = seeds(role);
  std::size_t violations = 0;
  for (auto _ : state)
    for (const auto& d : inputs) violations += differential::run_encoded(d).violation();
  if (violations != 0) state.SkipWithError("a seed breaks a rule: run its replay test");
  count(state, inputs);
}

// impl/ alone on the same inputs: the chunks, application actions and peer TCP close the
// differential run feeds it, with its output taken and nothing judged.
void impl_alone(benchmark::State& state, model::Role role) {
  const auto& raw = seeds(role);
  std::vector<differential::Input> inputs;
  for (const auto& d : raw) inputs.push_back(differential::parse_input(d));
  std::uint64_t seed = 0x2545F4914F6CDD1Dull;
  std::size_t events = 0;
  for (auto _ : state) {
    for (const auto& in : inputs) {
      impl::connection c(differential::replay_config(role, seed));
      for (const auto& a : in.actions) {
        if (c.should_close_tcp()) break;
        if (const auto* chunk = std::get_if<differential::PeerChunk>(&a)) {
          c.receive_data(chunk->octets);
          events += c.events().size();
        } else if (const auto* send = std::get_if<differential::AppSend>(&a)) {
          const auto data = differential::app_payload(send->length);
          (void)(send->text ? c.send_text(data) : c.send_binary(data));
        } else if (std::holds_alternative<differential::AppPing>(a)) {
          (void)c.send_ping(differential::app_payload(4));
        } else if (std::holds_alternative<differential::AppClose>(a)) {
          (void)c.close(1000);
        } else {
          c.receive_eof();
          break;
        }
        c.consume_output(c.output().size());
      }
      if (in.peer_closes) c.receive_eof();
      c.consume_output(c.output().size());
    }
  }
  benchmark::DoNotOptimize(events);
  count(state, raw);
}

BENCHMARK_CAPTURE(impl_alone, server, model::Role::server);
BENCHMARK_CAPTURE(differential_run, server, model::Role::server);
BENCHMARK_CAPTURE(impl_alone, client, model::Role::client);
BENCHMARK_CAPTURE(differential_run, client, model::Role::client);

// The model replays every frame impl reads and writes, so the pair runs at a fraction of impl's
// own rate; the goal keeps the oracle within 5x of the endpoint it judges.
const register_comparison differential_server("differential_run/server", "impl_alone/server", ">= 0.2x", 0.2);
const register_comparison differential_client("differential_run/client", "impl_alone/client", ">= 0.2x", 0.2);

}  // namespace
}  // namespace wsconform::bench
