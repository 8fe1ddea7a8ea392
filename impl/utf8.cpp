#include "impl/utf8.hpp"

#include "impl/utf8_simd.hpp"

#include <array>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define WSC_X86_64 1
#endif

namespace wsconform::impl {
namespace {

// RFC 3629 §4 as a DFA. Octet classes: what an octet can be.
enum octet_class : std::uint8_t {
  ascii,      // 00-7F
  cont_80,    // 80-8F continuation
  cont_90,    // 90-9F continuation
  cont_a0,    // A0-BF continuation
  never,      // C0 C1 F5-FF: no valid sequence contains them
  lead2,      // C2-DF
  lead_e0,    // E0: next octet A0-BF (shorter would be overlong)
  lead3,      // E1-EC EE EF
  lead_ed,    // ED: next octet 80-9F (A0-BF would be a surrogate)
  lead_f0,    // F0: next octet 90-BF (shorter would be overlong)
  lead4,      // F1-F3
  lead_f4,    // F4: next octet 80-8F (higher would pass U+10FFFF)
  class_count
};

// States: 0 accept (at a boundary), 1 reject, then "continuations still needed".
enum state : std::uint8_t { accept, reject, need1, need2, need3, after_e0, after_ed, after_f0, after_f4, state_count };

constexpr octet_class classify(unsigned b) {
  if (b < 0x80) return ascii;
  if (b < 0x90) return cont_80;
  if (b < 0xA0) return cont_90;
  if (b < 0xC0) return cont_a0;
  if (b < 0xC2) return never;
  if (b < 0xE0) return lead2;
  if (b == 0xE0) return lead_e0;
  if (b == 0xED) return lead_ed;
  if (b < 0xF0) return lead3;
  if (b == 0xF0) return lead_f0;
  if (b < 0xF4) return lead4;
  if (b == 0xF4) return lead_f4;
  return never;
}

constexpr state step(state s, octet_class c) {
  const bool any_cont = c == cont_80 || c == cont_90 || c == cont_a0;
  switch (s) {
    case accept:
      switch (c) {
        case ascii: return accept;
        case lead2: return need1;
        case lead_e0: return after_e0;
        case lead3: return need2;
        case lead_ed: return after_ed;
        case lead_f0: return after_f0;
        case lead4: return need3;
        case lead_f4: return after_f4;
        default: return reject;
      }
    case need1: return any_cont ? accept : reject;
    case need2: return any_cont ? need1 : reject;
    case need3: return any_cont ? need2 : reject;
    case after_e0: return c == cont_a0 ? need1 : reject;
    case after_ed: return (c == cont_80 || c == cont_90) ? need1 : reject;
    case after_f0: return (c == cont_90 || c == cont_a0) ? need2 : reject;
    case after_f4: return c == cont_80 ? need2 : reject;
    default: return reject;
  }
}

struct tables {
  std::array<std::uint8_t, 256> cls{};
  std::array<std::uint8_t, std::size_t{state_count} * std::size_t{class_count}> next{};
};

constexpr tables make_tables() {
  tables t;
  for (unsigned b = 0; b < 256; ++b) t.cls[b] = classify(b);
  for (unsigned s = 0; s < state_count; ++s)
    for (unsigned c = 0; c < class_count; ++c)
      t.next[s * class_count + c] = step(static_cast<state>(s), static_cast<octet_class>(c));
  return t;
}

constexpr tables kTables = make_tables();
static_assert(reject == utf8_validator::reject_state);

// Octets from `data` that are all ASCII, counted in whole blocks from the start.
std::size_t ascii_prefix(const std::uint8_t* data, std::size_t n) noexcept {
  std::size_t i = 0;
#ifdef WSC_X86_64
  for (; i + 32 <= n; i += 32) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + 16));
    if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0) break;
  }
#endif
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, data + i, 8);
    if (w & 0x8080808080808080ull) break;
  }
  return i;
}

}  // namespace

std::size_t utf8_validator::feed_scalar(const std::uint8_t* data, std::size_t n) noexcept {
  if (state_ == reject) return 0;
  std::uint8_t s = state_;
  for (std::size_t i = 0; i < n; ++i) {
    s = kTables.next[std::size_t{s} * class_count + kTables.cls[data[i]]];
    if (s == reject) {
      state_ = s;
      return i;
    }
  }
  state_ = s;
  return npos;
}

// Where a run of valid octets ending at `end` leaves a sequence open: how many of its
// octets lie before `end` (0 when the run ends on a boundary).
std::size_t open_sequence_octets(const std::uint8_t* end) noexcept {
  for (std::size_t k = 1; k <= 3; ++k) {
    const std::uint8_t b = end[-static_cast<std::ptrdiff_t>(k)];
    if (b < 0x80) return 0;
    if (b >= 0xC0) {
      const std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      return len > k ? k : 0;
    }
  }
  return 0;
}

std::size_t utf8_validator::feed(const std::uint8_t* data, std::size_t n) noexcept {
  if (state_ == reject) return 0;
  const bool simd_ok = simd::utf8_kernel_available();
  std::uint8_t s = state_;
  std::size_t i = 0;
  while (i < n) {
    if (s == accept) {
      i += ascii_prefix(data + i, n - i);
      if (i >= n) break;
      if (simd_ok && n - i >= 64) {
        const std::size_t run = (n - i) & ~std::size_t{31};
        if (simd::utf8_blocks_valid(data + i, run)) {
          // Valid up to the run's end; resume at the lead of a sequence it left open.
          i += run - open_sequence_octets(data + i + run);
          continue;
        }
        // An error inside the run: the DFA below finds exactly where.
      }
    }
    // Scalar through a stretch of multi-octet sequences, back to the top at a boundary
    // followed by ASCII (or by enough octets for the SIMD kernel).
    do {
      s = kTables.next[std::size_t{s} * class_count + kTables.cls[data[i]]];
      if (s == reject) {
        state_ = s;
        return i;
      }
      ++i;
    } while (i < n && (s != accept || (data[i] >= 0x80 && !(simd_ok && n - i >= 64))));
  }
  state_ = s;
  return npos;
}

bool utf8_valid(const std::uint8_t* data, std::size_t n) noexcept {
  utf8_validator v;
  return v.feed(data, n) == utf8_validator::npos && v.complete();
}

}  // namespace wsconform::impl
