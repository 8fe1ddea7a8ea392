// The frame grammar of RFC 6455 §5.2, as the model reads it.
//
// FrameDecoder is resumable and written in wire order (first two octets, extended length,
// masking key, payload): feeding one octet at a time and feeding everything at once yield
// the same frames. It records facts, it does not judge: whether a header breaks a rule
// depends on who sent it and what was negotiated, which header_violations() decides.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "model/numeric_rules.hpp"
#include "model/rule.hpp"
#include "vocab/wire_numbers.hpp"

namespace wsconform::model {

using vocab::opcode;
using numeric::length_form;
using Bytes = std::vector<std::uint8_t>;
using MaskKey = std::array<std::uint8_t, 4>;

enum class Role { client, server };
constexpr Role peer_of(Role r) { return r == Role::client ? Role::server : Role::client; }
std::string_view to_string(Role r);

// §5.2 / §5.5: the most significant opcode bit marks a control frame.
constexpr bool is_control(opcode op) { return (static_cast<std::uint8_t>(op) & 0x8u) != 0; }
constexpr bool is_reserved(opcode op) {
  const auto v = static_cast<std::uint8_t>(op);
  return (v >= 0x3 && v <= 0x7) || v >= 0xB;
}
constexpr bool is_data_start(opcode op) { return op == opcode::text || op == opcode::binary; }
std::string_view name_of(opcode op);  // "continuation", "text", ..., "reserved-0x3", ...

struct FrameHeader {
  bool fin = true;
  bool rsv1 = false;
  bool rsv2 = false;
  bool rsv3 = false;
  opcode op = opcode::text;
  bool masked = false;
  MaskKey mask_key{};
  std::uint64_t payload_length = 0;
  length_form form = length_form::bits7;  // the length encoding actually used on the wire

  // RSV1..3 as one number, RSV1 the most significant (Autobahn's "RSV=" field).
  std::uint8_t rsv() const {
    return static_cast<std::uint8_t>((rsv1 ? 4 : 0) | (rsv2 ? 2 : 0) | (rsv3 ? 1 : 0));
  }
  std::size_t header_size() const;
  friend bool operator==(const FrameHeader&, const FrameHeader&) = default;
};

// A header with the minimal length form for `payload_length` (what a conforming sender writes).
FrameHeader make_header(opcode op, std::uint64_t payload_length, bool fin = true,
                        std::optional<MaskKey> mask = std::nullopt);

struct Frame {
  FrameHeader header;
  Bytes payload;  // unmasked application data
  friend bool operator==(const Frame&, const Frame&) = default;
};

// §5.3: octet i is XORed with key[(start + i) % 4]; the same operation masks and unmasks.
void apply_mask(std::span<std::uint8_t> data, const MaskKey& key, std::uint64_t start = 0);

// Writes header and payload. The payload is masked with the header's key when `masked`.
// The header's length fields are written as given, so a caller can write non-minimal forms
// or claim a length that differs from payload.size() (the catalogue's misbehaving peer).
Bytes encode_frame(const FrameHeader& header, std::span<const std::uint8_t> payload);
Bytes encode_frame(const Frame& frame);

// ---- incremental decoding --------------------------------------------------------------

// Offsets are counted from the first octet the decoder was fed.
struct HeaderDecoded {
  FrameHeader header;
  std::uint64_t frame_offset;    // the frame's first octet
  std::uint64_t payload_offset;  // the first payload octet
};
struct PayloadDecoded {
  std::span<const std::uint8_t> data;  // unmasked; valid until the next feed() and while its input lives
  std::uint64_t offset_in_payload;
  std::uint64_t stream_offset;   // of data[0]
};
struct FrameComplete {
  std::uint64_t end_offset;      // one past the frame's last octet
};
// §5.2: a 64-bit length with the most significant bit set has no meaning; decoding stops.
struct DecodeStopped {
  RuleId rule;
  std::uint64_t offset;          // the octet that made the header meaningless
};
using DecodeEvent = std::variant<HeaderDecoded, PayloadDecoded, FrameComplete, DecodeStopped>;

class FrameDecoder {
 public:
  // Decodes as much of `octets` as forms frames; events are appended to `out`. Payload views
  // point into `octets` or into a buffer the decoder reuses: read them before the next feed().
  void feed(std::span<const std::uint8_t> octets, std::vector<DecodeEvent>& out);

  bool stopped() const { return state_ == State::stopped; }
  // Once stopped: where the header that stopped it would have ended (the 64-bit length field
  // and the mask key included), had its octets all come.
  std::uint64_t stopped_header_end() const { return frame_offset_ + 10 + (header_.masked ? 4 : 0); }

  // What is known of a header still being read: its first octet alone (FIN, RSV, opcode),
  // then the second too (MASK, the 7-bit length or length marker), and the length once the
  // extended field is complete. §5.2 and §5.4 errors in the first octet are decidable there.
  struct PartialHeader {
    FrameHeader header;    // payload_length is meaningful only when length_known
    bool length_known = false;
    std::uint64_t frame_offset = 0;
    bool second_octet_known = true;  // false: only FIN, RSV and the opcode are known
  };
  std::optional<PartialHeader> partial() const;
  // True when no frame is partly read.
  bool at_frame_boundary() const { return state_ == State::first_two && have_ == 0; }
  std::uint64_t offset() const { return offset_; }

 private:
  enum class State { first_two, extended_length, mask_key, payload, stopped };

  void header_done(std::vector<DecodeEvent>& out);

  State state_ = State::first_two;
  std::array<std::uint8_t, 8> field_{};  // octets of the field being read
  std::size_t have_ = 0;                 // octets of it read so far
  std::size_t need_ = 2;                 // octets it has
  FrameHeader header_;
  std::uint64_t frame_offset_ = 0;
  std::uint64_t payload_read_ = 0;
  std::uint64_t offset_ = 0;
  Bytes unmasked_;  // this feed's payload octets, unmasked; keeps its capacity feed after feed
};

// Whole-buffer decoding: every complete frame, and why decoding stopped if it did.
struct DecodedFrames {
  std::vector<Frame> frames;
  std::optional<DecodeStopped> stopped;
  bool trailing_partial = false;  // input ended inside a frame
};
DecodedFrames decode_frames(std::span<const std::uint8_t> octets);
// The same, fed in pieces of `chunk` octets (1 = byte at a time).
DecodedFrames decode_frames_chunked(std::span<const std::uint8_t> octets, std::size_t chunk);

// ---- what a header says about its sender ----------------------------------------------

struct FrameContext {
  Role sender;                     // who wrote the frame
  std::uint8_t negotiated_rsv = 0; // RSV bits (as in FrameHeader::rsv()) an extension defines
  bool reserved_opcodes_negotiated = false;
  // permessage-deflate was agreed (RFC 7692 §6): RSV1 marks a compressed message, on the
  // first frame of a data message only.
  bool per_message_compressed = false;
};

// The rules a header breaks on its own, in wire order: masking for the sender's role
// (§5.1), RSV bits (§5.2), reserved opcodes (§5.2), length minimality and MSB (§5.2),
// control frame size and fragmentation (§5.5). Empty means the header is fine.
std::vector<RuleId> header_violations(const FrameHeader& h, const FrameContext& ctx);

}  // namespace wsconform::model
