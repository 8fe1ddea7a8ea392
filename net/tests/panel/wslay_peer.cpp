#include "wslay_peer.hpp"

#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <random>

namespace panel {
namespace {

ssize_t on_recv(wslay_event_context_ptr ctx, std::uint8_t* buf, std::size_t len, int, void* user) {
  auto* s = static_cast<WslaySession*>(user);
  if (!s->read_ahead.empty()) {
    const std::size_t n = std::min(len, s->read_ahead.size());
    std::memcpy(buf, s->read_ahead.data(), n);
    s->read_ahead.erase(0, n);
    return static_cast<ssize_t>(n);
  }
  const ssize_t r = ::recv(s->fd, buf, len, 0);
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
  else if (r <= 0) wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
  return r > 0 ? r : -1;
}

ssize_t on_send(wslay_event_context_ptr ctx, const std::uint8_t* data, std::size_t len, int flags, void* user) {
  auto* s = static_cast<WslaySession*>(user);
  const ssize_t r = ::send(s->fd, data, len, MSG_NOSIGNAL | ((flags & WSLAY_MSG_MORE) ? MSG_MORE : 0));
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
  else if (r < 0) wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
  return r >= 0 ? r : -1;
}

int on_genmask(wslay_event_context_ptr, std::uint8_t* buf, std::size_t len, void*) {
  static thread_local std::mt19937 random{std::random_device{}()};
  for (std::size_t i = 0; i < len; ++i) buf[i] = static_cast<std::uint8_t>(random());
  return 0;
}

void on_message(wslay_event_context_ptr ctx, const wslay_event_on_msg_recv_arg* arg, void* user) {
  auto* s = static_cast<WslaySession*>(user);
  if (wslay_is_ctrl_frame(arg->opcode)) return;  // wslay answers Pings and Closes itself
  if (!s->echo) {
    s->first_message.assign(reinterpret_cast<const char*>(arg->msg), arg->msg_length);
    wslay_event_queue_close(ctx, WSLAY_CODE_NORMAL_CLOSURE, nullptr, 0);
    return;
  }
  wslay_event_msg msg{arg->opcode, arg->msg, arg->msg_length};
  wslay_event_queue_msg(ctx, &msg);
}

}  // namespace

std::string accept_key(const std::string& key) {
  const std::string in = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(in.data(), in.size(), digest, &n, EVP_sha1(), nullptr);
  unsigned char out[64];
  const int m = EVP_EncodeBlock(out, digest, static_cast<int>(n));
  return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(m));
}

void run_wslay(WslaySession& s, bool server, double max_seconds) {
  wslay_event_callbacks callbacks{on_recv, on_send, on_genmask, nullptr, nullptr, nullptr, on_message};
  wslay_event_context_ptr ctx = nullptr;
  if ((server ? wslay_event_context_server_init(&ctx, &callbacks, &s) : wslay_event_context_client_init(&ctx, &callbacks, &s)) != 0)
    return;
  wslay_event_config_set_max_recv_msg_length(ctx, 32u << 20);
  fcntl(s.fd, F_SETFL, fcntl(s.fd, F_GETFL) | O_NONBLOCK);
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(max_seconds);
  while ((wslay_event_want_read(ctx) || wslay_event_want_write(ctx)) && std::chrono::steady_clock::now() < until) {
    if (!s.read_ahead.empty() && wslay_event_want_read(ctx)) {
      if (wslay_event_recv(ctx) != 0) break;
      continue;
    }
    pollfd p{s.fd, static_cast<short>((wslay_event_want_read(ctx) ? POLLIN : 0) | (wslay_event_want_write(ctx) ? POLLOUT : 0)), 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    if ((p.revents & (POLLIN | POLLHUP | POLLERR)) && wslay_event_recv(ctx) != 0) break;
    if ((p.revents & POLLOUT) && wslay_event_send(ctx) != 0) break;
  }
  wslay_event_context_free(ctx);
}

}  // namespace panel
