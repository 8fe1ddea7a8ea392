#include "runner/tester_deflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace wsconform::runner {

struct TesterDeflate::Streams {
  z_stream deflate{}, inflate{};
};

namespace {
constexpr std::array<std::uint8_t, 4> kTail{0x00, 0x00, 0xff, 0xff};  // §7.2.1's sync-flush marker
}

TesterDeflate::TesterDeflate(const model::PmdAgreement& a, bool tester_is_server, int level)
    : agreement_(a),
      own_reset_(tester_is_server ? a.server_no_context_takeover : a.client_no_context_takeover),
      peer_reset_(tester_is_server ? a.client_no_context_takeover : a.server_no_context_takeover),
      z_(std::make_unique<Streams>()) {
  const int own_bits = tester_is_server ? a.server_max_window_bits : a.client_max_window_bits;
  // zlib cannot compress within a 256-octet window (RFC 7692 §7.1.2.1 allows 8): with 8 agreed
  // the tester writes Huffman-only blocks, which hold no back-reference at all.
  const int strategy = own_bits < 9 ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY;
  // A hash table no larger than the window (memLevel bits - 6): zlib rehashes the whole table
  // every time its window slides, which with 9 bits and the default table is most of the work.
  const int bits = std::max(own_bits, 9);
  deflateInit2(&z_->deflate, level, Z_DEFLATED, -bits, std::min(8, bits - 6), strategy);
  inflateInit2(&z_->inflate, -15);
}

TesterDeflate::~TesterDeflate() {
  deflateEnd(&z_->deflate);
  inflateEnd(&z_->inflate);
}

const std::vector<std::uint8_t>& TesterDeflate::compress(std::span<const std::uint8_t> message) {
  z_stream& z = z_->deflate;
  if (own_reset_) deflateReset(&z);
  compressed_.resize(deflateBound(&z, static_cast<uLong>(message.size())) + 16);
  z.next_in = const_cast<Bytef*>(message.data());
  z.avail_in = static_cast<uInt>(message.size());
  std::size_t used = 0;
  for (;;) {
    z.next_out = compressed_.data() + used;
    z.avail_out = static_cast<uInt>(compressed_.size() - used);
    deflate(&z, Z_SYNC_FLUSH);
    used = compressed_.size() - z.avail_out;
    if (z.avail_out != 0) break;
    compressed_.resize(compressed_.size() * 2);
  }
  compressed_.resize(used);
  // A sync flush ends with an empty stored block, 00 00 ff ff, which the sender removes.
  if (compressed_.size() >= 4 && std::equal(kTail.begin(), kTail.end(), compressed_.end() - 4)) compressed_.resize(used - 4);
  return compressed_;
}

TesterDeflate::Inflated TesterDeflate::inflate(std::span<const std::uint8_t> payload, std::vector<std::uint8_t>& out, std::size_t limit,
                                               std::string& detail) {
  z_stream& z = z_->inflate;
  if (peer_reset_) inflateReset(&z);
  out.clear();
  std::array<std::uint8_t, 16384> buffer{};
  for (std::span<const std::uint8_t> input : {payload, std::span<const std::uint8_t>(kTail)}) {
    z.next_in = const_cast<Bytef*>(input.data());
    z.avail_in = static_cast<uInt>(input.size());
    for (;;) {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      const int rc = ::inflate(&z, Z_SYNC_FLUSH);
      out.insert(out.end(), buffer.data(), buffer.data() + (buffer.size() - z.avail_out));
      if (out.size() > limit) {
        detail = "message inflates to more than " + std::to_string(limit) + " octets";
        return Inflated::too_large;
      }
      if (rc == Z_STREAM_END) {
        // A block with BFINAL set ends zlib's stream (RFC 7692 §7.2.3.4 allows it): go on with
        // the same history for what follows.
        std::array<std::uint8_t, 32768> history{};
        uInt have = history.size();
        inflateGetDictionary(&z, history.data(), &have);
        inflateReset(&z);
        inflateSetDictionary(&z, history.data(), have);
      } else if (rc == Z_BUF_ERROR) {
        break;  // nothing more to do with this input
      } else if (rc != Z_OK) {
        detail = std::string("invalid compressed data: ") + (z.msg ? z.msg : "zlib error");
        return Inflated::corrupt;
      }
      if (z.avail_in == 0 && z.avail_out != 0) break;
    }
  }
  return Inflated::ok;
}

}  // namespace wsconform::runner
