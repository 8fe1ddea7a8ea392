// Test helpers for impl/: frames as a peer writes them, a deterministic random source, and
// a compact text form of a connection's events for comparisons.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "impl/connection.hpp"
#include "impl/frame_header.hpp"
#include "impl/mask.hpp"

namespace wsconform::impl::testing {

using bytes = std::vector<std::uint8_t>;

inline bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }
inline bytes hex(std::string_view h) {
  bytes out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}
inline bytes cat(std::initializer_list<bytes> parts) {
  bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
inline bytes code(std::uint16_t c, std::string_view reason = {}) {
  bytes out{static_cast<std::uint8_t>(c >> 8), static_cast<std::uint8_t>(c)};
  out.insert(out.end(), reason.begin(), reason.end());
  return out;
}

// A frame as the peer of an endpoint with role `to` writes it: masked iff `to` is a server.
inline bytes frame(role to, std::uint8_t opcode, const bytes& payload, bool fin = true, std::uint8_t rsv = 0) {
  std::uint8_t hdr[14];
  const mask_key key{0x37, 0xfa, 0x21, 0x3d};
  const bool masked = to == role::server;
  const std::size_t n = write_frame_header(hdr, fin, opcode, payload.size(), masked ? &key : nullptr, rsv);
  bytes out(hdr, hdr + n);
  const std::size_t at = out.size();
  out.insert(out.end(), payload.begin(), payload.end());
  if (masked) unmask(out.data() + at, payload.size(), key, 0);
  return out;
}

// Deterministic "random" octets: good enough for tests, never for production.
inline std::function<void(std::span<std::uint8_t>)> counter_random() {
  auto state = std::make_shared<std::uint64_t>(0x9E3779B97F4A7C15ull);
  return [state](std::span<std::uint8_t> out) {
    for (auto& o : out) {
      *state = *state * 6364136223846793005ull + 1442695040888963407ull;
      o = static_cast<std::uint8_t>(*state >> 56);
    }
  };
}

inline config open_config(role r) {
  config c;
  c.side = r;
  c.start_open = true;
  c.random = counter_random();
  return c;
}

// "message text hi", "ping 68 69", "close 1000 bye", "failed bad_rsv 1002", "closed clean"...
inline std::string describe_event(const event& e) {
  std::string s;
  switch (e.kind) {
    case event_kind::open: s = e.data.empty() ? "open" : "open " + std::string(e.data_text()); break;
    case event_kind::message: s = std::string("message ") + (e.text ? "text " : "binary ") + std::string(e.data_text()); break;
    case event_kind::ping: s = "ping " + std::string(e.data_text()); break;
    case event_kind::pong: s = "pong " + std::string(e.data_text()); break;
    case event_kind::close: s = "close " + std::to_string(e.code) + " " + std::string(e.data_text()); break;
    case event_kind::failed: s = "failed " + std::string(name_of(e.err)) + " " + std::to_string(e.code); break;
    case event_kind::closed: s = std::string("closed ") + (e.clean ? "clean" : "unclean"); break;
  }
  return s;
}

// Feeds `input` in pieces of `chunk` octets (0: whole) and returns every event in order,
// plus the frames it wrote (decoded on the peer's side as "opcode:payload" strings).
struct run_result {
  std::vector<std::string> events;
  bytes output;
  bool close_tcp = false;
};

inline run_result run(config cfg, const bytes& input, std::size_t chunk = 0) {
  connection c(cfg);
  run_result r;
  auto drain = [&] {
    for (const auto& e : c.events()) r.events.push_back(describe_event(e));
  };
  drain();
  if (chunk == 0) chunk = input.empty() ? 1 : input.size();
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    c.receive_data(std::span(input).subspan(at, std::min(chunk, input.size() - at)));
    drain();
  }
  r.output = c.take_output();
  r.close_tcp = c.should_close_tcp();
  return r;
}

// What the endpoint wrote, as frames: "text:hello", "pong:...", "close:1002" (masking removed).
inline std::vector<std::string> frames_written(const bytes& out) {
  std::vector<std::string> frames;
  std::size_t at = 0;
  while (at < out.size()) {
    frame_header h;
    const auto r = parse_frame_header(out.data() + at, out.size() - at, h);
    if (r.st != header_parse::complete || at + h.size + h.length > out.size()) {
      frames.push_back("<partial>");
      break;
    }
    bytes p(out.begin() + static_cast<std::ptrdiff_t>(at + h.size),
            out.begin() + static_cast<std::ptrdiff_t>(at + h.size + h.length));
    if (h.masked) unmask(p.data(), p.size(), h.key, 0);
    std::string s;
    switch (h.opcode) {
      case 0: s = "cont:"; break;
      case 1: s = "text:"; break;
      case 2: s = "binary:"; break;
      case 8: s = "close:"; break;
      case 9: s = "ping:"; break;
      case 10: s = "pong:"; break;
      default: s = "op" + std::to_string(h.opcode) + ":"; break;
    }
    if (h.opcode == 8 && p.size() >= 2) {
      s += std::to_string((p[0] << 8) | p[1]);
    } else {
      s += std::string(p.begin(), p.end());
    }
    if (!h.fin) s += " (more)";
    if (h.masked) s += " [masked]";
    frames.push_back(s);
    at += h.size + h.length;
  }
  return frames;
}

inline std::string role_name(const ::testing::TestParamInfo<role>& info) {
  return info.param == role::client ? "Client" : "Server";
}

}  // namespace wsconform::impl::testing
