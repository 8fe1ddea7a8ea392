#include "model/frame.hpp"

#include <algorithm>

namespace wsconform::model {

std::string_view to_string(Role r) { return r == Role::client ? "client" : "server"; }

std::string_view name_of(opcode op) {
  static constexpr std::array<std::string_view, 16> names = {
      "continuation", "text",         "binary",       "reserved-0x3",
      "reserved-0x4", "reserved-0x5", "reserved-0x6", "reserved-0x7",
      "close",        "ping",         "pong",         "reserved-0xB",
      "reserved-0xC", "reserved-0xD", "reserved-0xE", "reserved-0xF"};
  return names[static_cast<std::uint8_t>(op) & 0xFu];
}

std::size_t FrameHeader::header_size() const {
  std::size_t n = 2;
  if (form == length_form::bits16) n += 2;
  if (form == length_form::bits64) n += 8;
  if (masked) n += 4;
  return n;
}

FrameHeader make_header(opcode op, std::uint64_t payload_length, bool fin,
                        std::optional<MaskKey> mask) {
  FrameHeader h;
  h.fin = fin;
  h.op = op;
  h.payload_length = payload_length;
  h.form = numeric::length_fits_7bit(payload_length)    ? length_form::bits7
           : numeric::length_fits_16bit(payload_length) ? length_form::bits16
                                                        : length_form::bits64;
  if (mask) {
    h.masked = true;
    h.mask_key = *mask;
  }
  return h;
}

void apply_mask(std::span<std::uint8_t> data, const MaskKey& key, std::uint64_t start) {
  std::uint8_t* p = data.data();
  for (std::size_t i = 0; i < data.size(); ++i) p[i] ^= key.data()[(start + i) % 4];
}

Bytes encode_frame(const FrameHeader& h, std::span<const std::uint8_t> payload) {
  Bytes out;
  out.reserve(h.header_size() + payload.size());
  out.push_back(static_cast<std::uint8_t>((h.fin ? 0x80 : 0) | (h.rsv() << 4) |
                                          (static_cast<std::uint8_t>(h.op) & 0x0F)));
  const std::uint8_t mask_bit = h.masked ? 0x80 : 0;
  switch (h.form) {
    case length_form::bits7:
      out.push_back(static_cast<std::uint8_t>(mask_bit | (h.payload_length & 0x7F)));
      break;
    case length_form::bits16:
      out.push_back(mask_bit | vocab::length_marker_16);
      for (int shift = 8; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(h.payload_length >> shift));
      break;
    case length_form::bits64:
      out.push_back(mask_bit | vocab::length_marker_64);
      for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(h.payload_length >> shift));
      break;
  }
  if (h.masked) out.insert(out.end(), h.mask_key.begin(), h.mask_key.end());
  const std::size_t body = out.size();
  out.insert(out.end(), payload.begin(), payload.end());
  if (h.masked) apply_mask(std::span(out).subspan(body), h.mask_key);
  return out;
}

Bytes encode_frame(const Frame& f) { return encode_frame(f.header, f.payload); }

// ---- decoder ----------------------------------------------------------------------------

namespace {
// §5.2 the first octet: FIN, RSV1-3 and the opcode.
void read_first_octet(std::uint8_t b, FrameHeader& h) {
  h.fin = (b & 0x80) != 0;
  h.rsv1 = (b & 0x40) != 0;
  h.rsv2 = (b & 0x20) != 0;
  h.rsv3 = (b & 0x10) != 0;
  h.op = static_cast<opcode>(b & 0x0F);
}
}  // namespace

void FrameDecoder::header_done(std::vector<DecodeEvent>& out) {
  out.push_back(HeaderDecoded{header_, frame_offset_, offset_});
  payload_read_ = 0;
  if (header_.payload_length == 0) {
    out.push_back(FrameComplete{offset_});
    state_ = State::first_two;
    need_ = 2;
  } else {
    state_ = State::payload;
  }
  have_ = 0;
}

