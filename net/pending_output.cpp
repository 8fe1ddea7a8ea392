#include "net/pending_output.hpp"

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

PendingOutput::Flushed PendingOutput::flush(Stream& stream, std::size_t& written) {
  written = 0;
  while (sent_ < out_.size()) {
    const Io w = stream.write(std::span<const std::uint8_t>(out_).subspan(sent_));
    if (w.status == Io::Status::ok) {
      sent_ += w.octets;
      written += w.octets;
      continue;
    }
    if (w.status == Io::Status::would_block) return Flushed::blocked;
    sent_ = out_.size();
    return Flushed::failed;
  }
  return Flushed::all;
}

}  // namespace wsconform::net
