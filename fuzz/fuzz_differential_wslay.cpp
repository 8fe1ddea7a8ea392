// fuzz_differential_wslay: the peer's stream, in fuzzer-chosen chunks, through wslay (behind
// adapter/wslay/wslay_adapter.c) in either role and through the model; a behaviour of wslay's
// the model does not allow is a finding. The example of docs/adapters.md: a library's own
// OSS-Fuzz project builds this file with its adapter.
#include "adapter/wsconform_adapter.h"
#include "fuzz/fuzz_differential.hpp"

namespace {
// What wslay is known to do outside the model (none so far): listed, they stop aborting the
// fuzzer so that it looks for new departures.
constexpr std::span<const wsconform::model::RuleId> kKnown{};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wsconform::fuzz::adapter_differential_one(*wsc_adapter_wslay(), kKnown, data, size);
}
