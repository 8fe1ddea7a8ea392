// A runnable wrapper around the README example: listens on 127.0.0.1:<port> and serves
// connections one after another. `wsconform echoserver` is the production-grade server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

void echo_one_connection(int fd);

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 9001;
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 16) != 0) {
    std::perror("echo_example: bind/listen");
    return 1;
  }
  std::printf("echo example on ws://127.0.0.1:%d/\n", port);
  for (;;) {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd >= 0) echo_one_connection(fd);
  }
}
