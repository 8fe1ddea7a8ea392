// Reference UTF-8 (RFC 3629, required by RFC 6455 §8.1): validity, the exact octet at which a
// prefix stops being completable, and the rule that made it so.
#include <gtest/gtest.h>

#include "model/utf8.hpp"
#include "trace.hpp"

namespace wsconform::model {
namespace {

using testing::hex;

struct Bad {
  const char* hex;
  std::uint64_t offset;
  RuleId rule;
};

void expect_bad(const Bad& b) {
  const Bytes in = hex(b.hex);
  const auto whole = validate_utf8(in);
  ASSERT_TRUE(whole.has_value()) << b.hex;
  EXPECT_EQ(whole->offset, b.offset) << b.hex;
  EXPECT_EQ(whole->rule, b.rule) << b.hex << " got " << whole->rule.value;
  // Octet by octet: the error appears exactly when octet `offset` is fed.
  Utf8Validator v;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto err = v.feed(std::span(in).subspan(i, 1));
    if (i < b.offset) {
      EXPECT_FALSE(err.has_value()) << b.hex << " early at " << i;
    } else {
      EXPECT_TRUE(err.has_value()) << b.hex << " late at " << i;
    }
  }
}

void expect_good(const char* h) {
  const Bytes in = hex(h);
  EXPECT_FALSE(validate_utf8(in).has_value()) << h;
  Utf8Validator v;
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_FALSE(v.feed(std::span(in).subspan(i, 1))) << h;
  EXPECT_TRUE(v.at_boundary()) << h;
}

TEST(Utf8, utf8_no_overlong_fails_at_the_first_octet_that_forces_an_overlong) {
  expect_bad({"c0af", 0, rule::utf8_no_overlong});        // C0/C1 can only be overlong
  expect_bad({"c1bf", 0, rule::utf8_no_overlong});
  expect_bad({"e080af", 1, rule::utf8_no_overlong});      // E0 needs A0-BF next
  expect_bad({"e09fbf", 1, rule::utf8_no_overlong});
  expect_bad({"f08080af", 1, rule::utf8_no_overlong});    // F0 needs 90-BF next
  expect_bad({"f08fbfbf", 1, rule::utf8_no_overlong});
  expect_good("c280");
  expect_good("e0a080");
  expect_good("f0908080");
}

TEST(Utf8, utf8_no_surrogates_fails_at_the_second_octet) {
  for (const char* h : {"eda080", "edadbf", "edae80", "edafbf", "edb080", "edbe80", "edbfbf"})
    expect_bad({h, 1, rule::utf8_no_surrogates});
  expect_good("ed9fbf");  // U+D7FF
  expect_good("ee8080");  // U+E000
}

TEST(Utf8, utf8_max_code_point_fails_past_u10ffff) {
  expect_bad({"f4908080", 1, rule::utf8_max_code_point});  // U+110000
  expect_bad({"f5", 0, rule::utf8_max_code_point});
  expect_bad({"f7bfbfbf", 0, rule::utf8_max_code_point});
  expect_bad({"f888808080", 0, rule::utf8_max_code_point});  // removed five-octet form
  expect_bad({"fc8480808080", 0, rule::utf8_max_code_point});
  expect_bad({"fe", 0, rule::utf8_max_code_point});
  expect_bad({"ff", 0, rule::utf8_max_code_point});
  expect_good("f48fbfbf");  // U+10FFFF
}

TEST(Utf8, utf8_sequence_complete_lone_continuations_and_truncations) {
  expect_bad({"80", 0, rule::utf8_sequence_complete});
  expect_bad({"41bf", 1, rule::utf8_sequence_complete});
  expect_bad({"c220", 1, rule::utf8_sequence_complete});  // lonely start byte + space
  expect_bad({"e0a020", 2, rule::utf8_sequence_complete});
  // Truncated at the end of the text: invalid one past the last octet.
  const auto err = validate_utf8(hex("cebae1bd"));
  ASSERT_TRUE(err);
  EXPECT_EQ(err->offset, 4u);
  EXPECT_EQ(err->rule, rule::utf8_sequence_complete);
}

TEST(Utf8, utf8_noncharacters_valid_autobahn_6_22_and_6_23) {
  for (const char* h : {"efbfbe", "efbfbf", "f09fbfbe", "f09fbfbf", "f0afbfbe", "f0afbfbf", "f0bfbfbe",
                        "f0bfbfbf", "f18fbfbe", "f18fbfbf", "f19fbfbe", "f19fbfbf", "f1afbfbe", "f1afbfbf",
                        "f1bfbfbe", "f1bfbfbf", "f28fbfbe", "f28fbfbf", "f29fbfbe", "f29fbfbf", "f2afbfbe",
                        "f2afbfbf", "f2bfbfbe", "f2bfbfbf", "f38fbfbe", "f38fbfbf", "f39fbfbe", "f39fbfbf",
                        "f3afbfbe", "f3afbfbf", "f3bfbfbe", "f3bfbfbf", "f48fbfbe", "f48fbfbf", "efbfb9",
                        "efbfba", "efbfbb", "efbfbc", "efbfbd"})
    expect_good(h);
}

// Autobahn 6.4: κόσμε then F4 90 80 80 - the prefix dies at the 0x90, octet 12 (index 12).
TEST(Utf8, utf8_fail_fast_point_of_autobahn_6_4_payload) {
  expect_bad({"cebae1bdb9cf83cebcceb5f4908080656469746564", 12, rule::utf8_max_code_point});
  // Ending in F4 alone is still a valid prefix.
  Utf8Validator v;
  EXPECT_FALSE(v.feed(hex("cebae1bdb9cf83cebcceb5f4")));
  EXPECT_FALSE(v.at_boundary());
}

// Exhaustive over every code point: its UTF-8 encoding is valid iff it is a scalar value.
TEST(Utf8, every_code_point_encoding_valid_iff_scalar_value) {
  for (std::uint32_t cp = 0; cp < 0x110000; ++cp) {
    Bytes b;
    if (cp < 0x80) b = {static_cast<std::uint8_t>(cp)};
    else if (cp < 0x800) b = {static_cast<std::uint8_t>(0xC0 | (cp >> 6)), static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
    else if (cp < 0x10000)
      b = {static_cast<std::uint8_t>(0xE0 | (cp >> 12)), static_cast<std::uint8_t>(0x80 | ((cp >> 6) & 0x3F)),
           static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
    else
      b = {static_cast<std::uint8_t>(0xF0 | (cp >> 18)), static_cast<std::uint8_t>(0x80 | ((cp >> 12) & 0x3F)),
           static_cast<std::uint8_t>(0x80 | ((cp >> 6) & 0x3F)), static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    ASSERT_EQ(!validate_utf8(b).has_value(), !surrogate) << std::hex << cp;
  }
}

// Exhaustive over every two-octet input: the verdict matches a direct reading of RFC 3629's
// table (UTF8-1 / UTF8-2 and valid prefixes of UTF8-3 / UTF8-4).
TEST(Utf8, every_two_octet_input_matches_the_rfc_3629_table) {
  auto prefix_ok = [](std::uint8_t a, std::uint8_t b) {
    auto tail = [](std::uint8_t x) { return x >= 0x80 && x <= 0xBF; };
    if (a <= 0x7F) return b <= 0x7F || (b >= 0xC2 && b <= 0xF4);
    if (a >= 0xC2 && a <= 0xDF) return tail(b);
    if (a == 0xE0) return b >= 0xA0 && b <= 0xBF;
    if ((a >= 0xE1 && a <= 0xEC) || a == 0xEE || a == 0xEF) return tail(b);
    if (a == 0xED) return b >= 0x80 && b <= 0x9F;
    if (a == 0xF0) return b >= 0x90 && b <= 0xBF;
    if (a >= 0xF1 && a <= 0xF3) return tail(b);
    if (a == 0xF4) return b >= 0x80 && b <= 0x8F;
    return false;
  };
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      Utf8Validator v;
      const Bytes in{static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b)};
      ASSERT_EQ(!v.feed(in).has_value(), prefix_ok(in[0], in[1])) << std::hex << a << " " << b;
    }
}

}  // namespace
}  // namespace wsconform::model
