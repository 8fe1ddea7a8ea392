// fuzz_differential_client: a server's byte stream through impl/ as a client and through the
// model; any behaviour of impl's the model does not allow is a finding.
#include "fuzz/fuzz_differential.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wsconform::fuzz::differential_one(data, size, 1);
}
