#include "impl/deflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace wsconform::impl {
namespace {

constexpr std::array<std::uint8_t, 4> kTail = {0x00, 0x00, 0xff, 0xff};  // RFC 7692 §7.2.1
constexpr std::size_t kStep = 16 << 10;  // inflated octets produced per zlib call
constexpr std::size_t kMaxWindow = 1u << 15;

}  // namespace

struct message_deflater::stream {
  z_stream z{};
  bool ok = false;
};

struct message_inflater::stream {
  z_stream z{};
  bool ok = false;
};

message_deflater::message_deflater(int window_bits, bool no_context_takeover, int level, int mem_level)
    : z_(std::make_unique<stream>()), no_context_takeover_(no_context_takeover) {
  // zlib 1.2.9+ refuses raw windowBits 8; Huffman-only output has no distances, so it keeps
  // any window (pmd.window-bits-8).
  const bool eight = window_bits <= 8;
  const int bits = eight ? 9 : window_bits;
  // zlib slides its window every 2^bits octets and rehashes its whole hash table (2^(memLevel+7)
  // entries) each time: with a small window and the default table that is most of the work
  // (server_max_window_bits=9 compressed 8 MB/s instead of 100+). A table no larger than the
  // window's octets costs nothing in ratio there.
  const int table_level = std::clamp(std::min(mem_level, bits - 6), 1, 9);
  z_->ok = deflateInit2(&z_->z, level, Z_DEFLATED, -bits, table_level, eight ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY) == Z_OK;
}

message_deflater::~message_deflater() {
  if (z_->ok) deflateEnd(&z_->z);
}

error message_deflater::compress(std::span<const std::uint8_t> message, byte_buffer& out) {
  if (!z_->ok) return error::bad_compressed_data;
  if (message.empty()) {  // an empty stored block alone (§7.2.3.6); zlib would write nothing after a flush
    out.push_back(0x00);
    return error::none;
  }
  z_stream& z = z_->z;
  const std::size_t start = out.size();
  z.next_in = const_cast<Bytef*>(message.data());
  z.avail_in = static_cast<uInt>(message.size());
  // Z_SYNC_FLUSH ends the data with an empty stored block (00 00 ff ff), which §7.2.1 removes.
  for (;;) {
    const std::size_t at = out.size();
    const std::size_t room = deflateBound(&z, z.avail_in) + 16;
    out.resize(at + room);
    z.next_out = out.data() + at;
    z.avail_out = static_cast<uInt>(room);
    const int rc = deflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - z.avail_out);
    if (rc != Z_OK && rc != Z_BUF_ERROR) return error::bad_compressed_data;
    if (z.avail_in == 0 && z.avail_out != 0) break;
  }
  if (out.size() - start < kTail.size() || !std::equal(kTail.begin(), kTail.end(), out.end() - 4))
    return error::bad_compressed_data;
  out.resize(out.size() - kTail.size());
  if (no_context_takeover_) deflateReset(&z);
  return error::none;
}

message_inflater::message_inflater(bool no_context_takeover)
    : z_(std::make_unique<stream>()), no_context_takeover_(no_context_takeover) {
  // A receiver may always inflate with the largest window: any agreed window is within it.
  z_->ok = inflateInit2(&z_->z, -15) == Z_OK;
}

message_inflater::~message_inflater() {
  if (z_->ok) inflateEnd(&z_->z);
}

// After a BFINAL block zlib ends the stream; the next message may still refer back into
// this one's data (context takeover), so the history is carried over to a fresh stream.
void message_inflater::restart_keeping_history() {
  std::array<Bytef, kMaxWindow> history;
  uInt have = 0;
  inflateGetDictionary(&z_->z, history.data(), &have);
  inflateReset(&z_->z);
  if (have > 0) inflateSetDictionary(&z_->z, history.data(), have);
}

error message_inflater::run(const std::uint8_t* in, std::size_t n, byte_buffer& out, std::uint64_t limit) {
  if (!z_->ok) return error::bad_compressed_data;
  if (ended_) return error::none;  // octets after the final block mean nothing
  z_stream& z = z_->z;
  z.next_in = const_cast<Bytef*>(in);
  z.avail_in = static_cast<uInt>(n);
  for (;;) {
    // Room for one bounded step, never past the limit plus one octet (to see it passed).
    const std::uint64_t allowed = limit + 1 - std::min<std::uint64_t>(limit + 1, out.size());
    const std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(kStep, allowed));
    if (step == 0) return error::message_too_big;
    const std::size_t at = out.size();
    // Grow by doubling, but never past the limit: a bomb cannot make the buffer twice it.
    if (out.capacity() < at + step) {
      // Start at four steps (most messages then never move), double after, never past the cap.
      std::uint64_t grown = std::max<std::uint64_t>({2 * out.capacity(), at + step, 4 * kStep});
      if (2 * grown > limit + 1) grown = limit + 1;  // the last step goes straight to the cap
      out.reserve(static_cast<std::size_t>(std::max<std::uint64_t>(grown, at + step)));
    }
    out.resize(at + step);
    z.next_out = out.data() + at;
    z.avail_out = static_cast<uInt>(step);
    const int rc = inflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - z.avail_out);
    if (out.size() > limit) return error::message_too_big;
    if (rc == Z_STREAM_END) {
      ended_ = true;
      return error::none;
    }
    if (rc == Z_BUF_ERROR) return error::none;  // all input used; more may come
    if (rc != Z_OK) return error::bad_compressed_data;
    if (z.avail_in == 0 && z.avail_out != 0) return error::none;
  }
}

error message_inflater::feed(std::span<const std::uint8_t> compressed, byte_buffer& out, std::uint64_t limit) {
  return run(compressed.data(), compressed.size(), out, limit);
}

error message_inflater::finish(byte_buffer& out, std::uint64_t limit) {
  const error e = run(kTail.data(), kTail.size(), out, limit);
  if (e != error::none) return e;
  // With the tail the data must end between blocks (§7.2.1); zlib waiting inside a block means
  // the data was cut short or is malformed (zlib only complains once more input comes).
  if (!ended_ && (z_->z.data_type & 128) == 0) return error::bad_compressed_data;
  if (ended_) {
    ended_ = false;
    if (no_context_takeover_) inflateReset(&z_->z);
    else restart_keeping_history();
  } else if (no_context_takeover_) {
    inflateReset(&z_->z);
  }
  return error::none;
}

}  // namespace wsconform::impl
