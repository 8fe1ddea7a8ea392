// Incremental UTF-8 validation that fails fast (RFC 6455 §8.1, RFC 3629): it reports the
// first octet after which no continuation could make the text valid, whether the text
// arrives in one piece or split across frames and reads.
//
// The kernel is a byte-class DFA (scalar reference, always used for the exact error offset)
// with an ASCII fast path that skips 32 or 16 octets at a time while the text is at a code
// point boundary.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wsconform::impl {

class utf8_validator {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // Validates the next n octets. Returns the index (within this call's octets) of the octet
  // that made the text invalid, or npos. Once invalid it stays invalid (and returns 0).
  std::size_t feed(const std::uint8_t* data, std::size_t n) noexcept;

  // The same, one octet at a time, with no fast path: the reference the kernels are tested
  // against.
  std::size_t feed_scalar(const std::uint8_t* data, std::size_t n) noexcept;

  // True at a code point boundary (so the text so far is complete, valid UTF-8).
  bool complete() const noexcept { return state_ == 0; }
  bool failed() const noexcept { return state_ == reject_state; }
  void reset() noexcept { state_ = 0; }

  static constexpr std::uint8_t reject_state = 1;

 private:
  std::uint8_t state_ = 0;
};

// Whole-buffer check.
bool utf8_valid(const std::uint8_t* data, std::size_t n) noexcept;

}  // namespace wsconform::impl
