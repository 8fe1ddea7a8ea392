#include "runner/deflate_by_hand.hpp"

#include <algorithm>
#include <array>

namespace wsconform::runner {
namespace {

// Bits go out least significant first (RFC 1951 §3.1.1); Huffman codes most significant first.
class BitWriter {
 public:
  void bits(std::uint32_t value, int count) {
    for (int i = 0; i < count; ++i) bit((value >> i) & 1u);
  }
  void huffman(std::uint32_t code, int length) {
    for (int i = length - 1; i >= 0; --i) bit((code >> i) & 1u);
  }
  void align() { used_ = 0; }
  void octets(std::span<const std::uint8_t> data) {
    align();
    out_.insert(out_.end(), data.begin(), data.end());
  }
  Bytes take() { return std::move(out_); }

 private:
  void bit(std::uint32_t b) {
    if (used_ == 0) out_.push_back(0);
    out_.back() = static_cast<std::uint8_t>(out_.back() | (b << used_));
    used_ = (used_ + 1) % 8;
  }
  Bytes out_;
  int used_ = 0;
};

// RFC 1951 §3.2.5: length codes 257..285 and distance codes 0..29, their bases and extra bits.
constexpr std::array<std::uint16_t, 29> kLengthBase{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                                     35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> kLengthExtra{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<std::uint16_t, 30> kDistanceBase{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
                                                       193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
                                                       6145, 8193, 12289, 16385, 24577};
constexpr std::array<std::uint8_t, 30> kDistanceExtra{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// The fixed literal/length code (RFC 1951 §3.2.6).
void fixed_symbol(BitWriter& w, unsigned symbol) {
  if (symbol < 144) return w.huffman(0x30 + symbol, 8);
  if (symbol < 256) return w.huffman(0x190 + (symbol - 144), 9);
  if (symbol < 280) return w.huffman(symbol - 256, 7);
  w.huffman(0xC0 + (symbol - 280), 8);
}

std::size_t code_for(std::span<const std::uint16_t> bases, std::size_t value) {
  std::size_t code = 0;
  while (code + 1 < bases.size() && bases[code + 1] <= value) ++code;
  return code;
}

}  // namespace

Bytes payload_with_match_at_distance(std::span<const std::uint8_t> literal, std::size_t match_length) {
  BitWriter w;
  for (std::size_t at = 0; at < literal.size(); at += 65535) {  // stored blocks: BFINAL 0, BTYPE 00
    const std::size_t n = std::min<std::size_t>(65535, literal.size() - at);
    w.bits(0, 3);
    const std::array<std::uint8_t, 4> len{static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
                                          static_cast<std::uint8_t>(~n), static_cast<std::uint8_t>(~n >> 8)};
    w.octets(len);
    w.octets(literal.subspan(at, n));
  }
  w.bits(0, 1);  // BFINAL 0
  w.bits(1, 2);  // BTYPE 01: fixed Huffman codes
  const std::size_t lc = code_for(kLengthBase, match_length);
  fixed_symbol(w, static_cast<unsigned>(257 + lc));
  w.bits(static_cast<std::uint32_t>(match_length - kLengthBase[lc]), kLengthExtra[lc]);
  const std::size_t dc = code_for(kDistanceBase, literal.size());
  w.huffman(static_cast<std::uint32_t>(dc), 5);
  w.bits(static_cast<std::uint32_t>(literal.size() - kDistanceBase[dc]), kDistanceExtra[dc]);
  fixed_symbol(w, 256);  // end of block
  w.bits(0, 3);          // the sync flush's empty stored block, whose LEN/NLEN (00 00 ff ff) are removed
  return w.take();
}

}  // namespace wsconform::runner
