#include "impl/mask.hpp"

#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define WSC_X86_64 1
#endif

namespace wsconform::impl {
namespace {

// The key as a 64-bit word whose octets line up with data starting at key phase `phase`.
std::uint64_t key_word(const mask_key& key, unsigned phase) {
  std::uint8_t b[8];
  for (unsigned i = 0; i < 8; ++i) b[i] = key[(phase + i) % 4];
  std::uint64_t w;
  std::memcpy(&w, b, 8);
  return w;
}

// Portable: eight octets per XOR, then the tail.
void xor_word64(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const mask_key& key, unsigned phase) {
  const std::uint64_t k = key_word(key, phase);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, src + i, 8);
    w ^= k;
    std::memcpy(dst + i, &w, 8);
  }
  for (; i < n; ++i) dst[i] = src[i] ^ key[(phase + i) % 4];
}

#ifdef WSC_X86_64
void xor_sse2(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const mask_key& key, unsigned phase) {
  const std::uint64_t k64 = key_word(key, phase);
  const __m128i k = _mm_set1_epi64x(static_cast<long long>(k64));
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 16));
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 32));
    __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 48));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_xor_si128(a, k));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i + 16), _mm_xor_si128(b, k));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i + 32), _mm_xor_si128(c, k));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i + 48), _mm_xor_si128(d, k));
  }
  for (; i + 16 <= n; i += 16) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_xor_si128(a, k));
  }
  xor_word64(dst + i, src + i, n - i, key, static_cast<unsigned>((phase + i) % 4));
}

__attribute__((target("avx2"))) void xor_avx2(std::uint8_t* dst, const std::uint8_t* src, std::size_t n,
                                              const mask_key& key, unsigned phase) {
  const std::uint64_t k64 = key_word(key, phase);
  const __m256i k = _mm256_set1_epi64x(static_cast<long long>(k64));
  std::size_t i = 0;
  for (; i + 128 <= n; i += 128) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i));
    __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 32));
    __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 64));
    __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 96));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_xor_si256(a, k));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i + 32), _mm256_xor_si256(b, k));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i + 64), _mm256_xor_si256(c, k));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i + 96), _mm256_xor_si256(d, k));
  }
  for (; i + 32 <= n; i += 32) {
    __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_xor_si256(a, k));
  }
  xor_sse2(dst + i, src + i, n - i, key, static_cast<unsigned>((phase + i) % 4));
}
#endif

using xor_kernel = void (*)(std::uint8_t*, const std::uint8_t*, std::size_t, const mask_key&, unsigned);

struct Kernel {
  xor_kernel fn;
  const char* name;
};

Kernel pick_kernel() {
#ifdef WSC_X86_64
  if (__builtin_cpu_supports("avx2")) return {xor_avx2, "avx2"};
  return {xor_sse2, "sse2"};
#else
  return {xor_word64, "word64"};
#endif
}

// Chosen once; a function-local static is thread-safe and holds no mutable state.
const Kernel& kernel() {
  static const Kernel k = pick_kernel();
  return k;
}

}  // namespace

void unmask(std::uint8_t* data, std::size_t n, const mask_key& key, std::uint64_t offset) {
  if (n < 16) return unmask_scalar(data, n, key, offset);
  kernel().fn(data, data, n, key, static_cast<unsigned>(offset % 4));
}

void unmask_copy(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const mask_key& key,
                 std::uint64_t offset) {
  if (n < 16) {
    for (std::size_t i = 0; i < n; ++i) dst[i] = src[i] ^ key[(offset + i) % 4];
    return;
  }
  kernel().fn(dst, src, n, key, static_cast<unsigned>(offset % 4));
}

void unmask_scalar(std::uint8_t* data, std::size_t n, const mask_key& key, std::uint64_t offset) {
  for (std::size_t i = 0; i < n; ++i) data[i] ^= key[(offset + i) % 4];
}

const char* unmask_kernel_name() { return kernel().name; }

}  // namespace wsconform::impl
