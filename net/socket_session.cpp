#include "net/socket_session.hpp"

#include "net/pending_output.hpp"

#include <poll.h>
#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <random>
#include <vector>

namespace wsconform::net {
namespace {

using clock = std::chrono::steady_clock;

double since(clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); }

}  // namespace

void fill_random(std::span<std::uint8_t> out) {
  std::size_t at = 0;
  while (at < out.size()) {
    const ssize_t n = getrandom(out.data() + at, out.size() - at, 0);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  if (at < out.size()) {  // no getrandom (old kernel, seccomp): fall back to the library's device
    std::random_device rd;
    for (; at < out.size(); ++at) out[at] = static_cast<std::uint8_t>(rd());
  }
}

SessionEnd run_socket_session(std::unique_ptr<Stream> stream, impl::connection& ws, std::span<const std::uint8_t> read_ahead,
                              const EventHandler& on_event, const SessionBounds& bounds) {
  SessionEnd end;
  const auto started = clock::now();
  auto last_activity = started;
  std::optional<clock::time_point> close_wait_from;
  bool eof = false;
  auto dispatch = [&] {
    for (const auto& e : ws.events()) {
      if (e.kind == impl::event_kind::open) end.opened = true;
      if (e.kind == impl::event_kind::closed) end.clean = e.clean;
      if (e.kind == impl::event_kind::failed) end.failure = e.err;
      if (on_event) on_event(ws, e);
    }
  };
  if (!read_ahead.empty()) {
    ws.receive_data(read_ahead);
    dispatch();
  } else if (ws.events().size() > 0) {
    dispatch();
  }
  std::vector<std::uint8_t> buf(1 << 16);
  PendingOutput out;
  for (;;) {
    // Write what impl has to say, as far as the socket takes it.
    out.take_from(ws);
    std::size_t written = 0;
    if (out.flush(*stream, written) == PendingOutput::Flushed::failed) {
      end.io_error = "write failed: " + stream->error();
      eof = true;
    }
    if (written > 0) last_activity = clock::now();
    const bool out_pending = !out.empty();
    if (eof && !out_pending) break;
    // §7.1.1: the server closes TCP first; impl says when.
    if (ws.should_close_tcp() && !out_pending) break;
    if (ws.close_expected() && !close_wait_from) close_wait_from = clock::now();
    if (close_wait_from && since(*close_wait_from) > bounds.close_wait) {
      end.io_error = "the peer did not close TCP after the closing handshake; closed it";
      break;
    }
    if (since(last_activity) > bounds.idle_timeout) {
      end.io_error = "nothing happened for " + std::to_string(static_cast<int>(bounds.idle_timeout)) + " s; closed the connection";
      break;
    }
    if (bounds.max_seconds > 0 && since(started) > bounds.max_seconds) {
      end.io_error = "the session outlasted its bound of " + std::to_string(static_cast<int>(bounds.max_seconds)) + " s; closed it";
      break;
    }
    if (!stream->buffered()) {
      pollfd p{stream->fd(), static_cast<short>(POLLIN | (out_pending ? POLLOUT : 0)), 0};
      if (poll(&p, 1, 100) <= 0) continue;
      if ((p.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    }
    const Io r = stream->read(buf);
    if (r.status == Io::Status::ok) {
      last_activity = clock::now();
      ws.receive_data({buf.data(), r.octets});
      dispatch();
    } else if (r.status != Io::Status::would_block) {
      if (r.status == Io::Status::failed) end.io_error = stream->error();
      ws.receive_eof();
      dispatch();
      eof = true;
    }
  }
  if (ws.current_state() != impl::state::closed) {
    ws.receive_eof();
    dispatch();
  }
  end.peer_close_code = ws.peer_close_code();
  return end;  // the stream closes the connection
}

}  // namespace wsconform::net
