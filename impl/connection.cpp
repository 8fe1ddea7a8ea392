#include "impl/connection.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "impl/base64.hpp"

namespace wsconform::impl {
namespace {

constexpr std::uint8_t op_continuation = 0x0, op_text = 0x1, op_binary = 0x2, op_close = 0x8, op_ping = 0x9,
                       op_pong = 0xA;


std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

// Autobahn 7.13 calls either choice for 5000-65535 informational.
bool close_code_acceptable(std::uint16_t c) {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
}

connection::connection(config cfg) : cfg_(std::move(cfg)) {
  if (cfg_.side == role::client && !cfg_.random) {
    failure_ = error::no_random;
    state_ = state::closed;
    close_tcp_ = true;
    events_.push_back({event_kind::failed, false, false, 0, error::no_random, {}});
    return;
  }
  if (cfg_.start_open) {
    state_ = state::open;
    if (cfg_.start_deflate) start_deflate(*cfg_.start_deflate);
    return;
  }
  if (cfg_.side == role::client) {
    std::array<std::uint8_t, 16> nonce{};
    cfg_.random(nonce);
    client_key_ = base64_encode(nonce);
    const std::string request = build_request(cfg_.client, client_key_);
    out_.insert(out_.end(), request.begin(), request.end());
  }
}

void connection::write_pending_close() {
  if (pending_close_code_ == 0) return;
  const std::uint16_t code = pending_close_code_;
  pending_close_code_ = 0;
  queue_close(code, name_of(pending_close_error_));
}

std::span<const std::uint8_t> connection::output() {
  write_pending_close();
  return out_;
}

std::vector<std::uint8_t> connection::take_output() {
  write_pending_close();
  std::vector<std::uint8_t> out;
  out.swap(out_);
  return out;
}

void connection::consume_output(std::size_t n) {
  write_pending_close();
  out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(std::min(n, out_.size())));
}

void connection::receive_data(std::span<const std::uint8_t> data) { process(nullptr, data.data(), data.size()); }

void connection::receive_data_in_place(std::span<std::uint8_t> data) { process(data.data(), data.data(), data.size()); }

byte_buffer& connection::message_buffer() {
  if (pool_used_ == pool_.size()) pool_.emplace_back();
  auto& b = pool_[pool_used_++];
  b.clear();
  return b;
}

std::span<const std::uint8_t> connection::keep(std::span<const std::uint8_t> data) {
  auto& b = message_buffer();
  b.assign(data.begin(), data.end());
  return b;
}

void connection::process(std::uint8_t* writable, const std::uint8_t* data, std::size_t n) {
  events_.clear();
  pool_used_ = 0;  // buffers handed out with the previous call's events are free again
  arena_used_ = 0;
  received_ += n;
  std::size_t i = 0;
  if (state_ == state::connecting) {
    i = handshake_input(data, n);
    if (state_ == state::connecting) return;
  }
  while (i < n) {
    if (rx_ == rx::discard) return;  // after failing, or after the peer's Close (§7.1.7, §5.5.1)
    if (rx_ == rx::header) {
      frame_header h;
      header_parse r;
      if (hdr_have_ == 0) {
        r = parse_frame_header(data + i, n - i, h);
        if (r.st == header_parse::complete) i += r.need;
      } else {
        r = parse_frame_header(hdr_buf_, hdr_have_, h);
      }
      if (r.st == header_parse::need_more) {
        // Gather the header octet by octet until complete (at most 14 are ever held).
        const std::size_t want = r.need - hdr_have_;
        const std::size_t take = std::min(want, n - i);
        std::memcpy(hdr_buf_ + hdr_have_, data + i, take);
        hdr_have_ += take;
        i += take;
        if (hdr_have_ < r.need) {
          if (const error e = early_header_error(hdr_buf_, hdr_have_); e != error::none) fail(e);
          return;
        }
        r = parse_frame_header(hdr_buf_, hdr_have_, h);
        if (r.st == header_parse::need_more) {  // the length field named a longer header
          if (const error e = early_header_error(hdr_buf_, hdr_have_); e != error::none) return fail(e);
          continue;
        }
      }
      hdr_have_ = 0;
      if (r.st == header_parse::invalid) return fail(r.err);
      frame_ = h;
      frame_read_ = 0;
      // An unfragmented message wholly in this input is delivered as a view of it (unmasked
      // in place when allowed), never copied.
      const bool whole_message =
          !is_control_opcode(h.opcode) && h.fin && !in_message_ && n - i >= h.length && !(inflater_ && (h.rsv & 4));
      frame_is_view_ = whole_message && (!h.masked || writable);
      frame_in_arena_ = whole_message && h.masked && !writable;
      // The arena is sized to the whole input the first time a call needs it, so it never
      // moves while this call's events point into it.
      if (frame_in_arena_ && arena_used_ == 0 && arena_capacity_ < n) {
        arena_.reset(new std::uint8_t[n]);  // uninitialized: every octet is written before it is read
        arena_capacity_ = n;
      }
      if (!begin_frame()) return;
      if (h.length == 0) {
        end_frame();
      } else {
        rx_ = rx::payload;
      }
      continue;
    }
    // Payload.
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(frame_.length - frame_read_, n - i));
    if (frame_.masked && writable) {
      unmask(writable + i, take, frame_.key, frame_read_);
      frame_payload(writable + i, take, false);
    } else {
      frame_payload(data + i, take, frame_.masked);
    }
    if (rx_ == rx::discard) return;
    frame_read_ += take;
    i += take;
    if (frame_read_ == frame_.length) {
      rx_ = rx::header;
      end_frame();
    }
  }
}

