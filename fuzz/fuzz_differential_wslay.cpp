// fuzz_differential_wslay: the peer's stream, in fuzzer-chosen chunks, through wslay (behind
// adapter/wslay/wslay_adapter.c) in either role and through the model; a behaviour of wslay's
// the model does not allow is a finding. The example of docs/adapters.md: a library's own
// OSS-Fuzz project builds this file with its adapter.
#include "adapter/wsconform_adapter.h"
#include "fuzz/fuzz_differential.hpp"

namespace {
// What wslay is known to do outside the model: listed, they stop aborting the fuzzer so that it
// looks for new departures.
//   ping.reply (§5.5.2): a Ping followed in the same read by a Close gets no Pong - wslay answers
//   the Close and drops the Pong it owed (found by this target in CI's smoke run; the input is in
//   corpus/fuzz_differential_wslay/known-ping-then-close-in-one-read).
//   close.reason.utf8 (§5.5.1, §8.1): a Close whose reason holds invalid UTF-8 (a surrogate), its
//   frame written in many pieces, is echoed with that reason instead of failed (found by this
//   target; corpus/fuzz_differential_wslay/known-close-reason-echoed).
constexpr wsconform::model::RuleId kKnownDepartures[] = {wsconform::model::rule::ping_reply, wsconform::model::rule::close_reason_utf8};
constexpr std::span<const wsconform::model::RuleId> kKnown{kKnownDepartures};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wsconform::fuzz::adapter_differential_one(*wsc_adapter_wslay(), kKnown, data, size);
}
