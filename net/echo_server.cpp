#include "net/echo_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include "impl/connection.hpp"
#include "net/listener.hpp"
#include "net/pending_output.hpp"

namespace wsconform::net {
namespace {

using clock = std::chrono::steady_clock;

struct Client {
  std::unique_ptr<Stream> stream;
  impl::connection ws;
  PendingOutput out;
  clock::time_point last_activity;
  bool closing = false;  // impl said close TCP: flush, then close
};

impl::config server_config(const EchoServerOptions& o) {
  impl::config c;
  c.side = impl::role::server;
  c.server.server_name = o.server_name;
  c.server.deflate.enabled = true;  // permessage-deflate (RFC 7692): the first offer it can honour
  return c;
}

}  // namespace

int run_echo_server(const EchoServerOptions& options, const std::function<void(std::uint16_t)>& on_listening, std::string& error) {
  std::shared_ptr<const TlsServer> tls;
  if (options.tls && (tls = TlsServer::make(*options.tls, error)) == nullptr) return 1;
  const Listener l = listen_tcp(options.host, options.port);
  if (l.fd < 0) {
    error = l.error;
    return 1;
  }
  const int listener = l.fd;
  on_listening(l.port);

  std::vector<std::unique_ptr<Client>> clients;
  const auto started = clock::now();
  std::vector<std::uint8_t> buf(1 << 16);
  for (;;) {
    const auto now = clock::now();
    if (options.max_seconds > 0 && std::chrono::duration<double>(now - started).count() >= options.max_seconds) break;
    std::vector<pollfd> fds{{listener, POLLIN, 0}};
    bool buffered = false;  // TLS: decrypted octets wait that poll() cannot see
    for (const auto& c : clients) {
      fds.push_back({c->stream->fd(), static_cast<short>(POLLIN | (c->out.empty() ? 0 : POLLOUT)), 0});
      buffered = buffered || c->stream->buffered();
    }
    poll(fds.data(), fds.size(), buffered ? 0 : 100);
    const std::size_t polled = clients.size();  // connections accepted below wait for the next poll

    if ((fds[0].revents & POLLIN) != 0) {
      for (;;) {
        const int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        if (clients.size() >= options.max_connections) {
          close(fd);
          continue;
        }
        std::unique_ptr<Stream> stream = tls ? tls->accept(fd) : plain_stream(fd);
        if (stream == nullptr) continue;
        clients.push_back(std::make_unique<Client>(Client{std::move(stream), impl::connection(server_config(options)), {}, clock::now(), false}));
      }
    }
    for (std::size_t i = 0; i < polled; ++i) {
      Client& c = *clients[i];
      const short ev = fds[i + 1].revents;
      if (((ev & (POLLIN | POLLHUP | POLLERR)) != 0 || c.stream->buffered()) && !c.closing) {
        const Io r = c.stream->read(buf);
        if (r.status == Io::Status::ok) {
          c.ws.receive_data({buf.data(), r.octets});
        } else if (r.status != Io::Status::would_block) {
          c.ws.receive_eof();
        }
        for (const auto& e : c.ws.events())
          if (e.kind == impl::event_kind::message) (void)(e.text ? c.ws.send_text(e.data) : c.ws.send_binary(e.data));
        c.last_activity = clock::now();
      }
      c.out.take_from(c.ws);
      std::size_t written = 0;
      if (c.out.flush(*c.stream, written) == PendingOutput::Flushed::failed) c.closing = true;
      if (c.ws.should_close_tcp()) c.closing = true;
      const bool idle = std::chrono::duration<double>(clock::now() - c.last_activity).count() > options.idle_timeout;
      // §7.1.1: the server closes TCP first, once its last octets are out.
      if ((c.closing && c.out.empty()) || idle) {
        clients[i].reset();  // the stream closes the connection (TLS: close_notify first)
      }
    }
    std::erase(clients, nullptr);
  }
  clients.clear();
  close(listener);
  return 0;
}

}  // namespace wsconform::net
