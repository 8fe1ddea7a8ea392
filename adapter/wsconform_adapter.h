/* The adapter contract: how a WebSocket library links into wsconform in process - the
 * catalogue, `wsconform check` and the differential fuzzers then drive it exactly as they drive
 * impl/. docs/adapters.md is the guide (what each call must do, a worked example, the OSS-Fuzz
 * recipe); adapter/wslay/wslay_adapter.c is a complete adapter for wslay (C), and
 * adapter/beast/beast_adapter.cpp one for Boost.Beast (C++, a library that owns its I/O).
 *
 * An endpoint is sans-IO: wsconform hands it the peer's octets and takes the octets it writes.
 * It starts OPEN - the opening handshake is done (wsconform answers or sends it itself) - and
 * negotiates no extension. Every call is made from one thread at a time per endpoint. */
#ifndef WSCONFORM_ADAPTER_H
#define WSCONFORM_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WSC_ADAPTER_ABI_VERSION 2

enum wsc_role { WSC_ROLE_SERVER = 0, WSC_ROLE_CLIENT = 1 };

struct wsc_config {
  int abi_version;           /* WSC_ADAPTER_ABI_VERSION: refuse (return NULL) another one */
  enum wsc_role role;
  uint64_t max_message_size; /* 0: the library's own limit */
  uint64_t seed;             /* for mask keys and any other randomness: a replay must be exact */
};

/* A message the library handed to its application: valid until the next call on the endpoint. */
struct wsc_message {
  int text; /* 1: text, 0: binary */
  const uint8_t* data;
  size_t size;
};

struct wsc_adapter {
  int abi_version; /* WSC_ADAPTER_ABI_VERSION */
  const char* name; /* the library and its version: "wslay 1.1.1" */

  /* A new endpoint in the OPEN state, or NULL. */
  void* (*create)(const struct wsc_config* config);
  void (*destroy)(void* endpoint);

  /* The peer's octets, in the pieces they arrived in (any size, headers split anywhere). The
   * endpoint reads them as its library would from a socket: parses, answers Pings and Closes,
   * fails the connection on what the RFC says it must. */
  void (*feed)(void* endpoint, const uint8_t* octets, size_t size);
  /* The peer closed TCP (end of stream). */
  void (*peer_eof)(void* endpoint);

  /* Octets the endpoint writes, up to `capacity` of them; 0 when it has none now. Called until
   * it returns 0 after every other call. */
  size_t (*drain)(void* endpoint, uint8_t* out, size_t capacity);
  /* Nonzero once the endpoint has closed TCP (or would: it has nothing more to read or write). */
  int (*closed_tcp)(void* endpoint);
  /* The next message delivered to the application since the last call: nonzero and `*out` set,
   * or 0 when there is none. */
  int (*next_delivery)(void* endpoint, struct wsc_message* out);

  /* The application: send a message, a Ping, or start the closing handshake. Nonzero: the
   * library refused (the connection is closing, say). */
  int (*send_message)(void* endpoint, int text, const uint8_t* data, size_t size);
  int (*send_ping)(void* endpoint, const uint8_t* data, size_t size);
  int (*close)(void* endpoint, uint16_t code);

  /* Time passes until every timer of the library's has run out (a closing handshake's timeout,
   * say): the endpoint does what it does then - a client that waited for the server's TCP close
   * closes. Called at the end of a replay. NULL: the library keeps no timers. (Version 2.) */
  void (*expire_timers)(void* endpoint);
};

/* The adapters built here. */
const struct wsc_adapter* wsc_adapter_wslay(void); /* adapter/wslay/, C */
const struct wsc_adapter* wsc_adapter_beast(void); /* adapter/beast/, C++ over in-memory streams */

#ifdef __cplusplus
}
#endif

#endif /* WSCONFORM_ADAPTER_H */
