// Boost.Beast (Debian libboost-dev) as an echo server on 127.0.0.1: one thread per connection,
// the synchronous websocket::stream API with its defaults except a 32 MiB message limit (group 9
// sends 16 MiB). Prints "listening on ws://127.0.0.1:PORT/" once bound and stops by itself.
// Usage: beast_echo_server PORT MAX_SECONDS   (port 0 picks a free one)
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {

void serve(tcp::socket socket) {
  try {
    websocket::stream<tcp::socket> ws{std::move(socket)};
    ws.read_message_max(32u << 20);
    ws.accept();
    for (;;) {
      beast::flat_buffer buffer;
      ws.read(buffer);
      ws.text(ws.got_text());
      ws.write(buffer.data());
    }
  } catch (const beast::system_error&) {
    // closed, failed or reset: the stream has answered as the library does
  }
}

}  // namespace

int main(int argc, char** argv) {
  const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 0);
  alarm(static_cast<unsigned>(argc > 2 ? std::atoi(argv[2]) : 900));  // bounded in time
  boost::asio::io_context io;
  tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), port}};
  std::printf("listening on ws://127.0.0.1:%u/\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  for (;;) std::thread(serve, acceptor.accept()).detach();
}
