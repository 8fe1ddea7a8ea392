// An in-process echo round trip: a client sends a 1 KiB text message, the server receives,
// validates and echoes it, the client receives the echo. impl/ on both sides against wslay
// on both sides.
#include <benchmark/benchmark.h>

#include <string>

#include "bench/ratio.hpp"
#include "bench/wslay_peer.hpp"
#include "impl/connection.hpp"

namespace wsconform::bench {
namespace {

void echo_impl(benchmark::State& state) {
  impl::config cc;
  cc.side = impl::role::client;
  cc.start_open = true;
  std::uint32_t seed = 1;
  cc.random = [&seed](std::span<std::uint8_t> out) {
    for (auto& b : out) b = static_cast<std::uint8_t>((seed = seed * 1103515245u + 12345u) >> 24);
  };
  impl::config sc;
  sc.side = impl::role::server;
  sc.start_open = true;
  impl::connection client(cc), server(sc);
  const std::string message(static_cast<std::size_t>(state.range(0)), 'e');
  std::size_t echoes = 0;
  for (auto _ : state) {
    client.send_text(message);
    server.receive_data(client.output());
    client.consume_output(client.output().size());
    for (const auto& e : server.events())
      if (e.kind == impl::event_kind::message) server.send_text(e.data);
    client.receive_data(server.output());
    server.consume_output(server.output().size());
    echoes += client.events().size();
  }
  if (echoes != static_cast<std::size_t>(state.iterations())) state.SkipWithError("echo lost");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void echo_wslay(benchmark::State& state) {
  wslay_peer client(false), server(true);
  server.echo = true;
  const std::string message(static_cast<std::size_t>(state.range(0)), 'e');
  for (auto _ : state) {
    client.queue_text(reinterpret_cast<const std::uint8_t*>(message.data()), message.size());
    client.flush();
    server.receive(client.out.data(), client.out.size());
    client.out.clear();
    server.flush();
    client.receive(server.out.data(), server.out.size());
    server.out.clear();
  }
  if (client.messages != static_cast<std::size_t>(state.iterations())) state.SkipWithError("echo lost");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK(echo_wslay)->Arg(1024);
BENCHMARK(echo_impl)->Arg(1024);

register_comparison c1("echo_impl/1024", "echo_wslay/1024", "(round trips, no goal set)", 0.0);

}  // namespace
}  // namespace wsconform::bench
