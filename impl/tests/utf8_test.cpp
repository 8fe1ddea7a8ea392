// impl/ UTF-8 (§8.1): fail fast at the first impossible octet (Autobahn 6.4.x), never on a
// prefix that can still be completed, across frames and across reads; and the fast kernel
// equals the scalar reference on every input.
#include <gtest/gtest.h>

#include <random>

#include "impl/utf8.hpp"
#include "wire.hpp"

namespace wsconform::impl {
namespace {

using namespace testing;

class Utf8FailFast : public ::testing::TestWithParam<role> {
 protected:
  role side() const { return GetParam(); }
};
INSTANTIATE_TEST_SUITE_P(Roles, Utf8FailFast, ::testing::Values(role::client, role::server), role_name);

const bytes kKosme = hex("cebae1bdb9cf83cebcceb5");

// Feeds parts one by one; returns after which part (1-based) the endpoint failed, 0 if never.
int failed_after(role side, const std::vector<bytes>& parts) {
  connection c(open_config(side));
  for (std::size_t i = 0; i < parts.size(); ++i) {
    c.receive_data(parts[i]);
    for (const auto& e : c.events())
      if (e.kind == event_kind::failed) {
        EXPECT_EQ(e.err, error::bad_utf8);
        EXPECT_EQ(e.code, 1007);
        return static_cast<int>(i + 1);
      }
  }
  return 0;
}

TEST_P(Utf8FailFast, Autobahn641FailsOnTheFragmentWithTheBadOctet) {
  EXPECT_EQ(failed_after(side(), {frame(side(), 1, kKosme, false), frame(side(), 0, hex("f4908080"), false),
                                  frame(side(), 0, b("edited"))}),
            2);
}

TEST_P(Utf8FailFast, Autobahn642DoesNotFailOnAValidPrefixEndingInF4) {
  EXPECT_EQ(failed_after(side(), {frame(side(), 1, cat({kKosme, hex("f4")}), false), frame(side(), 0, hex("90"), false),
                                  frame(side(), 0, cat({hex("8080"), b("edited")}))}),
            2);
}

TEST_P(Utf8FailFast, Autobahn643FailsInsideOneFrameWhenTheBadChopArrives) {
  const bytes whole = frame(side(), 1, cat({kKosme, hex("f4908080"), b("edited")}));
  const std::size_t header = whole.size() - 21;
  const std::size_t cut1 = header + 11, cut2 = header + 15;
  EXPECT_EQ(failed_after(side(), {bytes(whole.begin(), whole.begin() + cut1), bytes(whole.begin() + cut1, whole.begin() + cut2),
                                  bytes(whole.begin() + cut2, whole.end())}),
            2);
}

TEST_P(Utf8FailFast, Autobahn644FailsOnTheOctetAfterF4) {
  const bytes whole = frame(side(), 1, cat({kKosme, hex("f4908080"), b("edited")}));
  const std::size_t header = whole.size() - 21;
  const std::size_t cut1 = header + 12, cut2 = header + 13;
  EXPECT_EQ(failed_after(side(), {bytes(whole.begin(), whole.begin() + cut1), bytes(whole.begin() + cut1, whole.begin() + cut2),
                                  bytes(whole.begin() + cut2, whole.end())}),
            2);
}

TEST_P(Utf8FailFast, AcceptsValidTextSplitIntoOneOctetFramesAutobahn623) {
  const bytes text = hex("48656c6c6f2dc2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121");
  bytes wire;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bytes f = frame(side(), i == 0 ? 1 : 0, {text[i]}, i + 1 == text.size());
    wire.insert(wire.end(), f.begin(), f.end());
  }
  EXPECT_EQ(run(open_config(side()), wire).events, std::vector<std::string>{"message text Hello-µ@ßöäüàá-UTF-8!!"});
}

TEST_P(Utf8FailFast, FailsAtMessageEndOnTruncatedSequence) {
  EXPECT_EQ(failed_after(side(), {frame(side(), 1, hex("cebae1bd"))}), 1);
}

// Autobahn 6.5-6.23 verdicts for single frames, valid and invalid.
TEST(Utf8Validator, AutobahnGroup6Payloads) {
  const char* valid[] = {"68656c6c6f24776f726c64", "68656c6c6fc2a2776f726c64", "f0a4ada2", "00", "c280", "e0a080",
                         "f0908080", "7f", "dfbf", "efbfbf", "f48fbfbf", "ed9fbf", "ee8080", "efbfbd", "efbfbe", "f48fbfbe"};
  const char* invalid[] = {"f888808080", "fc8480808080", "f7bfbfbf", "f4908080", "80", "bf", "80bf", "c020", "e020",
                           "c0", "e080", "f08080", "df", "efbf", "fe", "ff", "fefeffff", "c0af", "e080af", "f08080af",
                           "c1bf", "e09fbf", "f08fbfbf", "c080", "e08080", "eda080", "edbfbf", "eda080edb080"};
  for (const char* h : valid) EXPECT_TRUE(utf8_valid(hex(h).data(), hex(h).size())) << h;
  for (const char* h : invalid) EXPECT_FALSE(utf8_valid(hex(h).data(), hex(h).size())) << h;
}

// The kernel with its ASCII fast path against the octet-at-a-time reference: same error
// offset on random, near-valid and long mixed inputs, under random splits.
TEST(Utf8Validator, FastPathEqualsScalarReferenceUnderAnySplit) {
  std::mt19937 rng(8);
  const std::vector<bytes> pieces = {b("plain ascii text, long enough to use the fast path....."), hex("c3a9"),
                                     hex("e282ac"), hex("f09f9880"), hex("eda080"), hex("f4908080"), hex("c0af"), hex("80"),
                                     hex("e0"), hex("f0")};
  for (int round = 0; round < 3000; ++round) {
    bytes text;
    const int parts = 1 + static_cast<int>(rng() % 12);
    for (int p = 0; p < parts; ++p) {
      const bytes& piece = pieces[rng() % (round % 3 == 0 ? pieces.size() : 4)];
      text.insert(text.end(), piece.begin(), piece.end());
    }
    if (round % 5 == 0 && !text.empty()) text[rng() % text.size()] = static_cast<std::uint8_t>(rng());
    utf8_validator ref;
    const std::size_t ref_at = ref.feed_scalar(text.data(), text.size());
    utf8_validator fast;
    std::size_t fast_at = utf8_validator::npos, at = 0;
    while (at < text.size() && fast_at == utf8_validator::npos) {
      const std::size_t n = std::min<std::size_t>(1 + rng() % 40, text.size() - at);
      const std::size_t r = fast.feed(text.data() + at, n);
      if (r != utf8_validator::npos) fast_at = at + r;
      at += n;
    }
    ASSERT_EQ(fast_at, ref_at) << round;
    if (ref_at == utf8_validator::npos) {
      ASSERT_EQ(fast.complete(), ref.complete());
    }
  }
}

// Long texts take the SIMD path (64 octets or more at a code point boundary): the result must
// still be exactly the scalar DFA's, whole and under random splits.
TEST(Utf8Validator, SimdKernelEqualsScalarOnLongMixedText) {
  std::mt19937 rng(11);
  const std::vector<bytes> pieces = {b("Latin text "), hex("c3a9c3a8"), hex("e4b8ade69687"), hex("f09f9880"),
                                     hex("cebae1bdb9cf83cebcceb5"), b("0123456789abcdef0123456789abcdef")};
  for (int round = 0; round < 4000; ++round) {
    bytes text;
    const std::size_t target = 64 + rng() % 3000;
    while (text.size() < target) {
      const bytes& p = pieces[rng() % pieces.size()];
      text.insert(text.end(), p.begin(), p.end());
    }
    const int damage = static_cast<int>(rng() % 4);
    if (damage == 1) text[rng() % text.size()] = static_cast<std::uint8_t>(rng());
    if (damage == 2) text.resize(text.size() - 1 - rng() % 3);
    utf8_validator ref;
    const std::size_t ref_at = ref.feed_scalar(text.data(), text.size());
    utf8_validator whole;
    ASSERT_EQ(whole.feed(text.data(), text.size()), ref_at) << round;
    ASSERT_EQ(whole.complete(), ref.complete()) << round;
    utf8_validator split;
    std::size_t split_at = utf8_validator::npos;
    for (std::size_t at = 0; at < text.size() && split_at == utf8_validator::npos;) {
      const std::size_t n = std::min<std::size_t>(1 + rng() % 300, text.size() - at);
      const std::size_t r = split.feed(text.data() + at, n);
      if (r != utf8_validator::npos) split_at = at + r;
      at += n;
    }
    ASSERT_EQ(split_at, ref_at) << round;
  }
}

// Every pair of octets placed across a 32-octet block edge, inside otherwise valid text:
// all 65,536 pairs, each at three positions, agree with the scalar DFA.
TEST(Utf8Validator, SimdKernelEqualsScalarForEveryOctetPairAtBlockEdges) {
  for (std::size_t pos : {30u, 31u, 32u}) {
    for (int a = 0; a < 256; ++a)
      for (int c = 0; c < 256; ++c) {
        bytes text(128, 'x');
        text[pos] = static_cast<std::uint8_t>(a);
        text[pos + 1] = static_cast<std::uint8_t>(c);
        text[pos + 2] = 0x80;  // a continuation after the pair exercises 3-octet forms too
        utf8_validator ref, fast;
        ASSERT_EQ(fast.feed(text.data(), text.size()), ref.feed_scalar(text.data(), text.size()))
            << std::hex << a << " " << c << " at " << std::dec << pos;
      }
  }
}

}  // namespace
}  // namespace wsconform::impl
