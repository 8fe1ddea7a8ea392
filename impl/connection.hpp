// A sans-IO WebSocket endpoint (RFC 6455), either role, from the opening handshake to the
// closing one. Bytes in, events and bytes out; no sockets, threads, clocks or global state.
//
//   conn.receive_data(octets)      what arrived from the peer
//   conn.receive_eof()             the peer closed TCP
//   conn.events()                  what happened (views valid until the next receive_data)
//   conn.take_output()             octets to write to the peer
//   conn.should_close_tcp()        the IO layer closes TCP now
//   conn.close_expected()          the IO layer starts its close timer (waiting for the peer)
//
// Sending: send_text / send_binary (optionally fragmented), send_ping, send_pong, close.
// Randomness (mask keys, the client's nonce) comes from config.random.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "impl/deflate.hpp"
#include "impl/error.hpp"
#include "impl/frame_header.hpp"
#include "impl/handshake.hpp"
#include "impl/utf8.hpp"

namespace wsconform::impl {

enum class role : std::uint8_t { client, server };

// §7.4: whether a received close code is accepted (1000-1003, 1007-1014, 3000-4999). Codes
// 5000-65535, which the RFC never assigns, are refused with 1002, as most implementations do.
bool close_code_acceptable(std::uint16_t code);

// §10.4: an endpoint protects itself. No buffer is ever sized by a length the peer claims.
struct limits {
  std::uint64_t max_frame_size = 64ull << 20;    // frame payload octets, else 1009
  std::uint64_t max_message_size = 64ull << 20;  // reassembled message octets, else 1009
  std::size_t max_handshake_size = 16 << 10;     // opening handshake head
  std::size_t max_header_count = 64;
};

struct config {
  role side = role::server;
  struct limits limits;
  server_options server;   // used when side == server
  client_options client;   // used when side == client
  // Fills its argument with unpredictable octets. Clients must have one (§5.3 mask keys,
  // §4.1 nonce); servers never use it.
  std::function<void(std::span<std::uint8_t>)> random;
  bool start_open = false;           // the handshake happened elsewhere
  bool auto_pong = true;             // answer Pings (§5.5.2)
  std::uint8_t negotiated_rsv = 0;   // RSV bits an extension (via the hook) defines
  // permessage-deflate (RFC 7692): offered or accepted through client.deflate / server.deflate;
  // how this endpoint compresses once it is agreed. With start_open, `start_deflate` says
  // what the handshake elsewhere agreed.
  deflate_codec_options deflate;
  std::optional<deflate_agreement> start_deflate;
};

enum class event_kind : std::uint8_t {
  open,     // handshake done; data: the subprotocol chosen (may be empty)
  message,  // a whole message; text tells which kind
  ping,     // data: the Ping's payload (answered already when auto_pong)
  pong,     // data: the Pong's payload
  close,    // the peer's Close: code (1005 if none), data: reason
  failed,   // this endpoint failed the connection: err, code sent (0 if none)
  closed,   // TCP is closed: clean tells whether after a closing handshake (§7.1.4)
};

struct event {
  event_kind kind;
  bool text = false;
  bool clean = false;
  std::uint16_t code = 0;
  error err = error::none;
  std::span<const std::uint8_t> data;
  std::string_view data_text() const { return {reinterpret_cast<const char*>(data.data()), data.size()}; }
};

enum class state : std::uint8_t { connecting, open, closing, closed };

class connection {
 public:
  explicit connection(config cfg);

  // ---- the four verbs
  void receive_data(std::span<const std::uint8_t> data);
  // The same, allowed to unmask in place: messages that arrive whole are then delivered as
  // views of `data` without a copy.
  void receive_data_in_place(std::span<std::uint8_t> data);
  void receive_eof();
  std::span<const event> events() const { return events_; }
  std::span<const std::uint8_t> output();
  std::vector<std::uint8_t> take_output();
  void consume_output(std::size_t n);
  bool should_close_tcp() const { return close_tcp_ && pending_close_code_ == 0; }
  bool close_expected() const { return state_ == state::closing && !close_tcp_; }

