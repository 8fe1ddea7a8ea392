/* wslay (Debian libwslay-dev) behind the adapter contract: its event API, with the recv
 * callback reading the octets fed in and the send callback appending to an output buffer. wslay
 * answers Pings and Closes itself; an endpoint closes TCP when wslay wants neither to read nor to
 * write, or when a callback or the protocol failed (as a socket loop around wslay does). */
#include <stdlib.h>
#include <string.h>
#include <wslay/wslay.h>
#include <wslay/wslayver.h>

#include "adapter/wsconform_adapter.h"

struct buffer {
  uint8_t* data;
  size_t size, capacity;
};

static int buffer_append(struct buffer* b, const uint8_t* data, size_t n) {
  if (b->size + n > b->capacity) {
    size_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < b->size + n) capacity *= 2;
    uint8_t* grown = realloc(b->data, capacity);
    if (!grown) return -1;
    b->data = grown;
    b->capacity = capacity;
  }
  if (n) memcpy(b->data + b->size, data, n);
  b->size += n;
  return 0;
}

struct delivery {
  int text;
  struct buffer data;
};

struct endpoint {
  wslay_event_context_ptr ctx;
  const uint8_t* in;  /* what feed() gave, not yet read by wslay */
  size_t in_left;
  int eof;
  int failed;        /* wslay_event_recv or _send returned an error: the loop closes TCP */
  struct buffer out;
  size_t out_taken;
  struct delivery* deliveries;
  size_t deliveries_size, deliveries_capacity, delivered;
  struct buffer current;  /* the delivery handed out last (valid until the next call) */
  uint64_t random;
};

static ssize_t on_recv(wslay_event_context_ptr ctx, uint8_t* buf, size_t len, int flags, void* user) {
  struct endpoint* e = user;
  (void)flags;
  if (e->in_left == 0) {
    wslay_event_set_error(ctx, e->eof ? WSLAY_ERR_CALLBACK_FAILURE : WSLAY_ERR_WOULDBLOCK);
    return -1;
  }
  size_t n = len < e->in_left ? len : e->in_left;
  memcpy(buf, e->in, n);
  e->in += n;
  e->in_left -= n;
  return (ssize_t)n;
}

static ssize_t on_send(wslay_event_context_ptr ctx, const uint8_t* data, size_t len, int flags, void* user) {
  struct endpoint* e = user;
  (void)flags;
  if (buffer_append(&e->out, data, len) != 0) {
    wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
    return -1;
  }
  return (ssize_t)len;
}

static int on_genmask(wslay_event_context_ptr ctx, uint8_t* buf, size_t len, void* user) {
  struct endpoint* e = user;
  (void)ctx;
  for (size_t i = 0; i < len; ++i) {
    e->random ^= e->random << 13, e->random ^= e->random >> 7, e->random ^= e->random << 17;
    buf[i] = (uint8_t)e->random;
  }
  return 0;
}

static void on_message(wslay_event_context_ptr ctx, const struct wslay_event_on_msg_recv_arg* arg, void* user) {
  struct endpoint* e = user;
  (void)ctx;
  if (wslay_is_ctrl_frame(arg->opcode)) return; /* wslay answers Pings and Closes itself */
  if (e->deliveries_size == e->deliveries_capacity) {
    size_t capacity = e->deliveries_capacity ? 2 * e->deliveries_capacity : 8;
    struct delivery* grown = realloc(e->deliveries, capacity * sizeof *grown);
    if (!grown) return;
    e->deliveries = grown;
    e->deliveries_capacity = capacity;
  }
  struct delivery* d = &e->deliveries[e->deliveries_size++];
  d->text = arg->opcode == WSLAY_TEXT_FRAME;
  memset(&d->data, 0, sizeof d->data);
  buffer_append(&d->data, arg->msg, arg->msg_length);
}

/* What a socket loop does after reading or queueing: read all there is, then write all it can. */
static void pump(struct endpoint* e) {
  if (e->failed) return;
  if (wslay_event_want_read(e->ctx) && (e->in_left > 0 || e->eof) && wslay_event_recv(e->ctx) != 0) e->failed = 1;
  if (!e->failed && wslay_event_want_write(e->ctx) && wslay_event_send(e->ctx) != 0) e->failed = 1;
}

