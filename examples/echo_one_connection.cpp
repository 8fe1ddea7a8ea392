// The README's example: serve one WebSocket connection on a connected socket, echoing every
// message. impl/ does the protocol; this function only moves octets.
#include <unistd.h>

#include "impl/connection.hpp"

using namespace wsconform::impl;

void echo_one_connection(int fd) {
  connection ws(config{});  // a server; handshake, pings and the closing handshake included
  std::uint8_t buf[1 << 16];
  while (!ws.should_close_tcp()) {
    const ssize_t n = read(fd, buf, sizeof buf);
    n > 0 ? ws.receive_data({buf, static_cast<std::size_t>(n)}) : ws.receive_eof();
    for (const event& e : ws.events())
      if (e.kind == event_kind::message) e.text ? ws.send_text(e.data) : ws.send_binary(e.data);
    for (auto out = ws.take_output(); !out.empty();) {
      const ssize_t w = write(fd, out.data(), out.size());
      if (w <= 0) return (void)close(fd);
      out.erase(out.begin(), out.begin() + w);
    }
  }
  close(fd);
}
