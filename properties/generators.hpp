// RapidCheck generators for the wire: frame headers of every form, payloads, UTF-8 that is
// valid or broken at a chosen octet, and ways to cut a byte stream into chunks.
#pragma once

#include <rapidcheck.h>

#include <algorithm>

#include "model/frame.hpp"

namespace wsconform::properties {

using model::Bytes;

inline rc::Gen<Bytes> gen_bytes(std::size_t max_size) {
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, max_size + 1), [](std::size_t n) {
    return rc::gen::container<Bytes>(n, rc::gen::arbitrary<std::uint8_t>());
  });
}

template <class T>
rc::Gen<std::vector<T>> gen_some(int min, int max, rc::Gen<T> element) {
  return rc::gen::mapcat(rc::gen::inRange(min, max + 1), [element](int n) {
    return rc::gen::container<std::vector<T>>(static_cast<std::size_t>(n), element);
  });
}

// Sizes around the length-form edges (125/126, 65535/65536) as often as small ones.
inline rc::Gen<std::size_t> gen_payload_size() {
  return rc::gen::oneOf(rc::gen::inRange<std::size_t>(0, 140),
                        rc::gen::element<std::size_t>(125, 126, 127, 65535, 65536, 65537));
}

inline rc::Gen<model::Frame> gen_frame() {
  return rc::gen::exec([] {
    model::Frame f;
    const auto op = static_cast<model::opcode>(*rc::gen::inRange(0, 16));
    const std::size_t size = *gen_payload_size();
    f.payload = *rc::gen::container<Bytes>(size, rc::gen::arbitrary<std::uint8_t>());
    std::optional<model::MaskKey> mask;
    if (*rc::gen::arbitrary<bool>()) mask = *rc::gen::arbitrary<model::MaskKey>();
    f.header = model::make_header(op, size, *rc::gen::arbitrary<bool>(), mask);
    const auto rsv = *rc::gen::inRange(0, 8);
    f.header.rsv1 = rsv & 4;
    f.header.rsv2 = rsv & 2;
    f.header.rsv3 = rsv & 1;
    // Sometimes a longer (non-minimal) form than needed: the grammar still decodes it.
    if (*rc::gen::inRange(0, 4) == 0)
      f.header.form = size <= 65535 && *rc::gen::arbitrary<bool>() ? model::length_form::bits16
                                                                  : model::length_form::bits64;
    if (f.header.form == model::length_form::bits16 && size > 65535) f.header.form = model::length_form::bits64;
    return f;
  });
}

// Cut points for a stream of `size` octets: sorted, distinct, inside (0, size).
inline rc::Gen<std::vector<std::size_t>> gen_cuts(std::size_t size) {
  if (size < 2) return rc::gen::just(std::vector<std::size_t>{});
  return rc::gen::map(rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, size)),
                      [](std::vector<std::size_t> v) {
                        std::sort(v.begin(), v.end());
                        v.erase(std::unique(v.begin(), v.end()), v.end());
                        return v;
                      });
}

inline std::vector<std::span<const std::uint8_t>> split(std::span<const std::uint8_t> s,
                                                        const std::vector<std::size_t>& cuts) {
  std::vector<std::span<const std::uint8_t>> parts;
  std::size_t at = 0;
  for (std::size_t c : cuts) {
    parts.push_back(s.subspan(at, c - at));
    at = c;
  }
  parts.push_back(s.subspan(at));
  return parts;
}

}  // namespace wsconform::properties
