// fuzz_differential_server: a client's byte stream, in fuzzer-chosen chunks, through impl/ as a
// server and through the model; any behaviour of impl's the model does not allow is a finding.
#include "fuzz/fuzz_differential.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wsconform::fuzz::differential_one(data, size, 0);
}
