// wslay (Debian libwslay-dev) as an echo server on 127.0.0.1: one thread per connection, the
// opening handshake answered here (wslay leaves HTTP to its user), then wslay's event API with
// its defaults except a 32 MiB message limit. Prints "listening on ws://127.0.0.1:PORT/" once
// bound and stops by itself.
// Usage: wslay_echo_server PORT MAX_SECONDS   (port 0 picks a free one)
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "net/listener.hpp"
#include "wslay_peer.hpp"

namespace {

std::string header_value(const std::string& head, const std::string& name) {
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const auto at = lower.find("\r\n" + name + ":");
  if (at == std::string::npos) return {};
  auto begin = at + name.size() + 3;
  const auto end = head.find("\r\n", begin);
  while (begin < end && head[begin] == ' ') ++begin;
  std::string v = head.substr(begin, end - begin);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

void serve(int fd) {
  std::string buffer;
  char chunk[4096];
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos && buffer.size() < 65536) {
    const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return (void)close(fd);
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  const std::string key = header_value(buffer.substr(0, end + 2), "sec-websocket-key");
  if (end == std::string::npos || key.empty()) {
    const char refusal[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    send(fd, refusal, sizeof refusal - 1, MSG_NOSIGNAL);
    return (void)close(fd);
  }
  const std::string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: " + panel::accept_key(key) + "\r\n\r\n";
  send(fd, response.data(), response.size(), MSG_NOSIGNAL);
  panel::WslaySession s;
  s.fd = fd;
  s.read_ahead = buffer.substr(end + 4);
  panel::run_wslay(s, /*server=*/true, 600);
  close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 0;
  alarm(static_cast<unsigned>(argc > 2 ? std::atoi(argv[2]) : 900));  // bounded in time
  const wsconform::net::Listener listener = wsconform::net::listen_tcp("127.0.0.1", static_cast<std::uint16_t>(port));
  if (listener.fd < 0) return 1;
  fcntl(listener.fd, F_SETFL, fcntl(listener.fd, F_GETFL) & ~O_NONBLOCK);  // one blocking accept() at a time
  std::printf("listening on ws://127.0.0.1:%u/\n", listener.port);
  std::fflush(stdout);
  for (;;) {
    const int fd = accept(listener.fd, nullptr, nullptr);
    if (fd >= 0) std::thread(serve, fd).detach();
  }
}
