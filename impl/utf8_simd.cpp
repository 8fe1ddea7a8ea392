#include "impl/utf8_simd.hpp"

#include <array>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define WSC_X86_64 1
#endif

namespace wsconform::impl::simd {
namespace {

// Error classes of an octet pair (first = previous octet, second = current one), each a
// product set: first's high nibble in H, first's low nibble in L, second's high nibble in S.
struct pair_class {
  std::uint8_t bit;
  std::uint16_t high1, low1, high2;  // 16-bit sets of nibbles
};

constexpr std::uint16_t nibbles(int lo, int hi) {  // {lo..hi}
  std::uint16_t s = 0;
  for (int i = lo; i <= hi; ++i) s = static_cast<std::uint16_t>(s | (1u << i));
  return s;
}
constexpr std::uint16_t kAny = 0xFFFF;
constexpr std::uint16_t kCont = nibbles(0x8, 0xB);           // 10xxxxxx
constexpr std::uint16_t kNotCont = nibbles(0x0, 0x7) | nibbles(0xC, 0xF);

constexpr std::array<pair_class, 8> kClasses = {{
    {0x01, nibbles(0xC, 0xF), kAny, kNotCont},                      // lead then no continuation
    {0x02, nibbles(0x0, 0x7), kAny, kCont},                         // ASCII then continuation
    {0x04, nibbles(0xE, 0xE), nibbles(0x0, 0x0), nibbles(0x8, 0x9)},  // E0 80-9F: overlong
    {0x08, nibbles(0xF, 0xF), nibbles(0x4, 0xF), nibbles(0x9, 0xB)},  // F4 90+, F5+: > U+10FFFF
    {0x10, nibbles(0xE, 0xE), nibbles(0xD, 0xD), nibbles(0xA, 0xB)},  // ED A0-BF: surrogate
    {0x20, nibbles(0xC, 0xC), nibbles(0x0, 0x1), kCont},              // C0 C1: overlong
    // F0 80-8F (overlong) and F5-FF 80-8F (too large) share a product set.
    {0x40, nibbles(0xF, 0xF), static_cast<std::uint16_t>(nibbles(0x0, 0x0) | nibbles(0x5, 0xF)), nibbles(0x8, 0x8)},
    {0x80, kCont, kAny, kCont},  // two continuations: right only as a 3rd/4th octet
}};

struct lookup_tables {
  std::array<std::uint8_t, 16> high1{}, low1{}, high2{};
};

constexpr lookup_tables make_tables() {
  lookup_tables t;
  for (const auto& c : kClasses)
    for (std::size_t n = 0; n < 16; ++n) {
      if (c.high1 & (1u << n)) t.high1[n] |= c.bit;
      if (c.low1 & (1u << n)) t.low1[n] |= c.bit;
      if (c.high2 & (1u << n)) t.high2[n] |= c.bit;
    }
  return t;
}
constexpr lookup_tables kTables = make_tables();

#ifdef WSC_X86_64
__attribute__((target("avx2"))) inline __m256i table(const std::array<std::uint8_t, 16>& t) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data()));
  return _mm256_broadcastsi128_si256(x);
}

// The octets of `cur` shifted right by N, with the last N of `prev` coming in.
template <int N>
__attribute__((target("avx2"))) inline __m256i prev_octets(__m256i cur, __m256i prev) {
  return _mm256_alignr_epi8(cur, _mm256_permute2x128_si256(prev, cur, 0x21), 16 - N);
}

__attribute__((target("avx2"))) bool blocks_valid_avx2(const std::uint8_t* data, std::size_t n) {
  const __m256i t_high1 = table(kTables.high1);
  const __m256i t_low1 = table(kTables.low1);
  const __m256i t_high2 = table(kTables.high2);
  const __m256i low_nibble = _mm256_set1_epi8(0x0F);
  const __m256i third_min = _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80));  // >= E0 lands at >= 0x80
  const __m256i fourth_min = _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80));
  __m256i prev = _mm256_setzero_si256();
  __m256i err = _mm256_setzero_si256();
  for (std::size_t i = 0; i < n; i += 32) {
    const __m256i cur = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i));
    if (_mm256_movemask_epi8(cur) == 0) {
      // All ASCII: only a sequence left open by the previous block can be wrong here.
      const __m256i open = _mm256_subs_epu8(prev, _mm256_setr_epi8(
          -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
          -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
          static_cast<char>(0xF0 - 1), static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1)));
      err = _mm256_or_si256(err, open);
      prev = cur;
      continue;
    }
    const __m256i p1 = prev_octets<1>(cur, prev);
    const __m256i a = _mm256_shuffle_epi8(t_high1, _mm256_and_si256(_mm256_srli_epi16(p1, 4), low_nibble));
    const __m256i b = _mm256_shuffle_epi8(t_low1, _mm256_and_si256(p1, low_nibble));
    const __m256i c = _mm256_shuffle_epi8(t_high2, _mm256_and_si256(_mm256_srli_epi16(cur, 4), low_nibble));
    const __m256i special = _mm256_and_si256(_mm256_and_si256(a, b), c);
    const __m256i p2 = prev_octets<2>(cur, prev);
    const __m256i p3 = prev_octets<3>(cur, prev);
    const __m256i must23 = _mm256_or_si256(_mm256_subs_epu8(p2, third_min), _mm256_subs_epu8(p3, fourth_min));
    const __m256i must23_80 = _mm256_and_si256(must23, _mm256_set1_epi8(static_cast<char>(0x80)));
    err = _mm256_or_si256(err, _mm256_xor_si256(must23_80, special));
    prev = cur;
  }
  return _mm256_testz_si256(err, err) != 0;
}
#endif

}  // namespace

bool utf8_kernel_available() noexcept {
#ifdef WSC_X86_64
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
#else
  return false;
#endif
}

bool utf8_blocks_valid(const std::uint8_t* data, std::size_t n) noexcept {
#ifdef WSC_X86_64
  return blocks_valid_avx2(data, n);
#else
  (void)data;
  (void)n;
  return false;
#endif
}

}  // namespace wsconform::impl::simd
