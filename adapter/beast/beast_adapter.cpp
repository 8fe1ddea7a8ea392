// Boost.Beast (Debian libboost-dev) behind the adapter contract: websocket::stream over an
// in-memory stream (memory_stream.hpp), driven through its asynchronous API with the io_context
// polled after every call. Its application is the one the panel's Beast echo server has: it reads
// a message, hands it over, and reads the next once it was taken; it sends a message, a Ping or a
// Close one at a time; it drops the connection when a read fails. Beast answers Pings and Closes itself and fails the connection on a protocol error.
//
// Beast cannot start OPEN: `create` runs its own opening handshake against a fixed peer (a server
// accepts a request, a client takes a 101 answering its key) and drops those octets, so what the
// caller sees starts after the 101. Mask keys come from Beast's own generator (not from the
// seed): the model reads any key, so a replay grades the same.
//
// Timeouts are Beast's suggested ones (stream_base::timeout::suggested, as Beast's examples set
// them): the closing handshake is bounded by handshake_timeout, after which Beast closes the
// socket - a client waiting for the server's TCP close closes. `expire_timers` does what that
// timer does when it fires; the idle timeout (a server's keep-alive Ping at 150 s) is not
// emulated: no trace here lasts that long.
// Asio in Boost 1.74 names std::result_of unless told the library has std::invoke_result;
// libc++ (OSS-Fuzz's standard library) has no result_of in C++20.
#ifndef BOOST_ASIO_HAS_STD_INVOKE_RESULT
#define BOOST_ASIO_HAS_STD_INVOKE_RESULT 1
#endif
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket/detail/hybi13.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/beast/memory_stream.hpp"
#include "adapter/wsconform_adapter.h"

namespace wsconform::adapter::beast {
namespace {

namespace websocket = boost::beast::websocket;
using boost::system::error_code;

// What the application asked for, sent in turn (Beast takes one write at a time).
struct Send {
  enum class Kind { message, ping, close } kind;
  bool text = false;
  std::string data;
  std::uint16_t code = 0;
};

struct Delivery {
  bool text;
  std::string data;
};

class Endpoint {
 public:
  explicit Endpoint(const wsc_config& config)
      : role_(config.role), ws_(io_) {
    if (config.max_message_size != 0) ws_.read_message_max(config.max_message_size);
    ws_.secure_prng(false);
    ws_.set_option(websocket::stream_base::timeout::suggested(
        role_ == WSC_ROLE_SERVER ? boost::beast::role_type::server : boost::beast::role_type::client));
  }

  // Beast's own handshake against a fixed peer; true once the stream is OPEN.
  bool open() {
    bool done = false;
    error_code result;
    const auto finished = [&](error_code ec) { done = true, result = ec; };
    if (role_ == WSC_ROLE_SERVER) {
      const std::string_view request =
          "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
      ws_.async_accept(finished);
      stream().put(reinterpret_cast<const std::uint8_t*>(request.data()), request.size());
      poll();
    } else {
      ws_.async_handshake("127.0.0.1", "/", finished);
      poll();
      const std::string sent = stream().take_written();
      const std::string key = header_value(sent, "Sec-WebSocket-Key");
      websocket::detail::sec_ws_accept_type accept;
      websocket::detail::make_sec_ws_accept(accept, key);
      const std::string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Accept: " + std::string(accept.data(), accept.size()) + "\r\n\r\n";
      stream().put(reinterpret_cast<const std::uint8_t*>(response.data()), response.size());
      poll();
    }
    stream().take_written();  // the 101 a server wrote
    if (!done || result) return false;
    start_read();
    poll();
    return true;
  }

  void feed(const std::uint8_t* octets, std::size_t size) {
    stream().put(octets, size);
    poll();
  }
  void peer_eof() {
    stream().put_eof();
    poll();
  }
  std::size_t drain(std::uint8_t* out, std::size_t capacity) {
    if (pending_output_.empty()) pending_output_ = stream().take_written(), output_taken_ = 0;
    const std::size_t n = std::min(capacity, pending_output_.size() - output_taken_);
    std::copy_n(pending_output_.data() + output_taken_, n, out);
    output_taken_ += n;
    if (output_taken_ == pending_output_.size()) pending_output_.clear();
    return n;
  }
  bool closed_tcp() const { return stream().closed(); }
  // The closing handshake's timeout fires: Beast closes the socket under a Close of its own still
  // unanswered or a teardown waiting for the peer's end of stream.
  void expire_timers() {
    if (stream().closed() || !(closing_ || stream().tearing_down())) return;
    stream().close();
    poll();
  }

  // The application takes one message at a time and reads on only when it has handled it (the
  // echo server writes its echo before it reads again): a read resumes when none is left.
  bool next_delivery(wsc_message& out) {
    if (deliveries_.empty() && read_paused_) {
      read_paused_ = false;
      start_read();
      poll();
    }
    if (deliveries_.empty()) return false;
    current_ = std::move(deliveries_.front());
    deliveries_.pop_front();
    out.text = current_.text ? 1 : 0;
    out.data = reinterpret_cast<const std::uint8_t*>(current_.data.data());
    out.size = current_.data.size();
    return true;
  }

