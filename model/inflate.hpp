// The model's own DEFLATE decoder (RFC 1951), written to be read beside the RFC, not for speed,
// and independent of zlib so that the model and impl/ stay two readings of the format. It also
// checks what zlib's inflater does not: that every back-reference stays within the window the
// endpoints agreed (RFC 7692 §7.1.2) and, when context takeover was given up (§7.1.1), inside
// the message it belongs to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/rule.hpp"

namespace wsconform::model {

using InflateBytes = std::vector<std::uint8_t>;

// Why DEFLATE data did not decode (RFC 1951 §3.2); each is pmd.payload.corrupt on the wire.
enum class InflateFault {
  reserved_block_type,      // BTYPE 11
  stored_length_mismatch,   // LEN is not the complement of NLEN
  too_many_codes,           // HLIT > 286 or HDIST > 30
  bad_code_lengths,         // an over-subscribed or incomplete code, a repeat with nothing to repeat
  no_end_of_block_code,     // the literal/length code has no code for 256
  bad_symbol,               // a code for literal/length 286-287 or distance 30-31
  distance_beyond_data,     // a back-reference to before the first octet ever decoded
  truncated,                // the data ends inside a block (pmd.payload.tail was not kept)
};
std::string_view to_string(InflateFault fault);

struct InflateError {
  InflateFault fault;
  std::size_t bit;  // where in the input (payload and tail) it was found
};

// A back-reference the agreement forbids, though the data decodes: beyond 2^window_bits
// (pmd.window.sender-bound) or into an earlier message (pmd.no-context-takeover.reset).
struct WindowBreach {
  RuleId rule;
  std::size_t distance;
  std::size_t at_output;  // the message's octet the reference produced
};

struct InflatedMessage {
  InflateBytes data;                      // what was decoded (up to the limit)
  std::optional<InflateError> error;      // the data is corrupt
  std::optional<WindowBreach> breach;     // the first forbidden reference
  bool limit_reached = false;             // more than max_output octets: decoding stopped there
  bool final_block = false;               // a block with BFINAL 1 ended the data (pmd.payload.bfinal)
};

// One direction of a connection as its receiver sees it: the sender's agreed window and
// whether it may refer to earlier messages. Messages are decoded whole, in order.
class PmdInflater {
 public:
  PmdInflater(int window_bits, bool no_context_takeover)
      : window_bits_(window_bits), no_context_takeover_(no_context_takeover) {}

  // Appends 00 00 ff ff to `payload` and decodes it (§7.2.2), producing at most `max_output`
  // octets. A corrupt message leaves the history as it was.
  InflatedMessage message(std::span<const std::uint8_t> payload, std::size_t max_output);
  // What the first octets of a message still arriving decode to, the history untouched: data
  // that stops inside a block is expected here (InflateFault::truncated), anything else is not.
  InflatedMessage peek(std::span<const std::uint8_t> prefix, std::size_t max_output) const;

  // Octets of earlier messages a reference may still reach. An uncompressed message (RSV1
  // clear) is never given to the inflater, so it does not enter the window
  // (pmd.rsv1.uncompressed-message).
  std::size_t history_size() const { return history_.size(); }

 private:
  int window_bits_;
  bool no_context_takeover_;
  InflateBytes history_;  // the last 32 KiB decoded, for the next message's references
};

// Decodes raw DEFLATE data on its own (no tail appended, no window rules): for tests and tools.
InflatedMessage inflate_raw(std::span<const std::uint8_t> data, std::size_t max_output);

}  // namespace wsconform::model
