// One impl/ connection over one connected stream (TCP, or TLS over it), in one poll() loop, until TCP is closed or a
// bound is reached. The application is a callback that sees every event and may send. Used by
// the testee client (impl/ as a client) and by the fuzzing server's control commands (impl/ as
// a server answering /getCaseCount and the like).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "impl/connection.hpp"
#include "net/stream.hpp"

namespace wsconform::net {

struct SessionBounds {
  double idle_timeout = 60;  // nothing read or written this long: close TCP
  double close_wait = 2;     // after the closing handshake, wait this long for the peer's TCP close
  double max_seconds = 0;    // the whole session (0: no bound beyond the others)
};

struct SessionEnd {
  bool opened = false;              // the opening handshake completed
  bool clean = false;               // closed after a closing handshake (§7.1.4)
  std::uint16_t peer_close_code = 1006;
  impl::error failure = impl::error::none;  // why impl failed the connection, if it did
  std::string io_error;             // a bound reached, or a socket error
};

using EventHandler = std::function<void(impl::connection&, const impl::event&)>;

// Takes the stream (closes it before returning). `read_ahead`: octets already read from it.
SessionEnd run_socket_session(std::unique_ptr<Stream> stream, impl::connection& ws, std::span<const std::uint8_t> read_ahead,
                              const EventHandler& on_event, const SessionBounds& bounds = {});

// Mask keys and the client's nonce (§5.3, §4.1): from the kernel's random source.
void fill_random(std::span<std::uint8_t> out);

}  // namespace wsconform::net
