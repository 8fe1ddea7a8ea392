// A tiny DEFLATE writer for tests (RFC 1951): stored blocks, and fixed-Huffman blocks of
// literals and (length, distance) references placed exactly where a test wants them, so
// window and takeover rules can be put to the model with known distances.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace wsconform::model::testing {

class DeflateWriter {
 public:
  // A fixed-Huffman block (BTYPE 01) begins.
  DeflateWriter& fixed_block(bool final = false) {
    bits(final ? 1 : 0, 1);
    bits(1, 2);
    return *this;
  }
  DeflateWriter& literal(std::uint8_t b) {
    if (b < 144) huffman(0x30u + b, 8);
    else huffman(0x190u + (b - 144u), 9);
    return *this;
  }
  DeflateWriter& literals(std::span<const std::uint8_t> s) {
    for (auto b : s) literal(b);
    return *this;
  }
  // A back-reference: length 3..258, distance 1..32768.
  DeflateWriter& match(unsigned length, unsigned distance) {
    static constexpr unsigned lbase[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static constexpr unsigned lextra[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static constexpr unsigned dbase[] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static constexpr unsigned dextra[] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    unsigned li = 28;  // the largest base not above the length (258 has a code of its own)
    while (lbase[li] > length) --li;
    const unsigned sym = 257 + li;
    if (sym < 280) huffman(sym - 256, 7);
    else huffman(0xC0u + (sym - 280), 8);
    bits(length - lbase[li], static_cast<int>(lextra[li]));
    unsigned di = 29;
    while (dbase[di] > distance) --di;
    huffman(di, 5);
    bits(distance - dbase[di], static_cast<int>(dextra[di]));
    return *this;
  }
  // A Huffman code as is, most significant bit first (for codes no valid stream has).
  DeflateWriter& code(unsigned value, int length) {
    huffman(value, length);
    return *this;
  }
  DeflateWriter& end_of_block() {
    huffman(0, 7);
    return *this;
  }
  // A stored block (BTYPE 00) holding `data`.
  DeflateWriter& stored(std::span<const std::uint8_t> data, bool final = false) {
    bits(final ? 1 : 0, 1);
    bits(0, 2);
    align();
    const auto len = static_cast<unsigned>(data.size());
    bits(len & 0xffffu, 16);
    bits(~len & 0xffffu, 16);
    for (auto b : data) bits(b, 8);
    return *this;
  }
  DeflateWriter& bits(unsigned value, int count) {
    for (int i = 0; i < count; ++i) put((value >> i) & 1u);
    return *this;
  }
  // The octets so far, the last one padded with zero bits.
  std::vector<std::uint8_t> octets() const { return out_; }
  // As a permessage-deflate payload (RFC 7692 §7.2.1): an empty stored block closes the data
  // and its 00 00 ff ff is removed.
  std::vector<std::uint8_t> payload() {
    stored({});
    std::vector<std::uint8_t> p = out_;
    p.resize(p.size() - 4);
    return p;
  }

 private:
  void huffman(unsigned code, int length) {  // Huffman codes go most significant bit first
    for (int i = length - 1; i >= 0; --i) put((code >> i) & 1u);
  }
  void put(unsigned bit) {
    if (used_ == 0) out_.push_back(0);
    out_.back() = static_cast<std::uint8_t>(out_.back() | (bit << used_));
    used_ = (used_ + 1) % 8;
  }
  void align() { used_ = 0; }
  std::vector<std::uint8_t> out_;
  unsigned used_ = 0;
};

}  // namespace wsconform::model::testing
