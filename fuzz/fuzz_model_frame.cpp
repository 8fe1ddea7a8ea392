// fuzz_model_frame: the model's frame decoder (§5.2) on arbitrary octets.
// Checks: decoding whole and in fuzzer-chosen chunks yields the same frames and the same stop;
// re-encoding every decoded frame gives back exactly the octets it was decoded from.
#include <algorithm>
#include <cstdlib>
#include <cstdio>

#include "fuzz/input_reader.hpp"
#include "model/frame.hpp"

using namespace wsconform;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader in(data, size);
  const std::size_t chunk = 1 + in.byte() % 17;
  const auto stream = in.rest();
  const auto whole = model::decode_frames(stream);
  const auto pieces = model::decode_frames_chunked(stream, chunk);
  if (whole.frames != pieces.frames || whole.stopped.has_value() != pieces.stopped.has_value() ||
      whole.trailing_partial != pieces.trailing_partial) {
    std::fprintf(stderr, "decoding depends on chunking (chunk %zu, %zu octets)\n", chunk, stream.size());
    std::abort();
  }
  std::size_t at = 0;
  for (const auto& f : whole.frames) {
    const auto again = model::encode_frame(f);
    if (at + again.size() > stream.size() || !std::equal(again.begin(), again.end(), stream.begin() + static_cast<std::ptrdiff_t>(at))) {
      std::fprintf(stderr, "re-encoding a decoded frame changed its octets at offset %zu\n", at);
      std::abort();
    }
    at += again.size();
  }
  return 0;
}