std::size_t connection::handshake_input(const std::uint8_t* data, std::size_t n) {
  const std::size_t before = handshake_buf_.size();
  const std::size_t room = cfg_.limits.max_handshake_size + 4 - std::min(before, cfg_.limits.max_handshake_size + 4);
  handshake_buf_.append(reinterpret_cast<const char*>(data), std::min(n, room));
  const auto end = http_head_end(handshake_buf_);
  if (!end) {
    if (handshake_buf_.size() > cfg_.limits.max_handshake_size) {
      // A server refuses with an HTTP error (§4.2.1), here 431 (RFC 6585), before it closes.
      if (cfg_.side == role::server) {
        const std::string refusal = refusal_response(431, error::handshake_too_big);
        out_.insert(out_.end(), refusal.begin(), refusal.end());
      }
      fail(error::handshake_too_big);
    }
    return n;
  }
  const http_limits lim{cfg_.limits.max_handshake_size, cfg_.limits.max_header_count};
  const std::string_view head(handshake_buf_.data(), *end);
  const std::size_t consumed = *end - before;  // octets of this call that belong to the head

  if (cfg_.side == role::server) {
    const auto parsed = parse_http_request(head, lim);
    if (parsed.err != error::none) {
      const std::string refusal = refusal_response(parsed.err == error::too_many_headers ? 431 : 400, parsed.err);
      out_.insert(out_.end(), refusal.begin(), refusal.end());
      fail(parsed.err);
      return n;
    }
    const server_answer answer = answer_request(parsed.head, cfg_.server);
    out_.insert(out_.end(), answer.response.begin(), answer.response.end());
    target_ = answer.target;
    if (answer.err != error::none) {
      fail(answer.err);
      return n;
    }
    subprotocol_ = answer.subprotocol;
    if (answer.deflate) start_deflate(*answer.deflate);
  } else {
    const auto parsed = parse_http_response(head, lim);
    if (parsed.err != error::none) {
      fail(parsed.err);
      return n;
    }
    const client_check check = check_response(parsed.head, client_key_, cfg_.client);
    if (check.err != error::none) {
      fail(check.err);
      return n;
    }
    subprotocol_ = check.subprotocol;
    if (check.deflate) start_deflate(*check.deflate);
  }
  handshake_buf_.clear();
  handshake_buf_.shrink_to_fit();
  open();
  return consumed;
}

void connection::start_deflate(const deflate_agreement& a) {
  deflater_ = std::make_unique<message_deflater>(a.send_window_bits, a.send_no_context_takeover, cfg_.deflate.level,
                                                 cfg_.deflate.mem_level);
  inflater_ = std::make_unique<message_inflater>(a.receive_no_context_takeover);
}

void connection::open() {
  state_ = state::open;
  events_.push_back({event_kind::open, false, false, 0, error::none, bytes_of(subprotocol_)});
}