  // ---- sending (errors are values: not_open, bad_utf8, bad_control_length, bad_close_code...)
  error send_text(std::span<const std::uint8_t> data, std::size_t fragment_size = 0);
  error send_text(std::string_view text, std::size_t fragment_size = 0);
  error send_binary(std::span<const std::uint8_t> data, std::size_t fragment_size = 0);
  error send_ping(std::span<const std::uint8_t> data = {});
  error send_pong(std::span<const std::uint8_t> data = {});
  error close(std::uint16_t code = 1000, std::string_view reason = {});

  // ---- what it knows
  state current_state() const { return state_; }
  role side() const { return cfg_.side; }
  error failure() const { return failure_; }
  std::uint16_t peer_close_code() const { return peer_close_code_; }  // 1005/1006 per §7.1.5
  const std::string& subprotocol() const { return subprotocol_; }
  const std::string& request_target() const { return target_; }
  std::uint64_t octets_received() const { return received_; }
  bool deflate_agreed() const { return inflater_ != nullptr; }

 private:
  void process(std::uint8_t* writable, const std::uint8_t* data, std::size_t n);
  std::size_t handshake_input(const std::uint8_t* data, std::size_t n);
  void open();
  void start_deflate(const deflate_agreement& agreement);
  void inflated(std::size_t from);
  bool begin_frame();
  error header_error(const frame_header& h, bool length_known) const;
  error early_header_error(const std::uint8_t* octets, std::size_t have) const;
  void frame_payload(const std::uint8_t* p, std::size_t n, bool needs_unmask);
  void end_frame();
  void on_close_frame();
  void fail(error e);
  void write_pending_close();
  void queue_close(std::uint16_t code, std::string_view reason);
  void write_frame(std::uint8_t opcode, bool fin, std::span<const std::uint8_t> payload, std::uint8_t rsv = 0);
  error send_message(std::uint8_t opcode, std::span<const std::uint8_t> data, std::size_t fragment_size);
  byte_buffer& message_buffer();
  std::span<const std::uint8_t> keep(std::span<const std::uint8_t> data);

  config cfg_;
  state state_ = state::connecting;
  error failure_ = error::none;
  bool close_tcp_ = false;
  // A failure's Close frame waits until the output is taken, so that the application can
  // still answer messages that were complete before the fault (they come first on the wire).
  std::uint16_t pending_close_code_ = 0;
  error pending_close_error_ = error::none;
  bool sent_close_ = false;
  bool received_close_ = false;
  bool eof_ = false;
  std::uint16_t peer_close_code_ = 1006;
  std::string subprotocol_;
  std::string target_;
  std::string client_key_;
  std::string handshake_buf_;
  std::uint64_t received_ = 0;

  // Receiving.
  enum class rx : std::uint8_t { header, payload, discard } rx_ = rx::header;
  std::uint8_t hdr_buf_[14]{};
  std::size_t hdr_have_ = 0;
  frame_header frame_{};
  std::uint64_t frame_read_ = 0;
  bool in_message_ = false;       // a fragmented message is open
  bool message_text_ = false;
  std::uint64_t message_size_ = 0;
  bool frame_is_view_ = false;    // this frame's payload is delivered straight from the input
  bool frame_in_arena_ = false;   // ... or unmasked into the arena, in one piece
  std::span<const std::uint8_t> view_;
  utf8_validator utf8_;
  std::vector<std::uint8_t> control_;
  byte_buffer assembling_;  // the message being put together from its frames

  // permessage-deflate, once agreed: a compressed message is inflated into `assembling_` as
  // its frames arrive (RSV1 on its first frame); ours are compressed whole before framing.
  std::unique_ptr<message_deflater> deflater_;
  std::unique_ptr<message_inflater> inflater_;
  bool message_compressed_ = false;
  std::vector<std::uint8_t> unmasked_;    // a compressed frame's octets, unmasked for zlib
  byte_buffer compressed_;  // our message, compressed
  // Per-call arena for whole masked messages when the input is read-only: sized to the
  // input before parsing, so it never moves while the call's events point into it.
  std::unique_ptr<std::uint8_t[]> arena_;
  std::size_t arena_capacity_ = 0;
  std::size_t arena_used_ = 0;
  // Buffers holding what the current call's events show, reused call after call.
  std::vector<byte_buffer> pool_;
  std::size_t pool_used_ = 0;

  std::vector<event> events_;
  std::vector<std::uint8_t> out_;
};

}  // namespace wsconform::impl
