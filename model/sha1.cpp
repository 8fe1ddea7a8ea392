#include "model/sha1.hpp"

#include <vector>

#include "vocab/wire_numbers.hpp"

namespace wsconform::model {
namespace {
std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
}  // namespace

std::array<std::uint8_t, 20> sha1(std::span<const std::uint8_t> message) {
  // §5.1.1 padding: a 1 bit, zeros, then the length in bits as 64 bits, to a multiple of 512.
  std::vector<std::uint8_t> m(message.begin(), message.end());
  const std::uint64_t bits = static_cast<std::uint64_t>(message.size()) * 8;
  m.push_back(0x80);
  while (m.size() % 64 != 56) m.push_back(0);
  for (int s = 56; s >= 0; s -= 8) m.push_back(static_cast<std::uint8_t>(bits >> s));

  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};  // §5.3.1
  for (std::size_t block = 0; block < m.size(); block += 64) {
    std::uint32_t w[80];
    for (std::size_t t = 0; t < 16; ++t)
      w[t] = (std::uint32_t{m[block + 4 * t]} << 24) | (std::uint32_t{m[block + 4 * t + 1]} << 16) |
             (std::uint32_t{m[block + 4 * t + 2]} << 8) | m[block + 4 * t + 3];
    for (int t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; ++t) {  // §4.1.1 functions and §4.2.1 constants
      std::uint32_t f, k;
      if (t < 20) f = (b & c) | (~b & d), k = 0x5A827999;
      else if (t < 40) f = b ^ c ^ d, k = 0x6ED9EBA1;
      else if (t < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
      else f = b ^ c ^ d, k = 0xCA62C1D6;
      const std::uint32_t temp = rotl(a, 5) + f + e + k + w[t];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
  }
  std::array<std::uint8_t, 20> out{};
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 4; ++k) out[static_cast<std::size_t>(4 * i + k)] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * k));
  return out;
}

std::string base64(std::span<const std::uint8_t> d) {
  static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < d.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{d[i]} << 16) | (i + 1 < d.size() ? std::uint32_t{d[i + 1]} << 8 : 0) |
                            (i + 2 < d.size() ? d[i + 2] : 0u);
    out += a[(v >> 18) & 63];
    out += a[(v >> 12) & 63];
    out += i + 1 < d.size() ? a[(v >> 6) & 63] : '=';
    out += i + 2 < d.size() ? a[v & 63] : '=';
  }
  return out;
}

std::string accept_for(std::string_view key) {
  std::string in(key);
  in += vocab::handshake_guid;
  const auto digest = sha1(std::span(reinterpret_cast<const std::uint8_t*>(in.data()), in.size()));
  return base64(digest);
}

}  // namespace wsconform::model
