// The five data sets groups 12 and 13 slice their messages from, generated here (deterministic,
// no third-party files) with the sizes, text/binary flags, kinds and compressibility of the files
// Autobahn ships: repetitive ASCII JSON, a 512x512 8-bit bitmap, natural-language text with some
// two-octet characters (sent as binary), HTML with a few multi-octet code points, and a PDF-like
// file whose streams are already compressed. Nothing in a verdict depends on the content, only
// on what was sent coming back; the kinds decide what a peer's compressor and inflater go through.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wsconform::cases {

enum class CorpusId : std::uint8_t { json, bitmap, faust, html, pdf };

struct Corpus {
  CorpusId id;
  std::string_view title;         // Autobahn's subcategory words for the data
  bool binary;                    // sent as binary messages (else text)
  std::vector<std::uint8_t> data;
  // Text only: the octet offset of every code point, and data.size() at the end, so a slice of
  // LEN code points (Autobahn slices text by code points) is two lookups.
  std::vector<std::uint32_t> code_points;
  std::size_t length() const { return binary ? data.size() : code_points.size() - 1; }
};

// Generated once and never changed (a constant, not state); safe to read from any thread.
const Corpus& corpus(CorpusId id);

// The message of `len` units (code points for text, octets for binary) starting at unit `from`,
// wrapping around at the end of the data, as Autobahn's sendOne slices; `from` moves past it.
std::span<const std::uint8_t> slice(const Corpus& c, std::size_t& from, std::size_t len, std::vector<std::uint8_t>& wrap_buffer);

}  // namespace wsconform::cases