// Everything a header must satisfy, given the role, the state and what was negotiated. With
// `length_known` false only the first two octets are judged (the length is still arriving).
error connection::header_error(const frame_header& h, bool length_known) const {
  // §5.2 RSV bits need an extension that defines them. permessage-deflate defines RSV1 on
  // the first frame of a data message only (RFC 7692 §6).
  std::uint8_t defined = cfg_.negotiated_rsv;
  if (inflater_) {
    if ((h.rsv & 4) && (is_control_opcode(h.opcode) || h.opcode == op_continuation)) return error::bad_rsv1_placement;
    defined |= 4;
  }
  if ((h.rsv & ~defined) != 0) return error::bad_rsv;
  // §5.2 unknown opcode.
  if (!is_known_opcode(h.opcode)) return error::bad_opcode;
  // §5.1 masking by direction.
  if (cfg_.side == role::server && !h.masked) return error::no_mask;
  if (cfg_.side == role::client && h.masked) return error::bad_mask;
  if (is_control_opcode(h.opcode)) {
    // §5.5 control frames: whole and short.
    if (!h.fin) return error::bad_control_fragmented;
    if (h.length > 125) return error::bad_control_length;
    // §5.5.1 a Close body of one octet cannot hold a code: known from the header alone.
    if (h.opcode == op_close && h.length == 1) return error::bad_close_length;
    return error::none;
  }
  // §5.4 fragmentation.
  if (h.opcode == op_continuation && !in_message_) return error::bad_continuation;
  if (h.opcode != op_continuation && in_message_) return error::bad_data_frame;
  if (!length_known) return error::none;
  // §10.4 limits, decided on the claim before a single payload octet is stored.
  if (h.length > cfg_.limits.max_frame_size) return error::frame_too_big;
  // A compressed message is held to the limit as it inflates (RFC 7692 §8), not by its frames.
  const bool compressed = h.opcode == op_continuation ? message_compressed_ : inflater_ && (h.rsv & 4) != 0;
  const std::uint64_t so_far = h.opcode == op_continuation ? message_size_ : 0;
  if (!compressed && so_far + h.length > cfg_.limits.max_message_size) return error::message_too_big;
  return error::none;
}

// Fail fast on a header still being read: its first two octets, then its extended length,
// are judged as soon as they arrive, without waiting for the masking key.
error connection::early_header_error(const std::uint8_t* p, std::size_t have) const {
  if (have < 2) return error::none;
  frame_header h;
  h.fin = (p[0] & 0x80) != 0;
  h.rsv = static_cast<std::uint8_t>((p[0] >> 4) & 7);
  h.opcode = p[0] & 0x0F;
  h.masked = (p[1] & 0x80) != 0;
  const std::uint8_t len7 = p[1] & 0x7F;
  h.length = len7;  // 126 and 127 already exceed a control frame's 125
  const std::size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  bool length_known = ext == 0;
  if (ext && have >= 2 + ext) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < ext; ++i) v = (v << 8) | p[2 + i];
    if (ext == 8 && (v >> 63)) return error::bad_length_msb;                      // §5.2
    if ((ext == 2 && v < 126) || (ext == 8 && v < 65536)) return error::bad_length_encoding;  // §5.2
    h.length = v;
    length_known = true;
  }
  return header_error(h, length_known);
}

bool connection::begin_frame() {
  const frame_header& h = frame_;
  if (const error e = header_error(h, true); e != error::none) return fail(e), false;
  if (is_control_opcode(h.opcode)) {
    control_.clear();
    return true;
  }
  if (h.opcode != op_continuation) {
    in_message_ = true;
    message_text_ = h.opcode == op_text;
    message_compressed_ = inflater_ && (h.rsv & 4) != 0;
    message_size_ = 0;
    utf8_.reset();
  }
  message_size_ += h.length;
  return true;
}

void connection::frame_payload(const std::uint8_t* p, std::size_t n, bool needs_unmask) {
  if (is_control_opcode(frame_.opcode)) {
    const std::size_t at = control_.size();
    control_.insert(control_.end(), p, p + n);
    if (needs_unmask) unmask(control_.data() + at, n, frame_.key, frame_read_);
    return;
  }
  if (message_compressed_) {
    // Unmasked for zlib a bounded piece at a time: nothing here grows with the frame.
    constexpr std::size_t piece = 16 << 10;
    for (std::size_t at = 0; at < n; at += piece) {
      const std::size_t k = std::min(piece, n - at);
      const std::uint8_t* octets = p + at;
      if (needs_unmask) {
        unmasked_.resize(k);
        unmask_copy(unmasked_.data(), p + at, k, frame_.key, frame_read_ + at);
        octets = unmasked_.data();
      }
      const std::size_t from = assembling_.size();
      if (const error e = inflater_->feed({octets, k}, assembling_, cfg_.limits.max_message_size); e != error::none) return fail(e);
      inflated(from);
      if (rx_ == rx::discard) return;
    }
    return;
  }
  const std::uint8_t* text = p;
  if (frame_is_view_) {
    view_ = {p, n};  // the whole payload, already unmasked, straight from the input
  } else if (frame_in_arena_) {
    std::uint8_t* dst = arena_.get() + arena_used_;
    unmask_copy(dst, p, n, frame_.key, frame_read_);
    arena_used_ += n;
    view_ = {dst, n};
    text = dst;
  } else {
    auto& buf = assembling_;  // grows with octets that arrived, never with the claim
    const std::size_t at = buf.size();
    buf.resize(at + n);
    if (needs_unmask)
      unmask_copy(buf.data() + at, p, n, frame_.key, frame_read_);
    else
      std::memcpy(buf.data() + at, p, n);
    text = buf.data() + at;
  }
  // §8.1, failing fast: validate as the octets arrive, not when the message ends.
  if (message_text_ && utf8_.feed(text, n) != utf8_validator::npos) fail(error::bad_utf8);
}