static void* create(const struct wsc_config* config) {
  if (!config || config->abi_version != WSC_ADAPTER_ABI_VERSION) return NULL;
  struct endpoint* e = calloc(1, sizeof *e);
  if (!e) return NULL;
  struct wslay_event_callbacks callbacks = {on_recv, on_send, on_genmask, NULL, NULL, NULL, on_message};
  const int r = config->role == WSC_ROLE_SERVER ? wslay_event_context_server_init(&e->ctx, &callbacks, e)
                                                : wslay_event_context_client_init(&e->ctx, &callbacks, e);
  if (r != 0) {
    free(e);
    return NULL;
  }
  wslay_event_config_set_max_recv_msg_length(e->ctx, config->max_message_size ? config->max_message_size : (32u << 20));
  e->random = config->seed ? config->seed : 0x9e3779b97f4a7c15ull;
  return e;
}

static void destroy(void* endpoint) {
  struct endpoint* e = endpoint;
  if (!e) return;
  wslay_event_context_free(e->ctx);
  for (size_t i = 0; i < e->deliveries_size; ++i) free(e->deliveries[i].data.data);
  free(e->deliveries);
  free(e->current.data);
  free(e->out.data);
  free(e);
}

static void feed(void* endpoint, const uint8_t* octets, size_t size) {
  struct endpoint* e = endpoint;
  e->in = octets;
  e->in_left = size;
  pump(e);
  e->in_left = 0; /* wslay stops reading once it failed: the rest is never read */
}

static void peer_eof(void* endpoint) {
  struct endpoint* e = endpoint;
  e->eof = 1;
  pump(e);
}

static size_t drain(void* endpoint, uint8_t* out, size_t capacity) {
  struct endpoint* e = endpoint;
  size_t n = e->out.size - e->out_taken;
  if (n > capacity) n = capacity;
  if (n) memcpy(out, e->out.data + e->out_taken, n);
  e->out_taken += n;
  if (e->out_taken == e->out.size) e->out.size = e->out_taken = 0;
  return n;
}

static int closed_tcp(void* endpoint) {
  struct endpoint* e = endpoint;
  return e->failed || (!wslay_event_want_read(e->ctx) && !wslay_event_want_write(e->ctx));
}

static int next_delivery(void* endpoint, struct wsc_message* out) {
  struct endpoint* e = endpoint;
  if (e->delivered == e->deliveries_size) {
    e->delivered = e->deliveries_size = 0;
    return 0;
  }
  struct delivery* d = &e->deliveries[e->delivered++];
  free(e->current.data);
  e->current = d->data; /* handed over: freed at the next call or with the endpoint */
  memset(&d->data, 0, sizeof d->data);
  out->text = d->text;
  out->data = e->current.data;
  out->size = e->current.size;
  return 1;
}

static int send_message(void* endpoint, int text, const uint8_t* data, size_t size) {
  struct endpoint* e = endpoint;
  struct wslay_event_msg msg = {text ? WSLAY_TEXT_FRAME : WSLAY_BINARY_FRAME, data, size};
  const int r = wslay_event_queue_msg(e->ctx, &msg);
  pump(e);
  return r;
}

static int send_ping(void* endpoint, const uint8_t* data, size_t size) {
  struct endpoint* e = endpoint;
  struct wslay_event_msg msg = {WSLAY_PING, data, size};
  const int r = wslay_event_queue_msg(e->ctx, &msg);
  pump(e);
  return r;
}

static int close_connection(void* endpoint, uint16_t code) {
  struct endpoint* e = endpoint;
  const int r = wslay_event_queue_close(e->ctx, code, NULL, 0);
  pump(e);
  return r;
}

const struct wsc_adapter* wsc_adapter_wslay(void) {
  static const struct wsc_adapter adapter = {
      WSC_ADAPTER_ABI_VERSION, "wslay " WSLAY_VERSION, create, destroy, feed, peer_eof, drain, closed_tcp, next_delivery,
      send_message, send_ping, close_connection, NULL /* wslay keeps no timers */};
  return &adapter;
}
