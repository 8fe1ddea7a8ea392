// §5.2 frame header: parse from octets and write to a buffer. The parser takes what is
// there and says how many octets it still needs, so a caller can resume it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "impl/error.hpp"
#include "impl/mask.hpp"

namespace wsconform::impl {

struct frame_header {
  bool fin = true;
  std::uint8_t rsv = 0;        // RSV1 RSV2 RSV3 as bits 2 1 0
  std::uint8_t opcode = 0;
  bool masked = false;
  mask_key key{};
  std::uint64_t length = 0;
  std::uint8_t size = 0;       // octets the header took on the wire
};

constexpr bool is_control_opcode(std::uint8_t op) { return (op & 0x8) != 0; }
constexpr bool is_known_opcode(std::uint8_t op) { return op <= 0x2 || (op >= 0x8 && op <= 0xA); }

struct header_parse {
  enum status : std::uint8_t { complete, need_more, invalid } st;
  std::size_t need = 0;       // need_more: total octets the header needs (2, 4, 10, 6, 8, 14)
  error err = error::none;    // invalid: why (only grammar errors: length encoding, MSB)
};

// Parses a header from data[0..n). Checks the grammar only (minimal length, MSB); rules that
// depend on role, state or extensions are the connection's.
header_parse parse_frame_header(const std::uint8_t* data, std::size_t n, frame_header& out) noexcept;

// Writes a header for a payload of `length` octets (minimal length encoding); returns octets
// written (at most 14).
std::size_t write_frame_header(std::uint8_t* out, bool fin, std::uint8_t opcode, std::uint64_t length,
                               const mask_key* key, std::uint8_t rsv = 0) noexcept;

}  // namespace wsconform::impl
