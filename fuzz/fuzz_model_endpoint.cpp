// fuzz_model_endpoint: the model's endpoint state machine fed an arbitrary peer stream in
// fuzzer-chosen chunks, for a fuzzer-chosen role.
// Checks: allowed() is never empty while the connection is open; whenever the model holds a
// cause to fail, closing TCP is among the allowed behaviours; finish() and grade() terminate.
// allowed() builds every behaviour with its text, so it is checked where its answer changes in
// kind - when the first cause to fail appears - and after the last chunk, not after every chunk:
// every state a prefix of the stream reaches is the last state of some input the fuzzer tries.
#include <cstdio>
#include <cstdlib>

#include "fuzz/input_reader.hpp"
#include "model/endpoint.hpp"

using namespace wsconform;

namespace {

void check_allowed(const model::Endpoint& ep) {
  const auto allowed = ep.allowed();
  if (allowed.empty()) {
    std::fprintf(stderr, "allowed() is empty on a connection that is not closed\n");
    std::abort();
  }
  if (!ep.fail_cause()) return;
  bool can_close = false;
  for (const auto& b : allowed)
    for (const auto& s : b.steps) can_close |= s.kind == model::Step::Kind::close_tcp;
  if (!can_close) {
    std::fprintf(stderr, "a cause to fail without closing TCP allowed\n");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader in(data, size);
  const std::uint8_t setup = in.byte();
  const model::Role role = (setup & 1) ? model::Role::client : model::Role::server;
  model::Endpoint ep(role);
  bool cause_checked = false;
  while (!in.empty()) {
    const std::size_t chunk = 1 + in.byte() % 64;
    ep.peer_sent(in.take(chunk));
    if (ep.fail_cause() && !cause_checked) {
      cause_checked = true;
      check_allowed(ep);
    }
  }
  check_allowed(ep);
  if (setup & 2) ep.peer_closed_tcp();
  ep.finish();
  (void)ep.grade();
  return 0;
}
