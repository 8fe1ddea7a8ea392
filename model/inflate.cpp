#include "model/inflate.hpp"

#include <algorithm>
#include <array>

#include "model/numeric_rules.hpp"

namespace wsconform::model {
namespace {

constexpr std::size_t kHistory = 32768;  // the largest window DEFLATE knows (RFC 1951 §2)
constexpr std::size_t kMaxCodeBits = 15;
constexpr std::array<std::uint8_t, 4> kTail = {0x00, 0x00, 0xff, 0xff};  // RFC 7692 §7.2.2

// RFC 1951 §3.2.5: base lengths and distances, and how many extra bits follow each code.
constexpr std::array<std::uint16_t, 29> kLengthBase = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                                       31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> kLengthExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                       2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<std::uint16_t, 30> kDistanceBase = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,
                                                         33,  49,  65,  97,  129, 193,  257,  385,  513,  769,
                                                         1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<std::uint8_t, 30> kDistanceExtra = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
// RFC 1951 §3.2.7: the order the code length code lengths come in.
constexpr std::array<std::uint8_t, 19> kCodeLengthOrder = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// Bits least significant first, as RFC 1951 §3.1.1 packs them.
class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> in) : in_(in) {}
  // The next `n` (at most 16) bits, consumed; nothing when fewer are left.
  std::optional<unsigned> bits(int n) {
    const auto v = peek(n);
    if (v) bit_ += static_cast<std::size_t>(n);
    return v;
  }
  // The next `n` (at most 16) bits, left in place.
  std::optional<unsigned> peek(int n) const {
    if (bit_ + static_cast<std::size_t>(n) > in_.size() * 8) return std::nullopt;
    std::uint32_t window = 0;  // the three octets the n bits lie in
    const std::size_t at = bit_ / 8;
    for (std::size_t i = 0; i < 3 && at + i < in_.size(); ++i) window |= std::uint32_t{in_[at + i]} << (8 * i);
    return (window >> (bit_ % 8)) & ((1u << n) - 1);
  }
  void skip(int n) { bit_ += static_cast<std::size_t>(n); }
  void align() { bit_ = (bit_ + 7) / 8 * 8; }
  // Every bit has been read. (Blocks follow each other bit by bit: the bits left in a partly
  // read octet are the next block's header, never padding - only a stored block aligns.)
  bool at_end() const { return bit_ == in_.size() * 8; }
  std::size_t position() const { return bit_; }

 private:
  std::span<const std::uint8_t> in_;
  std::size_t bit_ = 0;
};

// A canonical Huffman code (RFC 1951 §3.2.2), kept as the number of codes of each length and
// the symbols in code order: decoding walks the lengths one bit at a time. `quick` is a
// shortcut to the same answers: indexed by the next kQuickBits input bits, the symbol and
// length of the code they start with, when that code is no longer than kQuickBits.
constexpr int kQuickBits = 9;
struct Huffman {
  std::array<std::uint16_t, kMaxCodeBits + 1> count{};
  std::vector<std::uint16_t> symbol;
  struct Quick {
    std::uint16_t symbol = 0;
    std::uint8_t length = 0;  // 0: walk the code bit by bit
  };
  std::array<Quick, 1u << kQuickBits> quick{};
};

// Codes are sent most significant bit first (RFC 1951 §3.1.1), inside an LSB-first stream.
unsigned reversed(unsigned code, std::size_t length) {
  unsigned r = 0;
  for (std::size_t i = 0; i < length; ++i, code >>= 1) r = (r << 1) | (code & 1u);
  return r;
}

enum class CodeShape { complete, single, incomplete, over_subscribed };

