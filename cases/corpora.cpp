#include "cases/corpora.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace wsconform::cases {
namespace {

using Bytes = std::vector<std::uint8_t>;

// Sizes of the files Autobahn ships (its subcategory titles print them).
constexpr std::size_t kJsonSize = 194056, kBitmapSize = 263222, kFaustSize = 222218, kHtmlSize = 263647, kPdfSize = 1042328;

// splitmix64: a fixed sequence, the same on every platform and standard library.
class Sequence {
 public:
  explicit Sequence(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // Small indices far more often than large ones (word frequencies), in integers only.
  std::size_t skewed(std::size_t n) { return below(1 + below(n)); }

 private:
  std::uint64_t s_;
};

void append(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

// Cut or pad (with `pad`) to exactly `size` octets.
void fit(Bytes& out, std::size_t size, char pad) {
  if (out.size() > size) out.resize(size);
  while (out.size() < size) out.push_back(static_cast<std::uint8_t>(pad));
}

// Repetitive ASCII JSON: an array of near-identical records (Autobahn's data1.json: zlib-6 ratio 0.043).
Bytes json_data() {
  Sequence r(1);
  static constexpr std::array kinds{"sensor", "gateway", "relay", "meter"};
  static constexpr std::array units{"C", "F", "K"};
  Bytes out;
  append(out, "[\n");
  for (std::size_t id = 1; out.size() < kJsonSize; ++id) {
    const std::size_t k = r.below(64) == 0 ? r.below(kinds.size()) : 0;
    std::string rec = "  {\"id\": " + std::to_string(id) + ", \"type\": \"" + kinds[k] + "\", \"name\": \"station-" +
                      std::to_string(id % 12) + "\", \"active\": " + (id % 7 == 0 ? "false" : "true") +
                      ", \"reading\": {\"value\": " + std::to_string(20 + (id % 5)) + ".5, \"unit\": \"" +
                      units[r.below(32) == 0 ? 1 : 0] + "\"}, \"tags\": [\"outdoor\", \"roof\"]},\n";
    append(out, rec);
  }
  fit(out, kJsonSize - 2, ' ');
  append(out, "]\n");
  return out;
}

// -128..127 and back over 512 steps.
int triangle(int t) {
  t = ((t % 512) + 512) % 512;
  return t < 256 ? t - 128 : 383 - t;
}

// A 512x512 8-bit grey bitmap (BMP): smooth shapes under sensor noise (lena512.bmp: 0.851).
Bytes bitmap_data() {
  Sequence r(2);
  Bytes out;
  auto u16 = [&](std::uint32_t v) { out.push_back(v & 0xff), out.push_back((v >> 8) & 0xff); };
  auto u32 = [&](std::uint32_t v) { u16(v & 0xffff), u16(v >> 16); };
  constexpr std::uint32_t w = 512, h = 512, pixels_at = 14 + 40 + 1024;
  append(out, "BM"), u32(static_cast<std::uint32_t>(kBitmapSize)), u32(0), u32(pixels_at);
  u32(40), u32(w), u32(h), u16(1), u16(8), u32(0), u32(w * h), u32(2835), u32(2835), u32(256), u32(0);
  for (std::uint32_t i = 0; i < 256; ++i) out.push_back(i & 0xff), out.push_back(i & 0xff), out.push_back(i & 0xff), out.push_back(0);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      // Integers only, so every platform draws the same picture: two crossing triangle waves.
      const int v = 128 + triangle(static_cast<int>(x * 3) + triangle(static_cast<int>(y * 2)) + 200) / 2 +
                    triangle(static_cast<int>(y * 5 + x)) / 3 + static_cast<int>(r.below(9)) - 4;
      out.push_back(static_cast<std::uint8_t>(std::clamp(v, 0, 255)));
    }
  return out;
}

// German-like verse in a play's layout (speakers, lines), sent as binary; 2,846 two-octet
// characters (pg2229.txt: 0.385). Written with "ae", "oe", "ue", "ss" first, then that many
// digraphs become "ä", "ö", "ü", "ß" - the same octet count, so the size stays exact.
Bytes faust_data() {
  Sequence r(3);
  static constexpr std::array syllables{"ge", "ber", "ein", "schae", "hen", "ich", "wol", "die", "mein", "sein",
                                        "nacht", "lie", "be", "gei", "stes", "ue", "welt", "herz", "dun", "kel",
                                        "fro", "he", "zeit", "mues", "sen", "groe", "sse", "traum", "licht", "schoe",
                                        "ne", "wei", "ter", "ver", "lo", "ren", "wis", "sen", "schaft", "ruh"};
  static constexpr std::array speakers{"FAUST.", "MEPHISTOPHELES.", "WAGNER.", "MARGARETE.", "CHOR DER ENGEL.", "MARTHE."};
  std::vector<std::string> words;
  for (int i = 0; i < 9000; ++i) {
    std::string w;
    const std::size_t n = 1 + r.below(3);
    for (std::size_t s = 0; s < n; ++s) w += syllables[r.below(syllables.size())];
    words.push_back(std::move(w));
  }
  Bytes out;
  while (out.size() < kFaustSize) {
    append(out, "\n");
    append(out, speakers[r.below(speakers.size())]);
    append(out, "\n");
    for (std::size_t line = 0, lines = 2 + r.below(8); line < lines; ++line) {
      std::string text;
      for (std::size_t k = 0, n = 4 + r.below(5); k < n; ++k) {
        std::string w = words[r.below(2) == 0 ? r.below(words.size()) : r.skewed(words.size())];
        if (k == 0 || r.below(5) == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
        text += (k ? " " : "") + w;
      }
      text += ".,;!?,"[r.below(6)];
      append(out, text + "\n");
    }
  }
  fit(out, kFaustSize, '\n');
  // Spread the two-octet characters evenly over the text.
  constexpr std::size_t kWide = 2846;
  std::size_t done = 0;
  for (std::size_t i = 0; i + 1 < out.size() && done < kWide; ++i) {
    if (i < done * (kFaustSize / kWide)) continue;
    const char a = static_cast<char>(out[i]), b = static_cast<char>(out[i + 1]);
    const char* wide = (a == 'a' && b == 'e') ? "\xc3\xa4" : (a == 'o' && b == 'e') ? "\xc3\xb6"
                     : (a == 'u' && b == 'e') ? "\xc3\xbc" : (a == 's' && b == 's') ? "\xc3\x9f" : nullptr;
    if (!wide) continue;
    out[i] = static_cast<std::uint8_t>(wide[0]), out[i + 1] = static_cast<std::uint8_t>(wide[1]);
    ++done, ++i;
  }
  return out;
}

// A long HTML table with 26 multi-octet code points in its cells, up to U+1F79 (data1.html: 0.055).
Bytes html_data() {
  Sequence r(4);
  static constexpr std::array names{"alpha", "beta", "gamma", "delta", "omega"};
  Bytes out;
  append(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Inventory</title>\n</head>\n<body>\n<table class=\"list\">\n");
  for (std::size_t row = 1; out.size() < kHtmlSize - 40; ++row) {
    // One draw per statement: the order operands are evaluated in is the compiler's choice.
    const char* name = names[r.below(names.size())];
    const std::size_t number = r.below(40);
    const bool sold_out = r.below(3) == 0;
    const std::size_t price = 10 + r.below(90);
    std::string tr = "<tr class=\"row\"><td class=\"id\">" + std::to_string(row) + "</td><td class=\"name\">item " + name + "-" +
                     std::to_string(number) + "</td><td class=\"state\">" + (sold_out ? "sold out" : "in stock") +
                     "</td><td class=\"price\">" + std::to_string(price) + ".00</td></tr>\n";
    append(out, tr);
  }
  fit(out, kHtmlSize - 24, '\n');
  append(out, "</table>\n</body></html>\n");
  // 13 two-octet and 13 three-octet code points, each over as many ASCII letters of a cell.
  static constexpr std::array<const char*, 2> wide{"\xc3\xa9", "\xe1\xbd\xb9"};  // U+00E9, U+1F79
  for (std::size_t k = 0; k < 26; ++k) {
    const std::string_view w = wide[k % 2];
    for (std::size_t i = (k + 1) * (kHtmlSize / 28); i + 4 < out.size(); ++i) {
      if (!std::isalpha(out[i]) || !std::isalpha(out[i + 1]) || !std::isalpha(out[i + 2])) continue;
      for (std::size_t j = 0; j < w.size(); ++j) out[i + j] = static_cast<std::uint8_t>(w[j]);
      break;
    }
  }
  return out;
}

// A PDF-like file: text objects between high-entropy streams (as compressed streams are), and an
// xref table
// (10.1.1.105.5439.pdf: 0.758).
Bytes pdf_data() {
  Sequence r(5);
  Bytes out;
  append(out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  std::vector<std::size_t> offsets;
  for (std::size_t obj = 1; out.size() < kPdfSize - 60000; ++obj) {
    offsets.push_back(out.size());
    std::string text;
    for (int k = 0; k < 40; ++k) {
      const std::size_t font = 1 + r.below(3), x = 72 + r.below(400), y = 72 + r.below(600), letters = 3 + r.below(7);
      text += "BT /F" + std::to_string(font) + " 10 Tf " + std::to_string(x) + " " + std::to_string(y) + " Td (" +
              std::string("abcdefghij", letters) + ") Tj ET\n";
    }
    // A compressed stream is, to a compressor, what these are: octets with no redundancy left.
    Bytes packed(4400);
    for (auto& b : packed) b = static_cast<std::uint8_t>(r.next() >> 56);
    append(out, std::to_string(obj) + " 0 obj\n<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> >>\n" + text);
    append(out, "<< /Length " + std::to_string(packed.size()) + " /Filter /FlateDecode >>\nstream\n");
    out.insert(out.end(), packed.begin(), packed.end());
    append(out, "\nendstream\nendobj\n");
  }
  append(out, "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n");
  for (std::size_t o : offsets) {
    std::string line = std::to_string(o);
    append(out, std::string(10 - line.size(), '0') + line + " 00000 n \n");
  }
  fit(out, kPdfSize - 6, '\n');
  append(out, "%%EOF\n");
  return out;
}

Corpus make(CorpusId id) {
  Corpus c{id, {}, true, {}, {}};
  switch (id) {
    case CorpusId::json: c.title = "Large JSON data file", c.binary = false, c.data = json_data(); break;
    case CorpusId::bitmap: c.title = "Picture, Bitmap 512x512 bw", c.data = bitmap_data(); break;
    case CorpusId::faust: c.title = "Human readable text, verse drama (German)", c.data = faust_data(); break;
    case CorpusId::html: c.title = "Large HTML file", c.binary = false, c.data = html_data(); break;
    case CorpusId::pdf: c.title = "A larger PDF", c.data = pdf_data(); break;
  }
  if (!c.binary) {
    for (std::size_t i = 0; i < c.data.size(); ++i)
      if ((c.data[i] & 0xc0) != 0x80) c.code_points.push_back(static_cast<std::uint32_t>(i));
    c.code_points.push_back(static_cast<std::uint32_t>(c.data.size()));
  }
  return c;
}

}  // namespace

const Corpus& corpus(CorpusId id) {
  static const std::array<Corpus, 5> all{make(CorpusId::json), make(CorpusId::bitmap), make(CorpusId::faust), make(CorpusId::html),
                                         make(CorpusId::pdf)};
  return all[static_cast<std::size_t>(id)];
}

std::span<const std::uint8_t> slice(const Corpus& c, std::size_t& from, std::size_t len, std::vector<std::uint8_t>& wrap_buffer) {
  const std::size_t n = c.length();
  const std::size_t to = (from + len) % n;
  auto octet = [&](std::size_t unit) { return c.binary ? unit : c.code_points[unit]; };
  const std::size_t a = octet(from), b = octet(to);
  from = to;
  if (len == 0) return {};
  if (b > a) return {c.data.data() + a, b - a};
  wrap_buffer.assign(c.data.begin() + static_cast<std::ptrdiff_t>(a), c.data.end());
  wrap_buffer.insert(wrap_buffer.end(), c.data.begin(), c.data.begin() + static_cast<std::ptrdiff_t>(b));
  return wrap_buffer;
}

}  // namespace wsconform::cases
