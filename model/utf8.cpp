#include "model/utf8.hpp"

#include <cstring>

#include "model/numeric_rules.hpp"

namespace wsconform::model {
namespace {

// RFC 3629 §3 lead octet patterns: 0xxxxxxx, 110xxxxx, 1110xxxx, 11110xxx.
// Returns the sequence length, 0 for a continuation octet (10xxxxxx), -1 for F8-FF
// (the five- and six-octet forms RFC 3629 removed).
int sequence_length(std::uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xC0) return 0;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF8) return 4;
  return -1;
}

std::uint32_t lead_bits(std::uint8_t lead, int length) {
  switch (length) {
    case 2: return lead & 0x1Fu;
    case 3: return lead & 0x0Fu;
    case 4: return lead & 0x07u;
    default: return lead;
  }
}

// The smallest code point a sequence of `length` octets may carry (its shortest form).
std::uint32_t shortest_minimum(int length) {
  switch (length) {
    case 2: return 0x80;
    case 3: return 0x800;
    case 4: return 0x10000;
    default: return 0;
  }
}

// How many octets from `p` on are ASCII (below 0x80), eight at a time while they last.
std::size_t ascii_run(const std::uint8_t* p, std::size_t n) {
  std::size_t i = 0;
  for (std::uint64_t word; i + 8 <= n; i += 8) {
    std::memcpy(&word, p + i, 8);
    if (word & 0x8080808080808080ull) break;  // some octet has its top bit set
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

}  // namespace

void Utf8Validator::on_lead(std::uint8_t b) {
  const int length = sequence_length(b);
  if (length == 0) return fail(rule::utf8_sequence_complete);  // continuation octet with no lead
  if (length < 0) return fail(rule::utf8_max_code_point);      // F8-FF: beyond U+10FFFF forms
  length_ = length;
  needed_ = length - 1;
  bits_ = lead_bits(b, length);
  if (needed_ > 0) check_completable();
}

void Utf8Validator::on_continuation(std::uint8_t b) {
  if ((b & 0xC0u) != 0x80u) return fail(rule::utf8_sequence_complete);
  bits_ = (bits_ << 6) | (b & 0x3Fu);
  --needed_;
  check_completable();
}

// The octets read pin the code point to [lo, hi]; the prefix survives iff some code point
// in that interval is a valid sequence of this length (numeric::utf8_sequence_valid).
// The interval is checked against the three constraints that rule decomposes into, so the
// error names the one that made every completion impossible.
void Utf8Validator::check_completable() {
  const unsigned free_bits = 6u * static_cast<unsigned>(needed_);
  const std::uint32_t lo = bits_ << free_bits;
  const std::uint32_t hi = lo | ((1u << free_bits) - 1u);
  const std::uint32_t shortest_lo = shortest_minimum(length_);

  if (hi < shortest_lo) return fail(rule::utf8_no_overlong);
  if (!numeric::code_point_in_range(lo)) return fail(rule::utf8_max_code_point);
  if (numeric::code_point_is_surrogate(lo) && numeric::code_point_is_surrogate(hi))
    return fail(rule::utf8_no_surrogates);
  if (needed_ == 0 && !numeric::utf8_sequence_valid(length_, lo)) {
    // Unreachable if the interval checks above are right; kept so a complete sequence is
    // always judged by the rule itself.
    fail(rule::utf8_sequence_complete);
  }
}

std::optional<Utf8Error> Utf8Validator::feed(std::span<const std::uint8_t> octets) {
  if (error_) return error_;
  const std::uint8_t* p = octets.data();
  const std::size_t n = octets.size();
  for (std::size_t i = 0; i < n;) {
    if (needed_ == 0) {  // U+0000-U+007F: one octet, always complete
      const std::size_t ascii = ascii_run(p + i, n - i);
      i += ascii;
      offset_ += ascii;
      if (i == n) break;
    }
    const std::uint8_t b = p[i++];
    if (needed_ == 0)
      on_lead(b);
    else
      on_continuation(b);
    ++offset_;
    if (error_) return error_;  // only a lead or continuation octet can fail
  }
  return std::nullopt;
}

std::optional<Utf8Error> Utf8Validator::finish() const {
  if (error_) return error_;
  if (needed_ > 0) return Utf8Error{offset_, rule::utf8_sequence_complete};
  return std::nullopt;
}

std::optional<Utf8Error> validate_utf8(std::span<const std::uint8_t> octets) {
  Utf8Validator v;
  v.feed(octets);
  return v.finish();
}

}  // namespace wsconform::model
