// permessage-deflate's payload transformation (RFC 7692 §7.2) on zlib: one compressor for
// what this endpoint sends, one streaming decompressor for what it receives. Sans-IO; memory
// is bounded by the window sizes and by the caller's message limit, never by a ratio.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "impl/byte_buffer.hpp"
#include "impl/error.hpp"

namespace wsconform::impl {

// What the handshake agreed (RFC 7692 §7.1), from this endpoint's side.
struct deflate_agreement {
  int send_window_bits = 15;        // our compressor's window (the peer's *_max_window_bits for us)
  bool send_no_context_takeover = false;
  bool receive_no_context_takeover = false;  // the peer resets per message: so does our inflater
                                             // (a reference into an earlier message fails)
};

// Compresses whole messages: deflate with Z_SYNC_FLUSH, the final 00 00 ff ff removed
// (§7.2.1). A window of 8 bits, which zlib cannot compress within, is honoured with
// Huffman-only blocks: no back-references at all (rule pmd.window-bits-8).
class message_deflater {
 public:
  message_deflater(int window_bits, bool no_context_takeover, int level, int mem_level);
  ~message_deflater();
  message_deflater(const message_deflater&) = delete;
  message_deflater& operator=(const message_deflater&) = delete;

  // Appends the compressed payload of `message` to `out`.
  error compress(std::span<const std::uint8_t> message, byte_buffer& out);

 private:
  struct stream;
  std::unique_ptr<stream> z_;
  bool no_context_takeover_;
};

// Inflates one message at a time, fed frame by frame as the octets arrive (§7.2.2): output
// goes to the caller's buffer in bounded steps and stops at `limit` inflated octets.
class message_inflater {
 public:
  explicit message_inflater(bool no_context_takeover);
  ~message_inflater();
  message_inflater(const message_inflater&) = delete;
  message_inflater& operator=(const message_inflater&) = delete;

  // Inflates `compressed` onto `out`; message_too_big once `out` would pass `limit`,
  // bad_compressed_data on data that does not inflate.
  error feed(std::span<const std::uint8_t> compressed, byte_buffer& out, std::uint64_t limit);
  // The message's last frame was fed: the 00 00 ff ff tail, then ready for the next message.
  error finish(byte_buffer& out, std::uint64_t limit);

 private:
  error run(const std::uint8_t* in, std::size_t n, byte_buffer& out, std::uint64_t limit);
  void restart_keeping_history();
  struct stream;
  std::unique_ptr<stream> z_;
  bool no_context_takeover_;
  bool ended_ = false;  // a BFINAL block ended the data; the rest of the message is ignored
};

}  // namespace wsconform::impl
