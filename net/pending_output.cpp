#include "net/pending_output.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace wsconform::net {

void PendingOutput::take_from(impl::connection& ws) {
  if (empty()) {
    out_ = ws.take_output();
    sent_ = 0;
  } else if (!ws.output().empty()) {
    const auto more = ws.take_output();
    out_.insert(out_.end(), more.begin(), more.end());
  }
}

PendingOutput::Flushed PendingOutput::flush(int fd, std::size_t& written) {
  written = 0;
  while (sent_ < out_.size()) {
    const ssize_t w = send(fd, out_.data() + sent_, out_.size() - sent_, MSG_NOSIGNAL);
    if (w > 0) {
      sent_ += static_cast<std::size_t>(w);
      written += static_cast<std::size_t>(w);
      continue;
    }
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Flushed::blocked;
    sent_ = out_.size();
    return Flushed::failed;
  }
  return Flushed::all;
}

}  // namespace wsconform::net