CodeShape build(Huffman& h, std::span<const std::uint8_t> lengths) {
  h.count.fill(0);
  for (auto len : lengths) ++h.count[len];
  int left = 1, used = 0;
  for (std::size_t len = 1; len <= kMaxCodeBits; ++len) {
    left = left * 2 - h.count[len];
    used += h.count[len];
    if (left < 0) return CodeShape::over_subscribed;
  }
  std::array<std::uint16_t, kMaxCodeBits + 2> offset{};
  for (std::size_t len = 1; len <= kMaxCodeBits; ++len) offset[len + 1] = static_cast<std::uint16_t>(offset[len] + h.count[len]);
  h.symbol.assign(static_cast<std::size_t>(used), 0);
  for (std::size_t s = 0; s < lengths.size(); ++s)
    if (lengths[s] != 0) h.symbol[offset[lengths[s]]++] = static_cast<std::uint16_t>(s);
  // The shortcut table: each code up to kQuickBits long, at every index whose low bits are it.
  h.quick.fill({});
  unsigned code = 0;
  std::size_t next = 0;
  for (std::size_t len = 1; len <= kMaxCodeBits; ++len, code <<= 1)
    for (std::uint16_t k = 0; k < h.count[len]; ++k, ++code, ++next)
      if (len <= static_cast<std::size_t>(kQuickBits))
        for (unsigned i = reversed(code, len); i < h.quick.size(); i += 1u << len) h.quick[i] = {h.symbol[next], static_cast<std::uint8_t>(len)};
  if (left == 0) return CodeShape::complete;
  // zlib takes one incomplete shape: a single code of one bit (RFC 1951 §3.2.7 allows one
  // distance code); the model takes the same, so both read the same streams.
  return used == 1 && h.count[1] == 1 ? CodeShape::single : CodeShape::incomplete;
}

struct Decoded {
  enum class Kind { symbol, no_such_code, out_of_data } kind;
  int symbol = 0;
};

Decoded decode(BitReader& in, const Huffman& h) {
  if (const auto ahead = in.peek(kQuickBits)) {
    const Huffman::Quick q = h.quick[*ahead];
    if (q.length != 0) {
      in.skip(q.length);
      return {Decoded::Kind::symbol, q.symbol};
    }
  }
  int code = 0, first = 0, index = 0;
  for (std::size_t len = 1; len <= kMaxCodeBits; ++len) {
    const auto bit = in.bits(1);
    if (!bit) return {Decoded::Kind::out_of_data};
    code |= static_cast<int>(*bit);
    const int count = h.count[len];
    if (code - first < count) return {Decoded::Kind::symbol, h.symbol[static_cast<std::size_t>(index + code - first)]};
    index += count;
    first = (first + count) << 1;
    code <<= 1;
  }
  return {Decoded::Kind::no_such_code};
}

// One run over some DEFLATE data, appending to `out` (which starts with the history).
class Inflate {
 public:
  Inflate(std::span<const std::uint8_t> in, InflateBytes& out, std::size_t max_output, int window_bits,
          bool no_context_takeover)
      : in_(in), out_(out), start_(out.size()), max_output_(max_output), window_bits_(window_bits),
        no_context_takeover_(no_context_takeover) {}

  InflatedMessage run() {
    for (bool first = true;; first = false) {
      if (!first && in_.at_end()) break;
      const auto header = in_.bits(3);
      if (!header) return fail(InflateFault::truncated);
      const bool final_block = (*header & 1u) != 0;
      const unsigned type = *header >> 1;
      bool ok = false;
      if (type == 0) ok = stored();
      else if (type == 1) ok = fixed();
      else if (type == 2) ok = dynamic();
      else return fail(InflateFault::reserved_block_type);
      if (!ok || result_.limit_reached) break;
      if (final_block) {
        result_.final_block = true;
        break;
      }
    }
    result_.data.assign(out_.begin() + static_cast<std::ptrdiff_t>(start_), out_.end());
    return std::move(result_);
  }

 private:
  InflatedMessage fail(InflateFault f) {
    result_.error = InflateError{f, in_.position()};
    result_.data.assign(out_.begin() + static_cast<std::ptrdiff_t>(start_), out_.end());
    return std::move(result_);
  }
  bool stop(InflateFault f) {
    if (!result_.error) result_.error = InflateError{f, in_.position()};
    return false;
  }
  bool room() {
    if (out_.size() - start_ < max_output_) return true;
    result_.limit_reached = true;
    return false;
  }

  // RFC 1951 §3.2.4: a non-compressed block.
  bool stored() {
    in_.align();
    const auto len = in_.bits(16);
    const auto nlen = in_.bits(16);
    if (!len || !nlen) return stop(InflateFault::truncated);
    if ((*len ^ 0xffffu) != *nlen) return stop(InflateFault::stored_length_mismatch);
    for (unsigned i = 0; i < *len; ++i) {
      const auto octet = in_.bits(8);
      if (!octet) return stop(InflateFault::truncated);
      if (!room()) return true;
      out_.push_back(static_cast<std::uint8_t>(*octet));
    }
    return true;
  }