// §8.1 on what inflating added (RFC 7692 §6.2: text is checked after decompression).
void connection::inflated(std::size_t from) {
  if (message_text_ && utf8_.feed(assembling_.data() + from, assembling_.size() - from) != utf8_validator::npos)
    fail(error::bad_utf8);
}

void connection::end_frame() {
  const frame_header& h = frame_;
  switch (h.opcode) {
    case op_ping:
      events_.push_back({event_kind::ping, false, false, 0, error::none, keep(control_)});
      // §5.5.2 answer with the same data, unless our Close already went out.
      if (cfg_.auto_pong && !sent_close_) write_frame(op_pong, true, control_);
      return;
    case op_pong:
      events_.push_back({event_kind::pong, false, false, 0, error::none, keep(control_)});
      return;
    case op_close:
      return on_close_frame();
    default:
      break;
  }
  if (!h.fin) return;
  in_message_ = false;
  if (message_compressed_ && message_size_ > 0) {  // no octets at all: an empty message
    const std::size_t from = assembling_.size();
    if (const error e = inflater_->finish(assembling_, cfg_.limits.max_message_size); e != error::none) return fail(e);
    inflated(from);
    if (rx_ == rx::discard) return;
  }
  if (message_text_ && !utf8_.complete()) return fail(error::bad_utf8);  // ends inside a sequence
  std::span<const std::uint8_t> payload;
  if (frame_is_view_ || frame_in_arena_) {
    payload = h.length == 0 ? std::span<const std::uint8_t>{} : view_;
  } else {
    // Hand the assembled buffer to the event; the pool's spare one assembles the next.
    auto& slot = message_buffer();
    std::swap(slot, assembling_);
    payload = slot;
  }
  events_.push_back({event_kind::message, message_text_, false, 0, error::none, payload});
}

void connection::on_close_frame() {
  std::uint16_t code = 1005;  // §7.1.5 no status code
  std::span<const std::uint8_t> reason;
  if (control_.size() == 1) return fail(error::bad_close_length);  // §5.5.1
  if (control_.size() >= 2) {
    code = static_cast<std::uint16_t>((control_[0] << 8) | control_[1]);
    if (!close_code_acceptable(code)) return fail(error::bad_close_code);  // §7.4
    reason = std::span(control_).subspan(2);
    if (!utf8_valid(reason.data(), reason.size())) return fail(error::bad_close_reason);  // §5.5.1, §8.1
  }
  received_close_ = true;
  peer_close_code_ = code;
  events_.push_back({event_kind::close, false, false, code, error::none, keep(reason)});
  rx_ = rx::discard;  // nothing after the peer's Close means anything
  if (!sent_close_) {
    // §5.5.1: answer, echoing the code; a server does not send 1010 (a client's code).
    if (code == 1005) {
      queue_close(0, {});
    } else {
      queue_close(cfg_.side == role::server && code == 1010 ? 1000 : code, {});
    }
  }
  // Both Close frames are exchanged: §5.5.1 the server closes TCP at once, the client waits
  // for it (close_expected() tells the IO layer to start its timer).
  if (cfg_.side == role::server) {
    close_tcp_ = true;
    events_.push_back({event_kind::closed, false, true, code, error::none, {}});
  }
}

void connection::fail(error e) {
  if (failure_ == error::none) failure_ = e;
  const std::uint16_t code = close_code_for(e);
  const bool send_close = code != 0 && code != 1006 && !sent_close_ && state_ != state::connecting;
  events_.push_back({event_kind::failed, false, false, send_close ? code : std::uint16_t{0}, e, {}});
  // §7.1.7: a Close frame with the code for the cause, then close TCP. The frame is written
  // when the output is next taken (after replies to messages completed before the fault).
  if (send_close) {
    pending_close_code_ = code;
    pending_close_error_ = e;
  }
  rx_ = rx::discard;
  close_tcp_ = true;
  state_ = state::closed;
  events_.push_back({event_kind::closed, false, false, peer_close_code_, e, {}});
}

