// The numeric rules of RFC 6455 and RFC 7692, written once as templates over the value type.
//
// Instantiated with an integer they decide concrete values in the model; instantiated with
// a z3::expr (Int sort) in boundaries/ they become formulas whose decision points the solver
// enumerates. So a template here may use only what both kinds of value offer:
// comparisons, ==, &&, || and !, and literals made through `literal_of`.
#pragma once

#include <cstdint>

namespace wsconform::model::numeric {

// How a literal of the value's own type is made. Integers convert directly; a symbolic
// value type specializes this (boundaries/ does so for z3::expr, whose literals need its
// context and may exceed `int`).
template <class V>
struct value_traits {
  static V literal(const V& /*like*/, std::uint64_t v) { return static_cast<V>(v); }
};

template <class V>
V literal_of(const V& like, std::uint64_t v) {
  return value_traits<V>::literal(like, v);
}

// ---- §7.4 close status codes (a 16-bit field: 0..65535) -------------------------------

// §7.4.2 "Status codes in the range 0-999 are not used."
template <class V> auto close_code_in_unused_range(const V& c) { return c <= 999; }

// §7.4.1 codes this RFC defines for use on the wire.
template <class V> auto close_code_defined(const V& c) {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011);
}

// §7.4.1 1004 "Reserved. The specific meaning might be defined in the future."
template <class V> auto close_code_is_reserved_1004(const V& c) { return c == 1004; }

// §7.4.1 1005, 1006, 1015 "MUST NOT be set as a status code in a Close control frame".
template <class V> auto close_code_not_sendable(const V& c) {
  return c == 1005 || c == 1006 || c == 1015;
}

// IANA WebSocket Close Code Number registry (§11.7): 1012 Service Restart,
// 1013 Try Again Later, 1014 Bad Gateway.
template <class V> auto close_code_iana_registered(const V& c) { return c >= 1012 && c <= 1014; }

// §7.4.2 1000-2999 are for this protocol; the part neither defined nor registered.
template <class V> auto close_code_unassigned(const V& c) { return c >= 1016 && c <= 2999; }

// §7.4.2 3000-3999 libraries/frameworks (IANA-registered), 4000-4999 private use.
template <class V> auto close_code_library_range(const V& c) { return c >= 3000 && c <= 3999; }
template <class V> auto close_code_private_range(const V& c) { return c >= 4000 && c <= 4999; }

// Not mentioned by the RFC at all.
template <class V> auto close_code_beyond_4999(const V& c) { return c >= 5000; }

// A code an endpoint may put in a Close frame and a receiver must accept without latitude.
template <class V> auto close_code_valid(const V& c) {
  return close_code_defined(c) || close_code_iana_registered(c) ||
         close_code_library_range(c) || close_code_private_range(c);
}

// ---- §5.2 payload length ---------------------------------------------------------------

// The three length forms of §5.2, named by the size of the field on the wire.
enum class length_form : std::uint8_t { bits7 = 7, bits16 = 16, bits64 = 64 };

// §5.2 "the most significant bit MUST be 0" of the 64-bit length.
template <class V> auto length_msb_clear(const V& n) {
  return n <= literal_of(n, 0x7FFF'FFFF'FFFF'FFFFull);
}

// §5.2 the 7-bit field carries 0-125 directly.
template <class V> auto length_fits_7bit(const V& n) { return n <= 125; }

// §5.2 the 16-bit field carries up to 65535.
template <class V> auto length_fits_16bit(const V& n) { return n <= 65535; }

// §5.2 "the minimal number of bytes MUST be used to encode the length".
template <class V> auto length_encoding_minimal(length_form form, const V& n) {
  switch (form) {
    case length_form::bits7: return length_fits_7bit(n);
    case length_form::bits16: return !length_fits_7bit(n) && length_fits_16bit(n);
    case length_form::bits64: return !length_fits_16bit(n) && length_msb_clear(n);
  }
  return length_fits_7bit(n);  // unreachable: every form is handled above
}

// ---- §5.5 control frames ----------------------------------------------------------------

// §5.5 "All control frames MUST have a payload length of 125 bytes or less".
template <class V> auto control_payload_fits(const V& n) { return n <= 125; }

// §5.5.1 a close body is empty or starts with a 2-octet code; it is a control frame too.
template <class V> auto close_payload_length_valid(const V& n) {
  return n == 0 || (n >= 2 && control_payload_fits(n));
}

// ---- §8.1 UTF-8 as RFC 3629 defines it ------------------------------------------------

// RFC 3629 §3: scalar values only - no surrogates, nothing above U+10FFFF.
template <class V> auto code_point_is_surrogate(const V& cp) { return cp >= 0xD800 && cp <= 0xDFFF; }
template <class V> auto code_point_in_range(const V& cp) { return cp <= 0x10FFFF; }
template <class V> auto code_point_encodable(const V& cp) {
  return code_point_in_range(cp) && !code_point_is_surrogate(cp);
}

// RFC 3629 §3: a sequence of `len` octets may only carry the code points that need that
// many; anything smaller is an overlong form.
template <class V> auto utf8_length_is_shortest(int len, const V& cp) {
  switch (len) {
    case 1: return cp <= 0x7F;
    case 2: return cp >= 0x80 && cp <= 0x7FF;
    case 3: return cp >= 0x800 && cp <= 0xFFFF;
    case 4: return cp >= 0x10000 && cp <= 0x1FFFFF;
    default: return cp < 0 && cp > 0;  // RFC 3629 has no other length: never true (for C++ and Z3 alike)
  }
}

// A code point encoded as `len` octets is valid UTF-8.
template <class V> auto utf8_sequence_valid(int len, const V& cp) {
  return utf8_length_is_shortest(len, cp) && code_point_encodable(cp);
}

// ---- RFC 7692 permessage-deflate --------------------------------------------------------

// §7.1.2.1, §7.1.2.2: a max_window_bits value is 8..15 (pmd.window-bits.value).
template <class V> auto window_bits_valid(const V& bits) { return bits >= 8 && bits <= 15; }

// pmd.window-bits-8: the smallest window zlib (1.2.9 and later) compresses within.
template <class V> auto window_bits_zlib_compressible(const V& bits) { return bits >= 9; }

// §7.1.2: a back-reference of `distance` octets stays inside a window of 2^bits octets
// (pmd.window.sender-bound); `bits` is the agreed value, fixed.
template <class V> auto back_reference_within_window(int bits, const V& distance) {
  return distance <= literal_of(distance, std::uint64_t{1} << bits);
}

// RFC 6455 §10.4 on the inflated size (pmd.limit.inflated-size): `size` octets are within a
// declared `limit`, fixed.
template <class V> auto inflated_size_within(std::uint64_t limit, const V& size) { return size <= literal_of(size, limit); }

}  // namespace wsconform::model::numeric
