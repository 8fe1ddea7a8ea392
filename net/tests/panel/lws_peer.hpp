// What both libwebsockets panel peers share (Debian libwebsockets-dev 4.1): the echo behaviour
// of one connection - fragments gathered into whole messages, each sent back when lws says the
// connection is writable - kept in the per-session memory lws allocates.
#pragma once

#include <libwebsockets.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace panel {

struct LwsMessage {
  bool binary = false;
  std::vector<unsigned char> data;
};

struct LwsSession {
  LwsMessage reading;
  std::deque<LwsMessage> to_send;
};

// lws leaves message size to its application; this one takes messages up to 32 MiB, as every
// panel peer is configured, and refuses a larger one with 1009.
constexpr std::size_t kMaxMessage = 32u << 20;
struct TooBig {};

// A received chunk: gathers it; true once it completed a message (queued for the echo). Throws
// TooBig past kMaxMessage, with the close reason set: the callback then returns -1.
bool lws_gather(struct lws* wsi, LwsSession& s, const void* in, std::size_t len);
// Writes the oldest queued message (with the LWS_PRE room lws wants); asks for another turn
// while more wait. Returns lws_write's failure as -1.
int lws_send_next(struct lws* wsi, LwsSession& s);

}  // namespace panel
