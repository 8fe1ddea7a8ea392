// An in-memory stand-in for a TCP socket that Boost.Beast's websocket::stream runs over: the
// peer's octets are put in with `put`, what the stream writes is taken with `take_written`, and
// both the peer's end of stream and the stream's own close (Beast's teardown) are visible. Every
// completion is posted to the io_context, as a socket's would be; the adapter polls it after each
// call. One thread, one connection.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace wsconform::adapter::beast {

class MemoryStream {
 public:
  using executor_type = boost::asio::io_context::executor_type;

  explicit MemoryStream(boost::asio::io_context& io) : io_(&io) {}
  MemoryStream(MemoryStream&&) = default;
  MemoryStream& operator=(MemoryStream&&) = default;

  executor_type get_executor() noexcept { return io_->get_executor(); }

  // The peer's side.
  void put(const std::uint8_t* octets, std::size_t size) {
    if (closed_) return;  // a closed socket reads nothing more
    input_.append(reinterpret_cast<const char*>(octets), size);
    wake();
  }
  void put_eof() {
    peer_eof_ = true;
    wake();
  }
  std::string take_written() { return std::exchange(written_, {}); }
  // The stream sent its FIN: a server's teardown shuts down sending at once, a client's closes
  // once it has read the peer's end of stream (Beast's teardown over TCP does the same).
  bool closed() const { return closed_ || send_shut_; }
  // Beast's teardown has begun (it closes once the peer's end of stream comes).
  bool tearing_down() const { return tearing_down_; }
  // The application drops the connection (its read failed, as an echo loop's does).
  void close() {
    closed_ = true;
    input_.clear();
    wake();
  }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& b) {
          using Handler = decltype(handler);
          waiter_ = std::make_unique<ReadWaiter<MutableBuffers, Handler>>(b, std::move(handler));
          wake();
        },
        token, buffers);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& b) {
          boost::system::error_code ec;
          std::size_t n = 0;
          if (closed_ || send_shut_) {
            ec = boost::asio::error::broken_pipe;
          } else {
            for (auto it = boost::asio::buffer_sequence_begin(b); it != boost::asio::buffer_sequence_end(b); ++it) {
              const boost::asio::const_buffer piece(*it);
              written_.append(static_cast<const char*>(piece.data()), piece.size());
              n += piece.size();
            }
          }
          boost::asio::post(get_executor(), boost::beast::bind_front_handler(std::move(handler), ec, n));
        },
        token, buffers);
  }

  // Beast's teardown (found by argument-dependent lookup) for this stream.
  template <class Handler>
  friend void async_teardown(boost::beast::role_type role, MemoryStream& s, Handler&& handler) {
    s.tearing_down_ = true;
    if (role == boost::beast::role_type::server) s.send_shut_ = true;
    s.waiter_ = std::make_unique<TeardownWaiter<std::decay_t<Handler>>>(std::forward<Handler>(handler));
    s.wake();
  }
  // What Beast's timeouts call to drop the connection (none are set here).
  friend void beast_close_socket(MemoryStream& s) { s.close(); }
  friend void teardown(boost::beast::role_type, MemoryStream& s, boost::system::error_code& ec) {
    s.closed_ = true;  // never blocks: what a synchronous teardown would still read is dropped
    ec = {};
  }

 private:
  // A read or a teardown waiting for octets or the end of stream.
  struct Waiter {
    virtual ~Waiter() = default;
    // Done (and its completion posted) or still waiting.
    virtual bool try_complete(MemoryStream& s) = 0;
  };

  template <class Buffers, class Handler>
  struct ReadWaiter final : Waiter {
    ReadWaiter(const Buffers& b, Handler h) : buffers(b), handler(std::move(h)) {}
    bool try_complete(MemoryStream& s) override {
      boost::system::error_code ec;
      std::size_t n = 0;
      if (s.closed_) {
        ec = boost::asio::error::operation_aborted;
      } else if (boost::asio::buffer_size(buffers) == 0) {
      } else if (s.input_.empty()) {
        if (!s.peer_eof_) return false;
        ec = boost::asio::error::eof;
      } else {
        n = boost::asio::buffer_copy(buffers, boost::asio::buffer(s.input_));
        s.input_.erase(0, n);
      }
      boost::asio::post(s.get_executor(), boost::beast::bind_front_handler(std::move(handler), ec, n));
      return true;
    }
    Buffers buffers;
    Handler handler;
  };

  // Beast's teardown over TCP: read and drop until the peer's end of stream, then close.
  template <class Handler>
  struct TeardownWaiter final : Waiter {
    explicit TeardownWaiter(Handler h) : handler(std::move(h)) {}
    bool try_complete(MemoryStream& s) override {
      s.input_.clear();
      if (!s.peer_eof_ && !s.closed_) return false;
      s.closed_ = true;
      boost::asio::post(s.get_executor(), boost::beast::bind_front_handler(std::move(handler), boost::system::error_code{}));
      return true;
    }
    Handler handler;
  };

  void wake() {
    if (waiter_ && waiter_->try_complete(*this)) waiter_.reset();
  }

  boost::asio::io_context* io_;
  std::string input_;    // the peer's octets not read yet
  std::string written_;  // what the stream wrote, not taken yet
  bool peer_eof_ = false;
  bool send_shut_ = false;
  bool closed_ = false;
  bool tearing_down_ = false;
  std::unique_ptr<Waiter> waiter_;
};

}  // namespace wsconform::adapter::beast
