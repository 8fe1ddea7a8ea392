// SIMD UTF-8 block check (AVX2), after Keiser & Lemire, "Validating UTF-8 In Less Than One
// Instruction Per Byte" (2021): every pair of adjacent octets is classified with three
// 16-entry table lookups (high nibble of the first, low nibble of the first, high nibble of
// the second); a third/fourth-octet check covers longer sequences. It only says whether a
// run of blocks is valid; the scalar DFA finds the exact offset when it is not, and handles
// the octets around the run, so the result is always the DFA's.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wsconform::impl::simd {

// True when the CPU can run the kernel (checked once).
bool utf8_kernel_available() noexcept;

// Validates n octets (a multiple of 32) that start at a code point boundary. A sequence may
// be left unfinished at the end (the caller resumes from its lead octet). Returns false if
// any error lies inside the octets.
bool utf8_blocks_valid(const std::uint8_t* data, std::size_t n) noexcept;

}  // namespace wsconform::impl::simd