  int send(Send s) {
    if (closing_ || dropped_) return 1;
    if (s.kind == Send::Kind::ping && s.data.size() > websocket::ping_data{}.max_size()) return 1;
    if (s.kind == Send::Kind::close) closing_ = true;
    sends_.push_back(std::move(s));
    start_send();
    poll();
    return 0;
  }

 private:
  static std::string header_value(const std::string& head, std::string_view name) {
    const auto at = head.find(std::string(name) + ": ");
    if (at == std::string::npos) return {};
    const auto from = at + name.size() + 2;
    return head.substr(from, head.find("\r\n", from) - from);
  }

  MemoryStream& stream() { return ws_.next_layer(); }
  const MemoryStream& stream() const { return ws_.next_layer(); }

  void poll() {
    io_.restart();
    io_.poll();
  }

  void start_read() {
    ws_.async_read(buffer_, [this](error_code ec, std::size_t) {
      if (ec) {
        dropped_ = true;  // the application's read failed: it drops the connection
        stream().close();
        return;
      }
      deliveries_.push_back({ws_.got_text(), boost::beast::buffers_to_string(buffer_.data())});
      buffer_.consume(buffer_.size());
      read_paused_ = true;
    });
  }

  void start_send() {
    if (sending_ || sends_.empty() || dropped_) return;
    sending_ = true;
    Send& s = sends_.front();
    const auto sent = [this](error_code, std::size_t = 0) {
      sending_ = false;
      sends_.pop_front();
      start_send();
    };
    switch (s.kind) {
      case Send::Kind::message:
        ws_.text(s.text);
        ws_.async_write(boost::asio::buffer(s.data), sent);
        break;
      case Send::Kind::ping:
        ws_.async_ping(websocket::ping_data(s.data.data(), s.data.size()), [sent](error_code ec) { sent(ec); });
        break;
      case Send::Kind::close:
        ws_.async_close(websocket::close_reason(s.code), [sent](error_code ec) { sent(ec); });
        break;
    }
  }

  wsc_role role_;
  boost::asio::io_context io_{1};
  websocket::stream<MemoryStream, false> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<Delivery> deliveries_;
  Delivery current_{};
  std::deque<Send> sends_;
  bool sending_ = false;
  bool closing_ = false;
  bool dropped_ = false;
  bool read_paused_ = false;  // a message was delivered and not taken yet
  std::string pending_output_;
  std::size_t output_taken_ = 0;
};

Endpoint* as_endpoint(void* e) { return static_cast<Endpoint*>(e); }

// No exception crosses the C ABI: an endpoint that threw (out of memory) is dropped.
template <class F>
auto guarded(F&& f, decltype(f()) otherwise) noexcept -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception&) {
    return otherwise;
  }
}

void* create(const wsc_config* config) {
  if (config == nullptr || config->abi_version != WSC_ADAPTER_ABI_VERSION) return nullptr;
  return guarded(
      [&]() -> void* {
        auto endpoint = std::make_unique<Endpoint>(*config);
        return endpoint->open() ? endpoint.release() : nullptr;
      },
      nullptr);
}

void destroy(void* e) { delete as_endpoint(e); }

void feed(void* e, const std::uint8_t* octets, std::size_t size) {
  guarded([&] { return as_endpoint(e)->feed(octets, size), 0; }, 0);
}
void peer_eof(void* e) {
  guarded([&] { return as_endpoint(e)->peer_eof(), 0; }, 0);
}
std::size_t drain(void* e, std::uint8_t* out, std::size_t capacity) { return as_endpoint(e)->drain(out, capacity); }
int closed_tcp(void* e) { return as_endpoint(e)->closed_tcp() ? 1 : 0; }
int next_delivery(void* e, wsc_message* out) {  // it may read on, so it may allocate
  return guarded([&] { return as_endpoint(e)->next_delivery(*out) ? 1 : 0; }, 0);
}

int send_message(void* e, int text, const std::uint8_t* data, std::size_t size) {
  return guarded([&] {
    return as_endpoint(e)->send({Send::Kind::message, text != 0, std::string(reinterpret_cast<const char*>(data), size)});
  }, 1);
}
int send_ping(void* e, const std::uint8_t* data, std::size_t size) {
  return guarded([&] {
    return as_endpoint(e)->send({Send::Kind::ping, false, std::string(reinterpret_cast<const char*>(data), size)});
  }, 1);
}
void expire_timers(void* e) {
  guarded([&] { return as_endpoint(e)->expire_timers(), 0; }, 0);
}
int close_connection(void* e, std::uint16_t code) {
  return guarded([&] { return as_endpoint(e)->send({Send::Kind::close, false, {}, code}); }, 1);
}

}  // namespace
}  // namespace wsconform::adapter::beast

extern "C" const wsc_adapter* wsc_adapter_beast(void) {
  namespace b = wsconform::adapter::beast;
  static const wsc_adapter adapter = {
      WSC_ADAPTER_ABI_VERSION, "Boost.Beast " BOOST_STRINGIZE(BOOST_BEAST_VERSION) " (Boost " BOOST_LIB_VERSION ")",
      b::create, b::destroy, b::feed, b::peer_eof, b::drain, b::closed_tcp, b::next_delivery,
      b::send_message, b::send_ping, b::close_connection, b::expire_timers};
  return &adapter;
}
