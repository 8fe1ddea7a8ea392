// The frames a case's script sends: whole, in pieces, masked by role or against it.
#include <algorithm>

#include "runner/tester_session.hpp"

namespace wsconform::runner::detail {

void Tester::send_raw_frame(std::uint8_t opcode, const Bytes& payload, bool fin, std::uint8_t rsv, std::optional<std::size_t> chop,
                            bool sync, std::optional<std::size_t> repeat_length, cases::Masking masking,
                            std::uint8_t length_bits) {
  // §5.1: a client masks every frame it sends, a server none (unless the case says otherwise).
  std::optional<model::MaskKey> key;
  const bool mask = masking == cases::Masking::against_role ? opt_.as_server : !opt_.as_server;
  if (mask) {
    key.emplace();
    for (auto& k : *key) k = masking == cases::Masking::zero_key ? 0 : static_cast<std::uint8_t>(rng_());
  }
  model::FrameHeader h = model::make_header(static_cast<model::opcode>(opcode), payload.size(), fin, key);
  h.rsv1 = rsv & 4;
  h.rsv2 = rsv & 2;
  h.rsv3 = rsv & 1;
  if (length_bits == 16) h.form = model::length_form::bits16;
  if (length_bits == 64) h.form = model::length_form::bits64;
  WireEntry tf = row(WireEntry::Kind::tx_frame);
  tf.octets = head(payload);
  tf.length = payload.size();
  tf.opcode = opcode;
  tf.fin = fin;
  tf.rsv = rsv;
  tf.masked = key.has_value();
  if (key) tf.mask = (std::uint32_t{(*key)[0]} << 24) | (std::uint32_t{(*key)[1]} << 16) | (std::uint32_t{(*key)[2]} << 8) | (*key)[3];
  tf.repeat_length = repeat_length;
  tf.chop = chop;
  tf.sync = sync;
  log(std::move(tf));
  ++run_.tx_frame_stats[opcode];
  ++run_.traffic.outgoing_frames;
  if (opcode < 8) run_.traffic.outgoing_websocket += payload.size();
  write(model::encode_frame(h, payload), sync, chop);
}

void Tester::send_frame(const cases::SendFrame& f) {
  send_raw_frame(f.opcode, repeated(f.payload, f.payload_len), f.fin, f.rsv, f.chop, f.sync, f.payload_len, f.masking, f.length_bits);
}

void Tester::send_message(const cases::SendMessage& m) {
  if (state_ != State::open) return;
  ++run_.traffic.outgoing_messages;
  if (m.compressed && deflate_) return send_compressed(m);
  const Bytes data = repeated(m.payload, m.payload_len);
  run_.traffic.outgoing_app += data.size();
  if (m.fragment_size == 0 || m.fragment_size >= data.size()) return send_raw_frame(m.opcode, data, true, 0, std::nullopt, false);
  for (std::size_t at = 0; at < data.size(); at += m.fragment_size) {
    const std::size_t n = std::min(m.fragment_size, data.size() - at);
    send_raw_frame(at == 0 ? m.opcode : 0,
                   Bytes(data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n)),
                   at + n == data.size(), 0, std::nullopt, false);
  }
}

// Autobahn's sendMessage with permessage-deflate: the whole message compressed, then cut into
// frames of `fragment_size` compressed octets, RSV1 on the first only (RFC 7692 §6). When the
// compressed length is a multiple of the fragment size, the last full piece goes out with FIN
// clear and an empty final frame follows, as Autobahn's loop does (a shape §7.2.3.6 allows).
void Tester::send_compressed(const cases::SendMessage& m) {
  // The payload as given unless it is to be repeated: a 128 KiB message is not copied to be compressed.
  Bytes repeated_payload;
  if (m.payload_len) repeated_payload = repeated(m.payload, m.payload_len);
  const Bytes& data = m.payload_len ? repeated_payload : m.payload;
  run_.traffic.outgoing_app += data.size();
  const Bytes& packed = deflate_->compress(data);
  const std::size_t piece = m.fragment_size == 0 ? std::max<std::size_t>(packed.size(), 1) : m.fragment_size;
  std::size_t at = 0;
  for (bool first = true;; first = false) {
    const bool last = at + piece > packed.size() || (m.fragment_size == 0);
    const std::size_t end = std::min(at + piece, packed.size());
    send_raw_frame(first ? m.opcode : 0,
                   Bytes(packed.begin() + static_cast<std::ptrdiff_t>(at), packed.begin() + static_cast<std::ptrdiff_t>(end)), last,
                   first ? 4 : 0, m.chop, false);
    if (last) break;
    at += piece;
  }
}

void Tester::begin_frame(const cases::BeginFrame& b) {
  if (state_ != State::open) return;
  for (auto& k : streaming_key_) k = static_cast<std::uint8_t>(rng_());
  streaming_at_ = 0;
  model::FrameHeader h = model::make_header(static_cast<model::opcode>(b.opcode), b.length, true,
                                            opt_.as_server ? std::nullopt : std::optional<model::MaskKey>(streaming_key_));
  Bytes header = model::encode_frame(h, {});
  ++run_.tx_frame_stats[b.opcode];
  write(std::move(header), false, std::nullopt);
}

void Tester::frame_data(const cases::FrameData& d) {
  if (state_ != State::open) return;
  Bytes masked = d.data;
  if (!opt_.as_server) model::apply_mask(masked, streaming_key_, streaming_at_);
  streaming_at_ += d.data.size();
  write(std::move(masked), false, std::nullopt);
}

}  // namespace wsconform::runner::detail
