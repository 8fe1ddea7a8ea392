// libwebsockets 4.1 (Debian libwebsockets-dev) as the client a fuzzing server tests: Autobahn's
// testee loop - /getCaseCount, /runCase?case=N&agent=A echoing every message, then
// /updateReports?agent=A - one client connection at a time on lws's own event loop, with
// LWS_SERVER_OPTION_VALIDATE_UTF8 (lws checks text only with it). Every case is bounded in time.
// Usage: lws_testee_client AGENT ws://127.0.0.1:PORT
#include <chrono>
#include <cstdio>
#include <new>
#include <string>

#include "lws_peer.hpp"

namespace {

struct Run {
  bool echo = true;
  bool done = false;
  std::string first_message;
};

int on_event(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* s = static_cast<panel::LwsSession*>(user);
  auto* run = static_cast<Run*>(lws_context_user(lws_get_context(wsi)));
  switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
      new (s) panel::LwsSession();
      break;
    case LWS_CALLBACK_CLIENT_RECEIVE:
      try {
        if (!panel::lws_gather(wsi, *s, in, len)) break;
      } catch (const panel::TooBig&) {
        return -1;
      }
      if (!run->echo) {  // the answer to /getCaseCount: keep it and close normally
        run->first_message.assign(s->to_send.back().data.begin(), s->to_send.back().data.end());
        s->to_send.clear();
        lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, nullptr, 0);
        return -1;
      }
      lws_callback_on_writable(wsi);
      break;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
      return panel::lws_send_next(wsi, *s);
    case LWS_CALLBACK_CLIENT_CLOSED:
      s->~LwsSession();
      run->done = true;
      break;
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
      run->done = true;
      break;
    default:
      break;
  }
  return 0;
}

const struct lws_protocols protocols[] = {
    {"testee", on_event, sizeof(panel::LwsSession), 65536, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

std::string session(int port, const std::string& path, bool echo) {
  Run run;
  run.echo = echo;
  struct lws_context_creation_info info {};
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = protocols;
  info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
  info.user = &run;
  struct lws_context* context = lws_create_context(&info);
  if (!context) return {};
  struct lws_client_connect_info c {};
  c.context = context;
  c.address = "127.0.0.1";
  c.port = port;
  c.path = path.c_str();
  c.host = "127.0.0.1";
  c.origin = "127.0.0.1";
  c.protocol = nullptr;
  c.local_protocol_name = "testee";
  if (lws_client_connect_via_info(&c)) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!run.done && std::chrono::steady_clock::now() < until && lws_service(context, 0) >= 0) {
    }
  }
  lws_context_destroy(context);
  return run.first_message;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lws_testee_client AGENT ws://127.0.0.1:PORT\n");
    return 2;
  }
  lws_set_log_level(LLL_ERR, nullptr);
  const std::string agent = argv[1], url = argv[2];
  const int port = std::stoi(url.substr(url.rfind(':') + 1));
  const int count = std::stoi("0" + session(port, "/getCaseCount", false));
  for (int n = 1; n <= count; ++n) session(port, "/runCase?case=" + std::to_string(n) + "&agent=" + agent, true);
  session(port, "/updateReports?agent=" + agent, false);
  std::printf("ran %d cases\n", count);
  return count > 0 ? 0 : 1;
}