  // RFC 1951 §3.2.6: the fixed codes.
  bool fixed() {
    std::array<std::uint8_t, 288> lit{};
    std::fill(lit.begin(), lit.begin() + 144, 8);
    std::fill(lit.begin() + 144, lit.begin() + 256, 9);
    std::fill(lit.begin() + 256, lit.begin() + 280, 7);
    std::fill(lit.begin() + 280, lit.end(), 8);
    std::array<std::uint8_t, 32> dist{};
    dist.fill(5);
    Huffman l, d;
    build(l, lit);
    build(d, dist);
    return codes(l, d);
  }

  // RFC 1951 §3.2.7: codes sent with the block.
  bool dynamic() {
    const auto hlit = in_.bits(5), hdist = in_.bits(5), hclen = in_.bits(4);
    if (!hlit || !hdist || !hclen) return stop(InflateFault::truncated);
    const unsigned nlit = *hlit + 257, ndist = *hdist + 1, nclen = *hclen + 4;
    if (nlit > 286 || ndist > 30) return stop(InflateFault::too_many_codes);
    std::array<std::uint8_t, 19> clen{};
    for (unsigned i = 0; i < nclen; ++i) {
      const auto v = in_.bits(3);
      if (!v) return stop(InflateFault::truncated);
      clen[kCodeLengthOrder[i]] = static_cast<std::uint8_t>(*v);
    }
    Huffman lengths_code;
    if (build(lengths_code, clen) != CodeShape::complete) return stop(InflateFault::bad_code_lengths);
    std::vector<std::uint8_t> lengths;
    while (lengths.size() < nlit + ndist) {
      const Decoded sym = decode(in_, lengths_code);
      if (sym.kind == Decoded::Kind::out_of_data) return stop(InflateFault::truncated);
      if (sym.kind == Decoded::Kind::no_such_code) return stop(InflateFault::bad_code_lengths);
      if (sym.symbol < 16) {
        lengths.push_back(static_cast<std::uint8_t>(sym.symbol));
        continue;
      }
      std::uint8_t value = 0;
      std::optional<unsigned> extra;
      unsigned repeat = 0;
      if (sym.symbol == 16) {
        if (lengths.empty()) return stop(InflateFault::bad_code_lengths);
        value = lengths.back();
        extra = in_.bits(2);
        repeat = 3;
      } else if (sym.symbol == 17) {
        extra = in_.bits(3);
        repeat = 3;
      } else {
        extra = in_.bits(7);
        repeat = 11;
      }
      if (!extra) return stop(InflateFault::truncated);
      repeat += *extra;
      if (lengths.size() + repeat > nlit + ndist) return stop(InflateFault::bad_code_lengths);
      lengths.insert(lengths.end(), repeat, value);
    }
    if (lengths[256] == 0) return stop(InflateFault::no_end_of_block_code);
    Huffman l, d;
    const CodeShape ls = build(l, std::span(lengths).first(nlit));
    const CodeShape ds = build(d, std::span(lengths).subspan(nlit));
    if (ls == CodeShape::over_subscribed || ls == CodeShape::incomplete) return stop(InflateFault::bad_code_lengths);
    // A distance code may be incomplete when no distance is used at all (only literals).
    if (ds == CodeShape::over_subscribed || (ds == CodeShape::incomplete && !d.symbol.empty()))
      return stop(InflateFault::bad_code_lengths);
    return codes(l, d);
  }

