#include "differential/differential.hpp"

#include <cstdio>

#include "impl/connection.hpp"

namespace wsconform::differential {
namespace {

std::string hex_head(std::span<const std::uint8_t> d, std::size_t max = 24) {
  std::string s;
  char b[4];
  for (std::size_t i = 0; i < d.size() && i < max; ++i) {
    std::snprintf(b, sizeof b, "%02x ", d[i]);
    s += b;
  }
  if (d.size() > max) s += "...";
  return s;
}

std::string describe_frames(std::span<const std::uint8_t> octets) {
  std::string s;
  const auto decoded = model::decode_frames(octets);
  for (const auto& f : decoded.frames) {
    s += std::string(model::name_of(f.header.op)) + (f.header.fin ? "" : "(FIN=0)") + " " + std::to_string(f.payload.size()) + " octets";
    if (f.header.op == model::opcode::close && f.payload.size() >= 2) s += " code " + std::to_string((f.payload[0] << 8) | f.payload[1]);
    s += "; ";
  }
  return s.empty() ? hex_head(octets) : s;
}

}  // namespace

bool Outcome::violation() const {
  for (const auto& f : findings)
    if (f.grade == model::Grade::violation) return true;
  return false;
}

std::string Outcome::first_violation() const {
  for (const auto& f : findings)
    if (f.grade == model::Grade::violation) return std::string(f.rule.value) + ": " + f.detail;
  return {};
}

Input parse_input(std::span<const std::uint8_t> data) {
  Input in;
  if (data.empty()) return in;
  in.role = (data[0] & 1) ? model::Role::client : model::Role::server;
  in.peer_closes = (data[0] & 2) != 0;
  std::size_t at = 1;
  while (at < data.size()) {
    const std::size_t n = 1 + data[at] % 64;
    ++at;
    const std::size_t take = std::min(n, data.size() - at);
    if (take == 0) break;
    in.chunks.emplace_back(data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + take));
    at += take;
  }
  return in;
}

Bytes encode_input(const Input& in) {
  Bytes out{static_cast<std::uint8_t>((in.role == model::Role::client ? 1 : 0) | (in.peer_closes ? 2 : 0))};
  for (const auto& c : in.chunks)
    for (std::size_t at = 0; at < c.size(); at += 64) {
      const std::size_t n = std::min<std::size_t>(64, c.size() - at);
      out.push_back(static_cast<std::uint8_t>(n - 1));
      out.insert(out.end(), c.begin() + static_cast<std::ptrdiff_t>(at), c.begin() + static_cast<std::ptrdiff_t>(at + n));
    }
  return out;
}

Outcome run(const Input& in, bool narrate) {
  impl::config cfg;
  cfg.side = in.role == model::Role::server ? impl::role::server : impl::role::client;
  cfg.start_open = true;
  std::uint64_t seed = 0x2545F4914F6CDD1Dull;  // deterministic mask keys
  cfg.random = [&seed](std::span<std::uint8_t> out) {
    for (auto& o : out) {
      seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
      o = static_cast<std::uint8_t>(seed);
    }
  };
  impl::connection conn(cfg);
  model::Endpoint judge(in.role);
  Outcome out;
  bool tcp_closed = false;
  std::size_t seen = 0;
  auto note = [&](Step::Who who, auto&& describe) {
    if (!narrate) return;
    Step s{who, describe(), {}};
    const auto& f = judge.findings();
    for (; seen < f.size(); ++seen) s.new_findings.push_back(f[seen]);
    out.steps.push_back(std::move(s));
  };
  auto replay_impl = [&] {
    for (const auto& e : conn.events())
      if (e.kind == impl::event_kind::message) {
        judge.endpoint_delivered(e.text ? model::opcode::text : model::opcode::binary, e.data);
        note(Step::Who::impl, [&] { return std::string("impl delivers a ") + (e.text ? "text" : "binary") + " message of " + std::to_string(e.data.size()) + " octets"; });
      }
    const auto bytes = conn.take_output();
    if (!bytes.empty()) {
      const auto before = narrate ? judge.allowed() : std::vector<model::Behaviour>{};
      judge.endpoint_sent(bytes);
      note(Step::Who::impl, [&] { return "impl sends " + describe_frames(bytes); });
      if (narrate && out.allowed_at_first_violation.empty() && !out.steps.back().new_findings.empty()) out.allowed_at_first_violation = before;
    }
    if (conn.should_close_tcp() && !tcp_closed) {
      tcp_closed = true;
      const auto before = narrate ? judge.allowed() : std::vector<model::Behaviour>{};
      judge.endpoint_closed_tcp();
      note(Step::Who::impl, [] { return std::string("impl closes TCP"); });
      if (narrate && out.allowed_at_first_violation.empty() && !out.steps.back().new_findings.empty()) out.allowed_at_first_violation = before;
    }
  };
  for (const auto& c : in.chunks) {
    if (tcp_closed) break;
    judge.peer_sent(c);
    note(Step::Who::peer, [&] { return "peer sends " + std::to_string(c.size()) + " octets: " + hex_head(c); });
    conn.receive_data(c);
    replay_impl();
  }
  if (!tcp_closed && in.peer_closes) {
    judge.peer_closed_tcp();
    note(Step::Who::peer, [] { return std::string("peer closes TCP"); });
    conn.receive_eof();
    replay_impl();
  }
  // Time passes: the IO layer's close timer fires for an endpoint still waiting for the peer.
  if (!tcp_closed && conn.close_expected()) {
    judge.timers_expired();
    tcp_closed = true;
    judge.endpoint_closed_tcp();
    note(Step::Who::impl, [] { return std::string("impl's close timer fires: it closes TCP"); });
  }
  const auto before = narrate ? judge.allowed() : std::vector<model::Behaviour>{};
  judge.finish();
  note(Step::Who::impl, [] { return std::string("the trace ends (every timer has run out)"); });
  if (narrate && out.allowed_at_first_violation.empty() && !out.steps.back().new_findings.empty()) out.allowed_at_first_violation = before;
  out.findings = judge.findings();
  return out;
}

std::string as_cpp_literal(std::span<const std::uint8_t> data) {
  std::string s = "{";
  char b[8];
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::snprintf(b, sizeof b, "%s0x%02x", i ? ", " : "", data[i]);
    s += b;
  }
  return s + "}";
}

}  // namespace wsconform::differential
