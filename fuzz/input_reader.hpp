// A small structured reader over fuzzer bytes (FuzzedDataProvider's idea, without clang's
// header so the replayer builds with any compiler): numbers come off the front, the stream
// of octets is what remains.
#pragma once

#include <cstdint>
#include <span>

namespace wsconform::fuzz {

class InputReader {
 public:
  InputReader(const std::uint8_t* data, std::size_t size) : data_(data, size) {}

  std::uint8_t byte() {
    if (data_.empty()) return 0;
    const std::uint8_t b = data_[0];
    data_ = data_.subspan(1);
    return b;
  }
  std::span<const std::uint8_t> take(std::size_t n) {
    n = n < data_.size() ? n : data_.size();
    auto s = data_.first(n);
    data_ = data_.subspan(n);
    return s;
  }
  std::span<const std::uint8_t> rest() {
    auto s = data_;
    data_ = {};
    return s;
  }
  bool empty() const { return data_.empty(); }

 private:
  std::span<const std::uint8_t> data_;
};

}  // namespace wsconform::fuzz
