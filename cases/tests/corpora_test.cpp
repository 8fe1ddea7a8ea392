// The generated corpora of groups 12 and 13: Autobahn's sizes and text/binary flags, valid
// UTF-8 where sent as text, multi-octet code points where Autobahn's files have them, a zlib-6
// ratio near the original's, the same octets on every run, and Autobahn's wrap-around slicing.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>

#include "cases/corpora.hpp"
#include "model/utf8.hpp"

namespace wsconform::cases {
namespace {

double zlib6_ratio(const std::vector<std::uint8_t>& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(data.size())));
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  const double ratio = static_cast<double>(z.total_out) / static_cast<double>(data.size());
  deflateEnd(&z);
  return ratio;
}

struct Expected {
  CorpusId id;
  std::size_t size;
  bool binary;
  double zlib6;  // Autobahn's file, whole, raw deflate level 6
};
constexpr Expected kAutobahn[] = {{CorpusId::json, 194056, false, 0.043},
                                  {CorpusId::bitmap, 263222, true, 0.851},
                                  {CorpusId::faust, 222218, true, 0.385},
                                  {CorpusId::html, 263647, false, 0.055},
                                  {CorpusId::pdf, 1042328, true, 0.758}};

TEST(Corpora, autobahn_12_corpora_have_autobahns_sizes_flags_and_zlib6_ratio_within_a_fifth) {
  for (const auto& e : kAutobahn) {
    const Corpus& c = corpus(e.id);
    const double ratio = zlib6_ratio(c.data);
    std::printf("%-45s %8zu octets  %s  zlib-6 %.3f (Autobahn's file %.3f)\n", std::string(c.title).c_str(), c.data.size(),
                c.binary ? "binary" : "text  ", ratio, e.zlib6);
    EXPECT_EQ(c.data.size(), e.size) << c.title;
    EXPECT_EQ(c.binary, e.binary) << c.title;
    EXPECT_LT(std::abs(ratio - e.zlib6), e.zlib6 / 5) << c.title << ": " << ratio;
  }
}

TEST(Corpora, autobahn_12_text_corpora_are_valid_utf8_and_html_and_faust_carry_multi_octet_code_points) {
  for (auto id : {CorpusId::json, CorpusId::html, CorpusId::faust}) {
    const Corpus& c = corpus(id);
    model::Utf8Validator v;
    EXPECT_FALSE(v.feed(c.data)) << c.title;
    EXPECT_TRUE(v.at_boundary()) << c.title;
  }
  EXPECT_EQ(corpus(CorpusId::json).length(), 194056u);           // pure ASCII, as data1.json
  EXPECT_EQ(corpus(CorpusId::html).length(), 263647u - 13 - 26);  // 13 two-octet, 13 three-octet code points
  std::size_t wide = 0;
  for (auto b : corpus(CorpusId::faust).data) wide += (b & 0xc0) == 0xc0;
  EXPECT_EQ(wide, 2846u);  // as pg2229.txt
}

TEST(Corpora, autobahn_12_slices_wrap_around_in_code_points_and_the_position_carries_on) {
  const Corpus& html = corpus(CorpusId::html);
  std::vector<std::uint8_t> buffer;
  std::size_t from = 0, units = 0;
  model::Utf8Validator v;
  for (int i = 0; i < 40; ++i) {  // 40 x 8191 code points wraps around the 263,608 once
    const auto msg = slice(html, from, 8191, buffer);
    v = {};
    EXPECT_FALSE(v.feed(msg));
    EXPECT_TRUE(v.at_boundary());
    std::size_t cps = 0;
    for (auto b : msg) cps += (b & 0xc0) != 0x80;
    EXPECT_EQ(cps, 8191u);
    units += 8191;
  }
  EXPECT_EQ(from, units % html.length());
}

TEST(Corpora, autobahn_12_corpora_are_the_same_octets_every_run) {
  // FNV-1a of each corpus: a change to a generator changes what every 12.x case sends.
  const std::uint64_t h = [] {
    std::uint64_t x = 0xcbf29ce484222325ull;
    for (auto id : {CorpusId::json, CorpusId::bitmap, CorpusId::faust, CorpusId::html, CorpusId::pdf})
      for (auto b : corpus(id).data) x = (x ^ b) * 0x100000001b3ull;
    return x;
  }();
  EXPECT_EQ(h, 0xb5932b8356687132ull) << "a generator changed; if on purpose, every 12.x/13.x golden row changes too";
}

}  // namespace
}  // namespace wsconform::cases
