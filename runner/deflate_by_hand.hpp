// DEFLATE data (RFC 1951) built block by block, for cases that need an exact shape no
// compressor is asked to produce: a back-reference at exactly the window's distance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wsconform::runner {

using Bytes = std::vector<std::uint8_t>;

// A permessage-deflate payload (RFC 7692 §7.2.1: the sync flush's final 00 00 ff ff removed)
// whose inflated message is `literal` followed by `match_length` octets copied by one
// back-reference of distance `literal.size()` (overlapping its own output when longer): stored blocks for the literal, then
// a fixed-Huffman block with the match. `literal.size()` in 1..32768, `match_length` in 3..258.
Bytes payload_with_match_at_distance(std::span<const std::uint8_t> literal, std::size_t match_length);

}  // namespace wsconform::runner
