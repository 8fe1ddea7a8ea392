// Z3's enumeration against brute force: over the whole close-code domain (65,536 codes) and
// the whole code point domain the solver finds exactly the values where a rule's decision
// changes; over the 64-bit length domain every reported edge is a real change and the known
// ones are all there.
#include <gtest/gtest.h>

#include <chrono>

#include "boundaries/boundaries.hpp"
#include "model/numeric_rules.hpp"

namespace wsconform::boundaries {
namespace {

namespace n = model::numeric;

const std::vector<RuleBoundaries>& all() {
  static const auto a = enumerate_all();
  return a;
}

const RuleBoundaries& find(std::string_view predicate) {
  for (const auto& r : all())
    if (r.predicate == predicate) return r;
  throw std::runtime_error("no predicate " + std::string(predicate));
}

template <class F>
std::vector<std::uint64_t> brute_force(F rule, std::uint64_t lo, std::uint64_t hi) {
  std::vector<std::uint64_t> v;
  for (std::uint64_t x = lo; x < hi; ++x)
    if (rule(x) != rule(x + 1)) v.push_back(x);
  return v;
}

std::vector<std::uint64_t> belows(const RuleBoundaries& r) {
  std::vector<std::uint64_t> v;
  for (const auto& e : r.edges) v.push_back(e.below);
  return v;
}

TEST(Z3Boundaries, EnumeratesEveryRuleInUnderOneSecond) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto fresh = enumerate_all();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(fresh.size(), 20u);
  EXPECT_LT(s, 5.0) << "enumeration took " << s << " s";  // under a second in a release build
}

TEST(Z3Boundaries, CloseCodeEdgesMatchBruteForceOverAll65536Codes) {
  EXPECT_EQ(belows(find("close_code_valid")), brute_force([](std::uint64_t c) { return n::close_code_valid(c); }, 0, 65535));
  EXPECT_EQ(belows(find("close_code_defined")), brute_force([](std::uint64_t c) { return n::close_code_defined(c); }, 0, 65535));
  EXPECT_EQ(belows(find("close_code_not_sendable")), brute_force([](std::uint64_t c) { return n::close_code_not_sendable(c); }, 0, 65535));
  EXPECT_EQ(belows(find("close_code_unassigned")), brute_force([](std::uint64_t c) { return n::close_code_unassigned(c); }, 0, 65535));
}

TEST(Z3Boundaries, CloseCodeEdgesAreTheRfcsOwn) {
  // 999/1000, 1003/1004, 1006/1007, the end of the IANA registrations 1014/1015, 2999/3000, 4999/5000.
  EXPECT_EQ(belows(find("close_code_valid")), (std::vector<std::uint64_t>{999, 1003, 1006, 1014, 2999, 4999}));
  const auto points = close_code_points(all());
  for (std::uint16_t c : {999, 1000, 1003, 1004, 1005, 1006, 1007, 1011, 1012, 1014, 1015, 1016, 2999, 3000, 3999, 4000, 4999, 5000})
    EXPECT_NE(std::find(points.begin(), points.end(), c), points.end()) << c;
}

TEST(Z3Boundaries, CodePointEdgesMatchBruteForce) {
  EXPECT_EQ(belows(find("code_point_is_surrogate")), (std::vector<std::uint64_t>{0xD7FF, 0xDFFF}));
  EXPECT_EQ(belows(find("code_point_in_range")), (std::vector<std::uint64_t>{0x10FFFF}));
  for (int len = 1; len <= 4; ++len) {
    const auto& r = find("utf8_sequence_valid(" + std::to_string(len) + ")");
    EXPECT_EQ(belows(r), brute_force([len](std::uint64_t v) { return n::utf8_sequence_valid(len, v); }, 0, 0x1FFFFF)) << len;
  }
  EXPECT_EQ(belows(find("utf8_length_is_shortest(2)")), (std::vector<std::uint64_t>{0x7F, 0x7FF}));
}

TEST(Z3Boundaries, LengthEdgesAre125And65535And2To63) {
  EXPECT_EQ(belows(find("length_encoding_minimal(7-bit)")), (std::vector<std::uint64_t>{125}));
  EXPECT_EQ(belows(find("length_encoding_minimal(16-bit)")), (std::vector<std::uint64_t>{125, 65535}));
  EXPECT_EQ(belows(find("length_encoding_minimal(64-bit)")), (std::vector<std::uint64_t>{65535, 0x7FFF'FFFF'FFFF'FFFFull}));
  EXPECT_EQ(belows(find("length_msb_clear")), (std::vector<std::uint64_t>{0x7FFF'FFFF'FFFF'FFFFull}));
  EXPECT_EQ(belows(find("close_payload_length_valid")), (std::vector<std::uint64_t>{0, 1, 125}));
  for (const auto& r : all())  // every reported edge is a real change of the concrete rule
    for (const auto& e : r.edges) EXPECT_NE(e.holds_below, e.holds_above) << r.predicate << " at " << e.below;
}


// RFC 7692: the window parameter's edges are 7/8 and 15/16, zlib's is 8/9, and each agreed
// window N allows back-references up to exactly 2^N.
TEST(Z3Boundaries, pmd_window_bits_value_edges_are_7_8_and_15_16) {
  EXPECT_EQ(belows(find("window_bits_valid")), (std::vector<std::uint64_t>{7, 15}));
  EXPECT_EQ(belows(find("window_bits_zlib_compressible")), (std::vector<std::uint64_t>{8}));
  EXPECT_EQ(window_bits_points(all()), (std::vector<int>{7, 8, 9, 15, 16}));
}

TEST(Z3Boundaries, pmd_window_sender_bound_each_window_ends_at_2_to_the_n) {
  for (int bits = 8; bits <= 15; ++bits) {
    const auto& r = find("back_reference_within_window(" + std::to_string(bits) + ")");
    const std::uint64_t edge = std::uint64_t{1} << bits;
    EXPECT_EQ(belows(r), bits == 15 ? std::vector<std::uint64_t>{} : std::vector<std::uint64_t>{edge}) << bits;
    EXPECT_EQ(belows(r), brute_force([bits](std::uint64_t d) { return n::back_reference_within_window(bits, d); }, 1, 32768)) << bits;
  }
}

TEST(Z3Boundaries, pmd_limit_inflated_size_edges_are_the_limit_and_one_more) {
  EXPECT_EQ(inflated_limit_points(16u << 20), (std::vector<std::uint64_t>{16u << 20, (16u << 20) + 1}));
}

}  // namespace
}  // namespace wsconform::boundaries
