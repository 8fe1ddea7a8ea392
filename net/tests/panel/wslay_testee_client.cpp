// wslay (Debian libwslay-dev) as the client a fuzzing server tests: Autobahn's testee loop -
// /getCaseCount, /runCase?case=N&agent=A echoing every message, then /updateReports?agent=A. The
// opening handshake is written here (wslay leaves HTTP to its user; a response whose status is
// not 101 or whose accept key is wrong ends the case), then wslay's event API with its defaults
// except a 32 MiB message limit. Every case is bounded in time.
// Usage: wslay_testee_client AGENT ws://127.0.0.1:PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>

#include "wslay_peer.hpp"

namespace {

std::string base64_nonce() {
  static std::mt19937 random{std::random_device{}()};
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string key;
  for (int i = 0; i < 21; ++i) key += alphabet[random() % 64];
  return key + "A==";  // 22 base64 digits whose last carries no bits past the 16th octet, then padding
}

std::string session(std::uint16_t port, const std::string& target, bool echo) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  const std::string key = base64_nonce();
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                              "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                              "\r\nSec-WebSocket-Version: 13\r\n\r\n";
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string buffer;
  char chunk[4096];
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos && buffer.size() < 65536) {
    const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  panel::WslaySession s;
  if (end != std::string::npos && buffer.rfind("HTTP/1.1 101", 0) == 0 &&
      buffer.substr(0, end).find(panel::accept_key(key)) != std::string::npos) {
    s.fd = fd;
    s.echo = echo;
    s.read_ahead = buffer.substr(end + 4);
    panel::run_wslay(s, /*server=*/false, 120);
  }
  close(fd);
  return s.first_message;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: wslay_testee_client AGENT ws://127.0.0.1:PORT\n");
    return 2;
  }
  const std::string agent = argv[1], url = argv[2];
  const auto port = static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
  const int count = std::stoi("0" + session(port, "/getCaseCount", false));
  for (int n = 1; n <= count; ++n) session(port, "/runCase?case=" + std::to_string(n) + "&agent=" + agent, true);
  session(port, "/updateReports?agent=" + agent, false);
  std::printf("ran %d cases\n", count);
  return count > 0 ? 0 : 1;
}
