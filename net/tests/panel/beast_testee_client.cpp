// Boost.Beast (Debian libboost-dev) as the client a fuzzing server tests: Autobahn's testee loop
// - /getCaseCount, /runCase?case=N&agent=A echoing every message, then /updateReports?agent=A -
// with the synchronous websocket::stream API, its defaults except a 32 MiB message limit, and a
// socket timeout so no case waits forever.
// Usage: beast_testee_client AGENT ws://127.0.0.1:PORT
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdio>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {

struct Server {
  std::string host;
  unsigned short port;
};

// One connection to `target`; with `echo` every message goes back, else the first is returned.
std::string session(const Server& server, const std::string& target, bool echo) {
  boost::asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  std::string first;
  try {
    ws.next_layer().connect({boost::asio::ip::make_address(server.host), server.port});
    timeval limit{120, 0};  // a case that never ends is given up, as a user's client would
    setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ws.read_message_max(32u << 20);
    ws.handshake(server.host + ":" + std::to_string(server.port), target);
    for (;;) {
      beast::flat_buffer buffer;
      ws.read(buffer);
      if (!echo) {
        first = beast::buffers_to_string(buffer.data());
        ws.close(websocket::close_code::normal);
        break;
      }
      ws.text(ws.got_text());
      ws.write(buffer.data());
    }
  } catch (const beast::system_error&) {
    // the case ended: closed, failed or reset
  }
  return first;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: beast_testee_client AGENT ws://127.0.0.1:PORT\n");
    return 2;
  }
  const std::string agent = argv[1], url = argv[2];
  const auto colon = url.rfind(':');
  const Server server{url.substr(5, colon - 5), static_cast<unsigned short>(std::stoi(url.substr(colon + 1)))};
  const int count = std::stoi(session(server, "/getCaseCount", false));
  for (int n = 1; n <= count; ++n) session(server, "/runCase?case=" + std::to_string(n) + "&agent=" + agent, true);
  session(server, "/updateReports?agent=" + agent, false);
  std::printf("ran %d cases\n", count);
  return 0;
}