void FrameDecoder::feed(std::span<const std::uint8_t> octets, std::vector<DecodeEvent>& out) {
  // Masked payload is unmasked into `unmasked_`, unmasked payload is a view of `octets`. No feed
  // holds more payload than it has octets: reserved up front, the buffer never moves while this
  // feed's events point into it.
  unmasked_.clear();
  unmasked_.reserve(octets.size());
  std::size_t i = 0;
  while (i < octets.size() && state_ != State::stopped) {
    if (state_ == State::payload) {
      const std::uint64_t left = header_.payload_length - payload_read_;
      const std::size_t take =
          static_cast<std::size_t>(std::min<std::uint64_t>(left, octets.size() - i));
      std::span<const std::uint8_t> data = octets.subspan(i, take);  // unmasked already
      if (header_.masked) {
        const std::size_t at = unmasked_.size();
        unmasked_.insert(unmasked_.end(), data.begin(), data.end());
        const std::span<std::uint8_t> copy = std::span(unmasked_).subspan(at, take);
        apply_mask(copy, header_.mask_key, payload_read_);
        data = copy;
      }
      out.push_back(PayloadDecoded{data, payload_read_, offset_});
      payload_read_ += take;
      offset_ += take;
      i += take;
      if (payload_read_ == header_.payload_length) {
        out.push_back(FrameComplete{offset_});
        state_ = State::first_two;
        need_ = 2;
        have_ = 0;
      }
      continue;
    }

    // Header fields: gather `need_` octets of the current field, one at a time.
    if (state_ == State::first_two && have_ == 0) frame_offset_ = offset_;
    field_[have_++] = octets[i++];
    ++offset_;
    if (have_ < need_) continue;

    switch (state_) {
      case State::first_two: {
        header_ = FrameHeader{};
        read_first_octet(field_[0], header_);
        header_.masked = (field_[1] & 0x80) != 0;
        const std::uint8_t len7 = field_[1] & 0x7F;
        have_ = 0;
        if (len7 == vocab::length_marker_16) {
          header_.form = length_form::bits16;
          state_ = State::extended_length;
          need_ = 2;
        } else if (len7 == vocab::length_marker_64) {
          header_.form = length_form::bits64;
          state_ = State::extended_length;
          need_ = 8;
        } else {
          header_.form = length_form::bits7;
          header_.payload_length = len7;
          if (header_.masked) {
            state_ = State::mask_key;
            need_ = 4;
          } else {
            header_done(out);
          }
        }
        break;
      }
      case State::extended_length: {
        std::uint64_t n = 0;
        for (std::size_t k = 0; k < need_; ++k) n = (n << 8) | field_[k];
        header_.payload_length = n;
        if (header_.form == length_form::bits64 && !numeric::length_msb_clear(n)) {
          // §5.2 "the most significant bit MUST be 0": the length means nothing, and so
          // does everything after it.
          out.push_back(DecodeStopped{rule::frame_length_msb_zero, offset_ - 1});
          state_ = State::stopped;
          break;
        }
        have_ = 0;
        if (header_.masked) {
          state_ = State::mask_key;
          need_ = 4;
        } else {
          header_done(out);
        }
        break;
      }
      case State::mask_key:
        std::copy_n(field_.begin(), 4, header_.mask_key.begin());
        header_done(out);
        break;
      case State::payload:
      case State::stopped:
        break;
    }
  }
}

std::optional<FrameDecoder::PartialHeader> FrameDecoder::partial() const {
  if (state_ == State::first_two && have_ == 1) {
    FrameHeader first;
    read_first_octet(field_[0], first);
    return PartialHeader{first, false, frame_offset_, false};
  }
  if (state_ == State::extended_length) return PartialHeader{header_, false, frame_offset_, true};
  if (state_ == State::mask_key) return PartialHeader{header_, true, frame_offset_, true};
  return std::nullopt;
}

DecodedFrames decode_frames_chunked(std::span<const std::uint8_t> octets, std::size_t chunk) {
  DecodedFrames result;
  FrameDecoder decoder;
  std::vector<DecodeEvent> events;
  Frame current;
  if (chunk == 0) chunk = octets.size() ? octets.size() : 1;
  for (std::size_t at = 0; at < octets.size(); at += chunk) {
    events.clear();
    decoder.feed(octets.subspan(at, std::min(chunk, octets.size() - at)), events);
    for (auto& e : events) {
      if (auto* h = std::get_if<HeaderDecoded>(&e)) {
        current = Frame{h->header, {}};
      } else if (auto* p = std::get_if<PayloadDecoded>(&e)) {
        current.payload.insert(current.payload.end(), p->data.begin(), p->data.end());
      } else if (std::holds_alternative<FrameComplete>(e)) {
        result.frames.push_back(std::move(current));
        current = Frame{};
      } else if (auto* s = std::get_if<DecodeStopped>(&e)) {
        result.stopped = *s;
      }
    }
  }
  result.trailing_partial = !decoder.stopped() && !decoder.at_frame_boundary();
  return result;
}

DecodedFrames decode_frames(std::span<const std::uint8_t> octets) {
  return decode_frames_chunked(octets, octets.size());
}

// ---- header facts ---------------------------------------------------------------------

std::vector<RuleId> header_violations(const FrameHeader& h, const FrameContext& ctx) {
  std::vector<RuleId> broken;
  // §5.1 masking depends on the direction.
  if (ctx.sender == Role::client && !h.masked) broken.push_back(rule::mask_client_sends_masked);
  if (ctx.sender == Role::server && h.masked) broken.push_back(rule::mask_server_sends_unmasked);
  // §5.2 RSV bits only with an extension that defines them; RFC 7692 §6 gives RSV1 a meaning
  // on the first frame of a data message and forbids it on the others.
  std::uint8_t defined = ctx.negotiated_rsv;
  if (ctx.per_message_compressed && h.rsv1) {
    if (is_control(h.op)) broken.push_back(rule::pmd_rsv1_control_frame);
    else if (h.op == opcode::continuation) broken.push_back(rule::pmd_rsv1_first_frame_only);
    defined |= 4;  // a misplaced RSV1 is charged above, not twice
  }
  if ((h.rsv() & ~defined) != 0) broken.push_back(rule::frame_rsv_zero);
  // §5.2 unknown opcodes.
  if (is_reserved(h.op) && !ctx.reserved_opcodes_negotiated)
    broken.push_back(is_control(h.op) ? rule::frame_opcode_reserved_control
                                      : rule::frame_opcode_reserved_data);
  // §5.2 length encoding.
  if (!numeric::length_msb_clear(h.payload_length)) broken.push_back(rule::frame_length_msb_zero);
  else if (!numeric::length_encoding_minimal(h.form, h.payload_length))
    broken.push_back(rule::frame_length_minimal);
  // §5.5 control frames: short and whole.
  if (is_control(h.op)) {
    if (!numeric::control_payload_fits(h.payload_length)) broken.push_back(rule::control_payload_max);
    if (!h.fin) broken.push_back(rule::control_no_fragment);
  }
  return broken;
}

}  // namespace wsconform::model
