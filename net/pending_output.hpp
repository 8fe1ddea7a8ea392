// What impl/ has written and the socket has not taken yet. The unsent rest is kept with an
// offset, never erased from the front, so a slow reader costs no quadratic copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "impl/connection.hpp"
#include "net/stream.hpp"

namespace wsconform::net {

class PendingOutput {
 public:
  enum class Flushed { all, blocked, failed };  // failed: the stream says why; the rest is dropped

  // Takes impl's new output (without a copy when nothing is pending).
  void take_from(impl::connection& ws);
  // Writes as much as the non-blocking stream takes; `written` counts the octets it took.
  Flushed flush(Stream& stream, std::size_t& written);
  bool empty() const { return sent_ == out_.size(); }

 private:
  std::vector<std::uint8_t> out_;
  std::size_t sent_ = 0;
};

}  // namespace wsconform::net
