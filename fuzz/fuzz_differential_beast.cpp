// fuzz_differential_beast: the peer's stream, in fuzzer-chosen chunks, through Boost.Beast's
// websocket::stream (behind adapter/beast/beast_adapter.cpp, over in-memory streams) in either
// role and through the model; a behaviour of Beast's the model does not allow is a finding. A C++
// library's adapter, built into the target as docs/adapters.md describes.
#include "adapter/wsconform_adapter.h"
#include "fuzz/fuzz_differential.hpp"

namespace {
// What Beast is known to do outside the model (none found so far): listed, they would stop
// aborting the fuzzer so that it looks for new departures.
constexpr std::span<const wsconform::model::RuleId> kKnown{};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wsconform::fuzz::adapter_differential_one(*wsc_adapter_beast(), kKnown, data, size);
}
