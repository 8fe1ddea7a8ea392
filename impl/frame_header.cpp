#include "impl/frame_header.hpp"

namespace wsconform::impl {

header_parse parse_frame_header(const std::uint8_t* d, std::size_t n, frame_header& h) noexcept {
  if (n < 2) return {header_parse::need_more, 2, error::none};
  const std::uint8_t len7 = d[1] & 0x7F;
  const bool masked = (d[1] & 0x80) != 0;
  const std::size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  const std::size_t size = 2 + ext + (masked ? 4 : 0);
  if (n < size) return {header_parse::need_more, size, error::none};

  h.fin = (d[0] & 0x80) != 0;
  h.rsv = static_cast<std::uint8_t>((d[0] >> 4) & 0x7);
  h.opcode = d[0] & 0x0F;
  h.masked = masked;
  h.size = static_cast<std::uint8_t>(size);
  if (ext == 0) {
    h.length = len7;
  } else if (ext == 2) {
    h.length = (std::uint64_t{d[2]} << 8) | d[3];
    // §5.2 "the minimal number of bytes MUST be used to encode the length"
    if (h.length < 126) return {header_parse::invalid, 0, error::bad_length_encoding};
  } else {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | d[2 + i];
    // §5.2 "the most significant bit MUST be 0"
    if (v >> 63) return {header_parse::invalid, 0, error::bad_length_msb};
    if (v < 65536) return {header_parse::invalid, 0, error::bad_length_encoding};
    h.length = v;
  }
  if (masked) {
    const std::uint8_t* k = d + 2 + ext;
    h.key = {k[0], k[1], k[2], k[3]};
  }
  return {header_parse::complete, size, error::none};
}

std::size_t write_frame_header(std::uint8_t* out, bool fin, std::uint8_t opcode, std::uint64_t length,
                               const mask_key* key, std::uint8_t rsv) noexcept {
  std::size_t i = 0;
  out[i++] = static_cast<std::uint8_t>((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F));
  const std::uint8_t mask_bit = key ? 0x80 : 0;
  if (length < 126) {
    out[i++] = static_cast<std::uint8_t>(mask_bit | length);
  } else if (length <= 0xFFFF) {
    out[i++] = mask_bit | 126;
    out[i++] = static_cast<std::uint8_t>(length >> 8);
    out[i++] = static_cast<std::uint8_t>(length);
  } else {
    out[i++] = mask_bit | 127;
    for (int s = 56; s >= 0; s -= 8) out[i++] = static_cast<std::uint8_t>(length >> s);
  }
  if (key)
    for (std::uint8_t b : *key) out[i++] = b;
  return i;
}

}  // namespace wsconform::impl
