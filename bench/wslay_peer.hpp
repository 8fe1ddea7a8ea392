// wslay (libwslay-dev) driven from memory buffers, as the baseline for frame benchmarks:
// the recv callback reads from an input buffer, the send callback appends to an output one.
#pragma once

#include <wslay/wslay.h>

#include <cstring>
#include <vector>

namespace wsconform::bench {

class wslay_peer {
 public:
  explicit wslay_peer(bool server) {
    wslay_event_callbacks cb{};
    cb.recv_callback = &wslay_peer::recv;
    cb.send_callback = &wslay_peer::send;
    cb.genmask_callback = &wslay_peer::genmask;
    cb.on_msg_recv_callback = &wslay_peer::on_msg;
    if (server)
      wslay_event_context_server_init(&ctx_, &cb, this);
    else
      wslay_event_context_client_init(&ctx_, &cb, this);
  }
  ~wslay_peer() { wslay_event_context_free(ctx_); }
  wslay_peer(const wslay_peer&) = delete;
  wslay_peer& operator=(const wslay_peer&) = delete;

  // Feeds `data` and lets wslay read it all.
  void receive(const std::uint8_t* data, std::size_t n) {
    in_ = data;
    in_left_ = n;
    wslay_event_recv(ctx_);
  }
  void queue_text(const std::uint8_t* data, std::size_t n) {
    wslay_event_msg msg{WSLAY_TEXT_FRAME, data, n};
    wslay_event_queue_msg(ctx_, &msg);
  }
  void flush() { wslay_event_send(ctx_); }

  std::vector<std::uint8_t> out;
  std::size_t messages = 0;
  std::vector<std::uint8_t> last_message;
  bool echo = false;

 private:
  static ssize_t recv(wslay_event_context_ptr ctx, std::uint8_t* buf, std::size_t len, int, void* user) {
    auto* self = static_cast<wslay_peer*>(user);
    if (self->in_left_ == 0) {
      wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
      return -1;
    }
    const std::size_t n = len < self->in_left_ ? len : self->in_left_;
    std::memcpy(buf, self->in_, n);
    self->in_ += n;
    self->in_left_ -= n;
    return static_cast<ssize_t>(n);
  }
  static ssize_t send(wslay_event_context_ptr, const std::uint8_t* data, std::size_t len, int, void* user) {
    auto* self = static_cast<wslay_peer*>(user);
    self->out.insert(self->out.end(), data, data + len);
    return static_cast<ssize_t>(len);
  }
  static int genmask(wslay_event_context_ptr, std::uint8_t* buf, std::size_t len, void*) {
    for (std::size_t i = 0; i < len; ++i) buf[i] = static_cast<std::uint8_t>(0x5A + i);
    return 0;
  }
  static void on_msg(wslay_event_context_ptr ctx, const wslay_event_on_msg_recv_arg* arg, void* user) {
    auto* self = static_cast<wslay_peer*>(user);
    ++self->messages;
    if (self->echo && arg->opcode == WSLAY_TEXT_FRAME) {
      wslay_event_msg msg{arg->opcode, arg->msg, arg->msg_length};
      wslay_event_queue_msg(ctx, &msg);
    }
  }

  wslay_event_context_ptr ctx_ = nullptr;
  const std::uint8_t* in_ = nullptr;
  std::size_t in_left_ = 0;
};

}  // namespace wsconform::bench