  // RFC 1951 §3.2.5: literals, and lengths with distances, until the end-of-block code.
  bool codes(const Huffman& lit, const Huffman& dist) {
    for (;;) {
      const Decoded sym = decode(in_, lit);
      if (sym.kind == Decoded::Kind::out_of_data) return stop(InflateFault::truncated);
      if (sym.kind == Decoded::Kind::no_such_code) return stop(InflateFault::bad_symbol);
      if (sym.symbol < 256) {
        if (!room()) return true;
        out_.push_back(static_cast<std::uint8_t>(sym.symbol));
        continue;
      }
      if (sym.symbol == 256) return true;
      const int li = sym.symbol - 257;
      if (li >= 29) return stop(InflateFault::bad_symbol);
      const auto lextra = in_.bits(kLengthExtra[static_cast<std::size_t>(li)]);
      if (!lextra) return stop(InflateFault::truncated);
      const std::size_t length = kLengthBase[static_cast<std::size_t>(li)] + *lextra;
      const Decoded ds = decode(in_, dist);
      if (ds.kind == Decoded::Kind::out_of_data) return stop(InflateFault::truncated);
      if (ds.kind == Decoded::Kind::no_such_code || ds.symbol >= 30) return stop(InflateFault::bad_symbol);
      const auto dextra = in_.bits(kDistanceExtra[static_cast<std::size_t>(ds.symbol)]);
      if (!dextra) return stop(InflateFault::truncated);
      const std::size_t distance = kDistanceBase[static_cast<std::size_t>(ds.symbol)] + *dextra;
      if (distance > out_.size()) return stop(InflateFault::distance_beyond_data);
      note_breach(distance);
      // Octet by octet: a reference may overlap what it produces (distance < length).
      const std::size_t produced = out_.size() - start_;
      const std::size_t n = std::min(length, max_output_ - std::min(max_output_, produced));
      const std::size_t at = out_.size();
      out_.resize(at + n);
      for (std::size_t i = 0; i < n; ++i) out_[at + i] = out_[at + i - distance];
      if (n < length) {
        result_.limit_reached = true;
        return true;
      }
    }
  }

  // RFC 7692 §7.1.2 and §7.1.1: the agreement bounds how far back a reference may reach.
  void note_breach(std::size_t distance) {
    if (result_.breach) return;
    const std::size_t in_message = out_.size() - start_;
    if (!numeric::back_reference_within_window(window_bits_, distance))
      result_.breach = WindowBreach{rule::pmd_window_sender_bound, distance, in_message};
    else if (no_context_takeover_ && distance > in_message)
      result_.breach = WindowBreach{rule::pmd_no_context_takeover_reset, distance, in_message};
  }

  BitReader in_;
  InflateBytes& out_;
  std::size_t start_;
  std::size_t max_output_;
  int window_bits_;
  bool no_context_takeover_;
  InflatedMessage result_;
};

}  // namespace

std::string_view to_string(InflateFault fault) {
  switch (fault) {
    case InflateFault::reserved_block_type: return "a block of the reserved type 11";
    case InflateFault::stored_length_mismatch: return "a stored block whose LEN is not the complement of NLEN";
    case InflateFault::too_many_codes: return "more than 286 literal/length or 30 distance codes";
    case InflateFault::bad_code_lengths: return "code lengths that make no complete prefix code";
    case InflateFault::no_end_of_block_code: return "no code for the end of the block";
    case InflateFault::bad_symbol: return "a code for a literal/length or distance that does not exist";
    case InflateFault::distance_beyond_data: return "a back-reference to before the first octet decoded";
    case InflateFault::truncated: return "the data ends inside a block";
  }
  return "?";
}

InflatedMessage PmdInflater::message(std::span<const std::uint8_t> payload, std::size_t max_output) {
  if (payload.empty()) return {};  // taken as an empty message, as zlib-based receivers do
  InflateBytes in(payload.begin(), payload.end());
  in.insert(in.end(), kTail.begin(), kTail.end());
  InflateBytes out = history_;
  InflatedMessage m = Inflate(in, out, max_output, window_bits_, no_context_takeover_).run();
  if (!m.error && !m.limit_reached) {
    const std::size_t keep = std::min(out.size(), kHistory);
    history_.assign(out.end() - static_cast<std::ptrdiff_t>(keep), out.end());
  }
  return m;
}

InflatedMessage PmdInflater::peek(std::span<const std::uint8_t> prefix, std::size_t max_output) const {
  InflateBytes out = history_;
  return Inflate(prefix, out, max_output, window_bits_, no_context_takeover_).run();
}

InflatedMessage inflate_raw(std::span<const std::uint8_t> data, std::size_t max_output) {
  InflateBytes out;
  return Inflate(data, out, max_output, 15, false).run();
}

}  // namespace wsconform::model
