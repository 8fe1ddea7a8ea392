// A connected, non-blocking byte stream: a TCP socket, or TLS over one (net/tls.hpp). Everything
// here that moves octets over a connection does it through a Stream, so ws:// and wss:// share
// every line above this seam. The stream owns the socket and closes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace wsconform::net {

struct Io {
  enum class Status { ok, would_block, closed, failed };
  Status status = Status::ok;
  std::size_t octets = 0;  // with ok: how many were read or written (never 0)
};

class Stream {
 public:
  virtual ~Stream() = default;
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  virtual int fd() const = 0;
  virtual Io read(std::span<std::uint8_t> into) = 0;
  virtual Io write(std::span<const std::uint8_t> octets) = 0;
  // No more octets from us (TLS: close_notify, then TCP's FIN); reading goes on.
  virtual void shutdown_write() = 0;
  // Octets already decrypted and waiting, which poll() on the socket cannot see.
  virtual bool buffered() const { return false; }
  // Why the last read or write failed ("TLS: certificate verify failed", "Connection reset").
  virtual std::string error() const = 0;
  virtual bool secure() const { return false; }

 protected:
  Stream() = default;
};

// Takes a connected socket (made non-blocking, TCP_NODELAY).
std::unique_ptr<Stream> plain_stream(int fd);

}  // namespace wsconform::net
