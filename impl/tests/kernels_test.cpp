// impl/ kernels against their references: unmasking (every length, alignment and key
// phase), base64 and the §4.2.2 accept key.
#include <gtest/gtest.h>

#include <random>

#include "impl/base64.hpp"
#include "impl/mask.hpp"
#include "wire.hpp"

namespace wsconform::impl {
namespace {

using namespace testing;

TEST(Unmask, FastKernelEqualsScalarForEveryLengthAlignmentAndPhase) {
  std::mt19937 rng(5);
  bytes base(600);
  for (auto& x : base) x = static_cast<std::uint8_t>(rng());
  const mask_key key{0xA1, 0x05, 0x7E, 0xC3};
  for (std::size_t align = 0; align < 8; ++align)
    for (std::size_t len = 0; len <= 300; ++len)
      for (std::uint64_t phase = 0; phase < 4; ++phase) {
        bytes fast(base.begin() + static_cast<std::ptrdiff_t>(align), base.begin() + static_cast<std::ptrdiff_t>(align + len));
        bytes slow = fast;
        unmask(fast.data(), fast.size(), key, phase);
        unmask_scalar(slow.data(), slow.size(), key, phase);
        ASSERT_EQ(fast, slow) << "align " << align << " len " << len << " phase " << phase << " kernel " << unmask_kernel_name();
        bytes copied(len);
        unmask_copy(copied.data(), base.data() + align, len, key, phase);
        ASSERT_EQ(copied, slow);
      }
}

TEST(Unmask, Rfc57MaskedHelloUnmasks) {
  bytes data = hex("7f9f4d5158");
  unmask(data.data(), data.size(), {0x37, 0xfa, 0x21, 0x3d});
  EXPECT_EQ(data, b("Hello"));
}

TEST(Base64, RoundTripsEveryLengthAndDecodesStrictly) {
  for (std::size_t n = 0; n < 40; ++n) {
    bytes data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 37 + n);
    const auto back = base64_decode(base64_encode(data));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, data);
  }
  EXPECT_FALSE(base64_decode("abc"));
  EXPECT_FALSE(base64_decode("ab=c"));
  EXPECT_FALSE(base64_decode("a===="));
  EXPECT_FALSE(base64_decode("ab c"));
  EXPECT_EQ(base64_encode(b("the sample nonce")), "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(AcceptKey, Rfc4122ExampleFromSection1_3) {
  EXPECT_EQ(accept_key_for("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

}  // namespace
}  // namespace wsconform::impl
