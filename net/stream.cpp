#include "net/stream.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace wsconform::net {
namespace {

class PlainStream final : public Stream {
 public:
  explicit PlainStream(int fd) : fd_(fd) {
    const int flags = fcntl(fd_, F_GETFL, 0);
    fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~PlainStream() override { close(fd_); }

  int fd() const override { return fd_; }
  Io read(std::span<std::uint8_t> into) override {
    const ssize_t n = recv(fd_, into.data(), into.size(), 0);
    if (n > 0) return {Io::Status::ok, static_cast<std::size_t>(n)};
    if (n == 0) return {Io::Status::closed, 0};
    return failed_or_blocked();
  }
  Io write(std::span<const std::uint8_t> octets) override {
    const ssize_t n = send(fd_, octets.data(), octets.size(), MSG_NOSIGNAL);
    if (n > 0) return {Io::Status::ok, static_cast<std::size_t>(n)};
    return failed_or_blocked();
  }
  void shutdown_write() override { shutdown(fd_, SHUT_WR); }
  std::string error() const override { return error_; }

 private:
  Io failed_or_blocked() {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return {Io::Status::would_block, 0};
    error_ = std::strerror(errno);
    return {errno == ECONNRESET || errno == EPIPE ? Io::Status::closed : Io::Status::failed, 0};
  }

  int fd_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Stream> plain_stream(int fd) { return std::make_unique<PlainStream>(fd); }

}  // namespace wsconform::net
