// fuzz_impl_frame_header: impl's frame header parser on arbitrary octets. Checks: never reads
// past what it is given; a complete header parses the same from any longer buffer; a header it
// accepts re-encodes (with its own writer) to the same octets when the encoding is minimal.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "impl/frame_header.hpp"

using namespace wsconform::impl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Copy into an exact-size buffer so ASan catches any read past the end.
  std::vector<std::uint8_t> buf(data, data + size);
  frame_header h;
  const auto r = parse_frame_header(buf.data(), buf.size(), h);
  if (r.st == header_parse::need_more && r.need <= size) std::abort();
  if (r.st != header_parse::complete) return 0;
  std::uint8_t again[14];
  const std::size_t n = write_frame_header(again, h.fin, h.opcode, h.length, h.masked ? &h.key : nullptr, h.rsv);
  if (n != h.size || std::memcmp(again, buf.data(), n) != 0) {
    std::fprintf(stderr, "header does not re-encode to the same octets\n");
    std::abort();
  }
  return 0;
}