void connection::receive_eof() {
  if (eof_) return;
  eof_ = true;
  events_.clear();
  pending_close_code_ = 0;  // the peer is gone: a failure's Close has no one to read it
  const bool clean = sent_close_ && received_close_;
  if (state_ != state::closed) {
    if (!clean && failure_ == error::none) failure_ = error::closed_abnormally;
    events_.push_back({event_kind::closed, false, clean, peer_close_code_,
                       clean ? error::none : error::closed_abnormally, {}});
  }
  state_ = state::closed;
  close_tcp_ = true;
}

void connection::queue_close(std::uint16_t code, std::string_view reason) {
  std::uint8_t body[125];
  std::size_t len = 0;
  if (code != 0) {
    body[0] = static_cast<std::uint8_t>(code >> 8);
    body[1] = static_cast<std::uint8_t>(code);
    len = 2 + std::min<std::size_t>(reason.size(), 123);
    if (len > 2) std::memcpy(body + 2, reason.data(), len - 2);
  }
  write_frame(op_close, true, {body, len});
  sent_close_ = true;
  if (state_ == state::open) state_ = state::closing;
}

void connection::write_frame(std::uint8_t opcode, bool fin, std::span<const std::uint8_t> payload, std::uint8_t rsv) {
  std::uint8_t header[14];
  mask_key key{};
  const bool masked = cfg_.side == role::client;  // §5.1 clients mask, servers do not
  if (masked) cfg_.random(key);
  const std::size_t hsize = write_frame_header(header, fin, opcode, payload.size(), masked ? &key : nullptr, rsv);
  const std::size_t at = out_.size();
  out_.resize(at + hsize + payload.size());
  std::memcpy(out_.data() + at, header, hsize);
  if (masked)
    unmask_copy(out_.data() + at + hsize, payload.data(), payload.size(), key, 0);
  else if (!payload.empty())
    std::memcpy(out_.data() + at + hsize, payload.data(), payload.size());
}

error connection::send_message(std::uint8_t opcode, std::span<const std::uint8_t> data, std::size_t fragment_size) {
  // §6.1 only while OPEN - or while a failure's Close is still unwritten, to answer what was
  // received before the fault.
  if ((state_ != state::open && pending_close_code_ == 0) || sent_close_) return error::not_open;
  // RFC 7692: a message worth compressing goes compressed, RSV1 on its first frame only.
  std::uint8_t rsv = 0;
  if (deflater_ && data.size() >= cfg_.deflate.min_size) {
    compressed_.clear();
    if (const error e = deflater_->compress(data, compressed_); e != error::none) return e;
    data = compressed_;
    rsv = 4;
  }
  if (fragment_size == 0 || fragment_size >= data.size()) {
    write_frame(opcode, true, data, rsv);
    return error::none;
  }
  std::size_t at = 0;
  std::uint8_t op = opcode;
  while (at < data.size()) {
    const std::size_t n = std::min(fragment_size, data.size() - at);
    write_frame(op, at + n == data.size(), data.subspan(at, n), op == opcode ? rsv : 0);
    op = op_continuation;
    at += n;
  }
  return error::none;
}

error connection::send_text(std::span<const std::uint8_t> data, std::size_t fragment_size) {
  if (!utf8_valid(data.data(), data.size())) return error::bad_utf8;  // §5.6
  return send_message(op_text, data, fragment_size);
}

error connection::send_text(std::string_view text, std::size_t fragment_size) {
  return send_text(bytes_of(text), fragment_size);
}

error connection::send_binary(std::span<const std::uint8_t> data, std::size_t fragment_size) {
  return send_message(op_binary, data, fragment_size);
}

error connection::send_ping(std::span<const std::uint8_t> data) {
  if (state_ == state::connecting || state_ == state::closed || sent_close_) return error::not_open;
  if (data.size() > 125) return error::bad_control_length;
  write_frame(op_ping, true, data);
  return error::none;
}

error connection::send_pong(std::span<const std::uint8_t> data) {
  if (state_ == state::connecting || state_ == state::closed || sent_close_) return error::not_open;
  if (data.size() > 125) return error::bad_control_length;
  write_frame(op_pong, true, data);
  return error::none;
}

error connection::close(std::uint16_t code, std::string_view reason) {
  if (state_ == state::connecting || state_ == state::closed || sent_close_) return error::not_open;
  if (!close_code_acceptable(code)) return error::bad_close_code;
  if (reason.size() > 123 || !utf8_valid(bytes_of(reason).data(), reason.size())) return error::bad_close_reason;
  queue_close(code, reason);
  return error::none;
}

}  // namespace wsconform::impl
