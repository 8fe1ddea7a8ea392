// Test helpers: build the octets of a trace between a modelled endpoint and its peer.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "model/endpoint.hpp"

namespace wsconform::model::testing {

inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline Bytes hex(std::string_view h) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}
inline Bytes close_body(std::optional<std::uint16_t> code, std::string_view reason = {}) {
  Bytes b;
  if (code) {
    b.push_back(static_cast<std::uint8_t>(*code >> 8));
    b.push_back(static_cast<std::uint8_t>(*code & 0xFF));
  }
  b.insert(b.end(), reason.begin(), reason.end());
  return b;
}

struct FrameOpts {
  bool fin = true;
  std::uint8_t rsv = 0;
  std::optional<length_form> form;  // force a (possibly non-minimal) length encoding
  std::optional<bool> masked;       // override the role's masking
};

inline FrameOpts not_final() { FrameOpts o; o.fin = false; return o; }
inline FrameOpts with_rsv(std::uint8_t rsv) { FrameOpts o; o.rsv = rsv; return o; }
inline FrameOpts masked(bool m) { FrameOpts o; o.masked = m; return o; }
inline FrameOpts length_as(length_form f) { FrameOpts o; o.form = f; return o; }

inline Bytes frame_bytes(opcode op, const Bytes& payload, bool masked, const FrameOpts& o,
                         MaskKey key) {
  FrameHeader h = make_header(op, payload.size(), o.fin, masked ? std::optional(key) : std::nullopt);
  h.rsv1 = (o.rsv & 4) != 0;
  h.rsv2 = (o.rsv & 2) != 0;
  h.rsv3 = (o.rsv & 1) != 0;
  if (o.form) h.form = *o.form;
  return encode_frame(h, payload);
}

// Drives a model Endpoint of one role: the peer's frames are masked iff the endpoint is a
// server, the endpoint's own frames iff it is a client (each with a fresh key).
class Trace {
 public:
  explicit Trace(Role role, Options opts = {}) : ep(role, opts), role_(role) {}

  Bytes peer_frame(opcode op, const Bytes& payload, FrameOpts o = {}) {
    const bool masked = o.masked.value_or(role_ == Role::server);
    return frame_bytes(op, payload, masked, o, MaskKey{0x37, 0xfa, 0x21, 0x3d});
  }
  Trace& peer(opcode op, const Bytes& payload, FrameOpts o = {}) {
    ep.peer_sent(peer_frame(op, payload, o));
    return *this;
  }
  Trace& peer_raw(const Bytes& octets) {
    ep.peer_sent(octets);
    return *this;
  }
  Trace& peer_close(std::optional<std::uint16_t> code, std::string_view reason = {}) {
    return peer(opcode::close, close_body(code, reason));
  }
  Trace& peer_eof() {
    ep.peer_closed_tcp();
    return *this;
  }

  Bytes own_frame(opcode op, const Bytes& payload, FrameOpts o = {}) {
    const bool masked = o.masked.value_or(role_ == Role::client);
    ++key_counter_;
    return frame_bytes(op, payload, masked, o,
                       MaskKey{static_cast<std::uint8_t>(key_counter_), 0x5a, 0xc3,
                               static_cast<std::uint8_t>(key_counter_ * 7)});
  }
  Trace& sends(opcode op, const Bytes& payload, FrameOpts o = {}) {
    ep.endpoint_sent(own_frame(op, payload, o));
    return *this;
  }
  Trace& sends_close(std::optional<std::uint16_t> code, std::string_view reason = {}) {
    return sends(opcode::close, close_body(code, reason));
  }
  Trace& closes_tcp() {
    ep.endpoint_closed_tcp();
    return *this;
  }
  Trace& delivers(opcode type, const Bytes& data) {
    ep.endpoint_delivered(type, data);
    return *this;
  }
  Trace& finish() {
    ep.finish();
    return *this;
  }

  bool found(RuleId rule, Grade grade) const {
    for (const auto& f : ep.findings())
      if (f.rule == rule && f.grade == grade) return true;
    return false;
  }
  bool found(RuleId rule) const {
    for (const auto& f : ep.findings())
      if (f.rule == rule) return true;
    return false;
  }
  bool allows(Grade grade, RuleId rule) const {
    for (const auto& b : ep.allowed())
      if (b.grade == grade)
        for (auto r : b.rules)
          if (r == rule) return true;
    return false;
  }
  std::string findings_text() const {
    std::string s;
    for (const auto& f : ep.findings())
      s += std::string(f.rule.value) + " [" + std::string(to_string(f.grade)) + "] " + f.detail + "\n";
    return s.empty() ? "(no findings)" : s;
  }

  Endpoint ep;

 private:
  Role role_;
  unsigned key_counter_ = 0;
};

// Test parameter names for both roles.
inline std::string role_name(const ::testing::TestParamInfo<Role>& info) {
  return std::string(to_string(info.param));
}

}  // namespace wsconform::model::testing
