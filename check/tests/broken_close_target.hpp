// A deliberately broken server for the check tests: impl/ behind a filter that follows the
// peer's frames and turns a Close with one code (1004, 1005, ...) into one with 1000 before impl
// sees it - from the wire, a server that takes that code as a normal closure. Everything else
// reaches impl as it came, at once.
#pragma once

#include <algorithm>
#include <array>
#include <string>

#include "target/impl_target.hpp"

namespace wsconform::check::testing {

class TakesCloseCode final : public target::Target {
 public:
  explicit TakesCloseCode(std::uint16_t code) : code_(code) {}
  std::string agent() const override { return "takes-close-code-" + std::to_string(code_); }
  void receive(std::span<const std::uint8_t> octets) override {
    target::Bytes chunk(octets.begin(), octets.end());
    code_high_at_ = nullptr;  // a code split across writes is left alone
    std::size_t from = 0;
    if (!opened_) {  // the opening handshake goes through as it is
      for (; from < chunk.size() && !opened_; ++from) opened_ = (head_tail_ = head_tail_ << 8 | chunk[from]) == 0x0d0a0d0a;
    }
    for (std::size_t i = from; i < chunk.size(); ++i) scan(chunk[i]);
    impl_.receive(chunk);  // as it came, at once: only the code is changed
  }
  void receive_eof() override { impl_.receive_eof(); }
  target::Bytes take_output() override { return impl_.take_output(); }
  bool closed_tcp() const override { return impl_.closed_tcp(); }
  void time_passed(double now) override { impl_.time_passed(now); }
  bool reports_deliveries() const override { return true; }
  std::vector<target::Delivery> take_deliveries() override { return impl_.take_deliveries(); }
  std::optional<std::uint64_t> max_message_size() const override { return impl_.max_message_size(); }

 private:
  // Follows the peer's frames octet by octet; in a Close with the code taken, the code's two
  // octets are rewritten to make it 1000 (masked as the frame is).
  void scan(std::uint8_t& b) {
    if (!in_payload_) {
      header_.push_back(b);
      if (header_.size() < 2) return;
      const std::size_t extra = (header_[1] & 0x7f) == 126 ? 2 : (header_[1] & 0x7f) == 127 ? 8 : 0;
      const bool masked = header_[1] & 0x80;
      if (header_.size() < 2 + extra + (masked ? 4 : 0)) return;
      length_ = header_[1] & 0x7f;
      if (extra) {
        length_ = 0;
        for (std::size_t i = 0; i < extra; ++i) length_ = length_ << 8 | header_[2 + i];
      }
      key_ = {0, 0, 0, 0};
      if (masked) std::copy(header_.begin() + static_cast<std::ptrdiff_t>(2 + extra), header_.end(), key_.begin());
      close_ = (header_[0] & 0x0f) == 0x8;
      header_.clear();
      index_ = 0;
      in_payload_ = length_ > 0;
      return;
    }
    const auto plain = static_cast<std::uint8_t>(b ^ key_[index_ % 4]);
    if (close_ && index_ == 0) code_high_ = plain, code_high_at_ = &b;
    if (close_ && index_ == 1 && code_high_at_ && code_high_ == (code_ >> 8) && plain == (code_ & 0xff)) {
      *code_high_at_ = static_cast<std::uint8_t>(0x03 ^ key_[0]);
      b = static_cast<std::uint8_t>(0xe8 ^ key_[1]);
    }
    if (++index_ == length_) in_payload_ = false;
  }

  target::ImplTarget impl_;
  bool opened_ = false;
  std::uint32_t head_tail_ = 0;  // the last four octets of the opening handshake
  target::Bytes header_;
  bool in_payload_ = false, close_ = false;
  std::uint64_t length_ = 0, index_ = 0;
  std::array<std::uint8_t, 4> key_{};
  std::uint8_t code_high_ = 0;
  std::uint8_t* code_high_at_ = nullptr;
  std::uint16_t code_;
};

}  // namespace wsconform::check::testing
