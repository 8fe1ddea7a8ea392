// libwebsockets 4.1 (Debian libwebsockets-dev) as an echo server on 127.0.0.1: one context, one
// protocol, lws's own event loop, with LWS_SERVER_OPTION_VALIDATE_UTF8 (the option lws offers
// for RFC 6455's UTF-8 rule; without it lws leaves text unchecked). Prints
// "listening on ws://127.0.0.1:PORT/" once bound and stops by itself.
// Usage: lws_echo_server PORT MAX_SECONDS   (port 0 picks a free one)
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <new>

#include "lws_peer.hpp"

namespace {

int on_event(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* s = static_cast<panel::LwsSession*>(user);
  switch (reason) {
    case LWS_CALLBACK_ESTABLISHED:
      new (s) panel::LwsSession();
      break;
    case LWS_CALLBACK_RECEIVE:
      try {
        if (panel::lws_gather(wsi, *s, in, len)) lws_callback_on_writable(wsi);
      } catch (const panel::TooBig&) {
        return -1;
      }
      break;
    case LWS_CALLBACK_SERVER_WRITEABLE:
      return panel::lws_send_next(wsi, *s);
    case LWS_CALLBACK_CLOSED:
      s->~LwsSession();
      break;
    default:
      break;
  }
  return 0;
}

const struct lws_protocols protocols[] = {
    {"echo", on_event, sizeof(panel::LwsSession), 65536, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

}  // namespace

int main(int argc, char** argv) {
  alarm(static_cast<unsigned>(argc > 2 ? std::atoi(argv[2]) : 900));  // bounded in time
  lws_set_log_level(LLL_ERR, nullptr);
  struct lws_context_creation_info info {};
  info.port = argc > 1 ? std::atoi(argv[1]) : 0;
  info.iface = "127.0.0.1";
  info.protocols = protocols;
  info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
  struct lws_context* context = lws_create_context(&info);
  if (!context) return 1;
  std::printf("listening on ws://127.0.0.1:%d/\n", lws_get_vhost_listen_port(lws_get_vhost_by_name(context, "default")));
  std::fflush(stdout);
  while (lws_service(context, 0) >= 0) {
  }
  lws_context_destroy(context);
  return 0;
}
