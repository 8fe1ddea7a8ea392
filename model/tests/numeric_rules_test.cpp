// The numeric rules decide every value of their domain, and put their edges where the RFC does.
#include <gtest/gtest.h>

#include "model/numeric_rules.hpp"

namespace wsconform::model::numeric {
namespace {

// §7.4: each of the 65,536 codes falls in exactly one class.
TEST(CloseCodeClasses, partition_all_65536_codes) {
  for (std::uint32_t c = 0; c <= 0xFFFF; ++c) {
    const int classes = int(close_code_in_unused_range(c)) + int(close_code_defined(c)) +
                        int(close_code_is_reserved_1004(c)) + int(close_code_not_sendable(c)) +
                        int(close_code_iana_registered(c)) + int(close_code_unassigned(c)) +
                        int(close_code_library_range(c)) + int(close_code_private_range(c)) +
                        int(close_code_beyond_4999(c));
    ASSERT_EQ(classes, 1) << "code " << c;
  }
}

TEST(CloseCodeClasses, close_code_valid_is_exactly_defined_registered_library_and_private) {
  int valid = 0;
  for (std::uint32_t c = 0; c <= 0xFFFF; ++c) valid += close_code_valid(c) ? 1 : 0;
  // 1000-1003 (4) + 1007-1011 (5) + 1012-1014 (3) + 3000-4999 (2000)
  EXPECT_EQ(valid, 4 + 5 + 3 + 2000);
  for (std::uint32_t c : {999u, 1004u, 1005u, 1006u, 1015u, 1016u, 2999u, 5000u}) EXPECT_FALSE(close_code_valid(c)) << c;
  for (std::uint32_t c : {1000u, 1003u, 1007u, 1011u, 1012u, 1014u, 3000u, 4999u}) EXPECT_TRUE(close_code_valid(c)) << c;
}

// §5.2 the length forms change at 125/126 and 65535/65536; the 64-bit form ends at 2^63-1.
TEST(LengthRules, frame_length_minimal_edges) {
  EXPECT_TRUE(length_encoding_minimal(length_form::bits7, 125ull));
  EXPECT_FALSE(length_encoding_minimal(length_form::bits7, 126ull));
  EXPECT_FALSE(length_encoding_minimal(length_form::bits16, 125ull));
  EXPECT_TRUE(length_encoding_minimal(length_form::bits16, 126ull));
  EXPECT_TRUE(length_encoding_minimal(length_form::bits16, 65535ull));
  EXPECT_FALSE(length_encoding_minimal(length_form::bits16, 65536ull));
  EXPECT_FALSE(length_encoding_minimal(length_form::bits64, 65535ull));
  EXPECT_TRUE(length_encoding_minimal(length_form::bits64, 65536ull));
  EXPECT_TRUE(length_encoding_minimal(length_form::bits64, 0x7FFF'FFFF'FFFF'FFFFull));
  EXPECT_FALSE(length_encoding_minimal(length_form::bits64, 0x8000'0000'0000'0000ull));
}

TEST(LengthRules, frame_length_msb_zero_edge_at_2_pow_63) {
  EXPECT_TRUE(length_msb_clear(0x7FFF'FFFF'FFFF'FFFFull));
  EXPECT_FALSE(length_msb_clear(0x8000'0000'0000'0000ull));
  EXPECT_FALSE(length_msb_clear(~0ull));
}

TEST(ControlRules, control_payload_max_edge_at_125) {
  EXPECT_TRUE(control_payload_fits(125u));
  EXPECT_FALSE(control_payload_fits(126u));
}

TEST(ControlRules, close_payload_code_first_lengths_0_1_2) {
  EXPECT_TRUE(close_payload_length_valid(0u));
  EXPECT_FALSE(close_payload_length_valid(1u));
  EXPECT_TRUE(close_payload_length_valid(2u));
  EXPECT_TRUE(close_payload_length_valid(125u));
  EXPECT_FALSE(close_payload_length_valid(126u));
}

// RFC 3629: every scalar value has exactly one shortest length; surrogates and values past
// U+10FFFF have none that is valid.
TEST(Utf8Rules, every_code_point_has_one_valid_length_unless_surrogate_or_too_large) {
  for (std::uint32_t cp = 0; cp <= 0x11FFFF; cp += (cp < 0x30000 ? 1 : 97)) {
    int lengths = 0;
    for (int len = 1; len <= 4; ++len) lengths += utf8_sequence_valid(len, cp) ? 1 : 0;
    const bool scalar = cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    ASSERT_EQ(lengths, scalar ? 1 : 0) << std::hex << cp;
  }
  EXPECT_FALSE(utf8_sequence_valid(5, 0x10u));
}

}  // namespace
}  // namespace wsconform::model::numeric
