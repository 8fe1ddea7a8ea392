#include "differential/differential.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "differential/subject.hpp"
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

std::optional<model::PmdAgreement> deflate_of(std::uint8_t first) {
  if ((first & 4) == 0) return std::nullopt;
  model::PmdAgreement a;
  a.server_no_context_takeover = (first & 8) != 0;
  a.client_no_context_takeover = (first & 16) != 0;
  a.server_max_window_bits = a.client_max_window_bits = 15 - (first >> 5);
  return a;
}

std::uint8_t deflate_bits(const std::optional<model::PmdAgreement>& a) {
  if (!a) return 0;
  return static_cast<std::uint8_t>(4 | (a->server_no_context_takeover ? 8 : 0) | (a->client_no_context_takeover ? 16 : 0) |
                                   ((15 - a->server_max_window_bits) << 5));
}

impl::config replay_config(model::Role role, std::uint64_t& seed, const std::optional<model::PmdAgreement>& deflate) {
  impl::config cfg;
  cfg.side = role == model::Role::server ? impl::role::server : impl::role::client;
  cfg.start_open = true;
  if (deflate) {
    const bool server = role == model::Role::server;
    cfg.start_deflate = impl::deflate_agreement{server ? deflate->server_max_window_bits : deflate->client_max_window_bits,
                                                server ? deflate->server_no_context_takeover : deflate->client_no_context_takeover,
                                                server ? deflate->client_no_context_takeover : deflate->server_no_context_takeover};
    cfg.deflate.min_size = 16;  // short application messages go uncompressed, longer ones compressed
  }
  cfg.random = [&seed](std::span<std::uint8_t> octets) {
    for (auto& o : octets) {  // xorshift64: deterministic mask keys
      seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
      o = static_cast<std::uint8_t>(seed);
    }
  };
  return cfg;
}

// A view of one constant run of letters.
std::span<const std::uint8_t> app_payload(std::size_t n) {
  static constexpr auto letters = [] {
    std::array<std::uint8_t, 200> a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>('a' + i % 26);
    return a;
  }();
  return std::span(letters).first(n % letters.size());
}

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

std::string Outcome::first_departure_from_strict(std::span<const model::RuleId> strict_by_design) const {
  for (const auto& f : findings) {
    const bool lenient_here = f.grade == model::Grade::lenient &&
                              std::find(strict_by_design.begin(), strict_by_design.end(), f.rule) != strict_by_design.end();
    if (f.grade == model::Grade::violation || lenient_here)
      return std::string(f.rule.value) + (lenient_here ? " (lenient)" : "") + ": " + f.detail;
  }
  return {};
}

namespace {

// The input format, read in place: `chunk(span)` for each run of peer octets (a view into
// `data`), `action(Action)` for each application step or the peer's TCP close.
template <class OnChunk, class OnAction>
void read_encoded(std::span<const std::uint8_t> data, OnChunk&& chunk, OnAction&& action) {
  std::size_t at = 1;
  while (at < data.size()) {
    const std::uint8_t op = data[at++];
    const auto next = [&]() -> std::uint8_t { return at < data.size() ? data[at++] : 0; };
    switch (op) {
      case 0xC0: action(AppSend{true, next() % 200u}); continue;
      case 0xC1: action(AppSend{false, next() % 200u}); continue;
      case 0xC2: action(AppPing{}); continue;
      case 0xC3: action(AppClose{}); continue;
      case 0xC4: action(PeerCloses{}); continue;
      default: break;
    }
    const std::size_t n = 1 + op % 64;
    const std::size_t take = std::min(n, data.size() - at);
    if (take == 0) break;
    chunk(data.subspan(at, take));
    at += take;
  }
}

model::Role role_of(std::uint8_t first) { return (first & 1) ? model::Role::client : model::Role::server; }

}  // namespace

Input parse_input(std::span<const std::uint8_t> data) {
  Input in;
  if (data.empty()) return in;
  in.role = role_of(data[0]);
  in.peer_closes = (data[0] & 2) != 0;
  in.deflate = deflate_of(data[0]);
  in.actions.reserve(data.size() / 16 + 4);  // chunks average more than 16 octets: few regrowths
  read_encoded(
      data, [&](std::span<const std::uint8_t> c) { in.actions.push_back(PeerChunk{Bytes(c.begin(), c.end())}); },
      [&](Action a) { in.actions.push_back(std::move(a)); });
  return in;
}

Bytes encode_input(const Input& in) {
  Bytes out{static_cast<std::uint8_t>((in.role == model::Role::client ? 1 : 0) | (in.peer_closes ? 2 : 0) | deflate_bits(in.deflate))};
  for (const auto& a : in.actions) {
    if (const auto* c = std::get_if<PeerChunk>(&a)) {
      for (std::size_t at = 0; at < c->octets.size(); at += 64) {
        const std::size_t n = std::min<std::size_t>(64, c->octets.size() - at);
        out.push_back(static_cast<std::uint8_t>(n - 1));
        out.insert(out.end(), c->octets.begin() + static_cast<std::ptrdiff_t>(at), c->octets.begin() + static_cast<std::ptrdiff_t>(at + n));
      }
    } else if (const auto* s = std::get_if<AppSend>(&a)) {
      out.push_back(s->text ? 0xC0 : 0xC1);
      out.push_back(static_cast<std::uint8_t>(s->length % 200));
    } else if (std::holds_alternative<AppPing>(a)) {
      out.push_back(0xC2);
    } else if (std::holds_alternative<AppClose>(a)) {
      out.push_back(0xC3);
    } else {
      out.push_back(0xC4);
    }
  }
  return out;
}

Input stream_input(model::Role role, bool peer_closes, const std::vector<Bytes>& chunks) {
  Input in;
  in.role = role;
  in.peer_closes = peer_closes;
  for (const auto& c : chunks) in.actions.push_back(PeerChunk{c});
  return in;
}

struct Session::State {
  State(std::unique_ptr<Subject> driven, model::Role role, bool narrate_steps, const std::optional<model::PmdAgreement>& deflate)
      : subject(std::move(driven)), judge(role, judge_options(deflate)), narrate(narrate_steps) {}
  static model::Options judge_options(const std::optional<model::PmdAgreement>& deflate) {
    model::Options o;
    o.permessage_deflate = deflate;
    // impl's message-size limit, as a target declares its own (§10.4): a claim past it is a
    // cause to fail with 1009 from the header on, whatever the payload brings after it.
    o.max_message_size = impl::limits{}.max_message_size;
    return o;
  }

  template <class Describe>
  void note(Step::Who who, Describe&& describe) {
    if (!narrate) return;
    Step s{who, describe(), {}};
    const auto& f = judge.findings();
    for (; seen < f.size(); ++seen) s.new_findings.push_back(f[seen]);
    out.steps.push_back(std::move(s));
  }
  // Something impl did is about to be judged: keep what was allowed just before, for the
  // report of the first violation.
  template <class Act, class Describe>
  void judged(Act&& act, Describe&& describe) {
    const bool first_pending = narrate && out.allowed_at_first_violation.empty();
    const auto before = first_pending ? judge.allowed() : std::vector<model::Behaviour>{};
    act();
    note(Step::Who::impl, describe);
    if (first_pending && !out.steps.empty())
      for (const auto& f : out.steps.back().new_findings)
        if (f.grade == model::Grade::violation) {
          out.allowed_at_first_violation = before;
          break;
        }
  }

  // What the subject did since it last took input or acted: deliveries, octets, its TCP close.
  void replay_subject() {
    subject->take_deliveries([&](bool text, std::span<const std::uint8_t> data) {
      judged([&] { judge.endpoint_delivered(text ? model::opcode::text : model::opcode::binary, data); },
             [&] { return subject->name() + " delivers a " + (text ? "text" : "binary") + " message of " + std::to_string(data.size()) + " octets"; });
    });
    // Read in place and consumed whole: impl's output buffer keeps its capacity run after run.
    const auto bytes = subject->output();
    if (!bytes.empty()) {
      judged([&] { judge.endpoint_sent(bytes); }, [&] { return subject->name() + " sends " + describe_frames(bytes); });
      subject->consume_output(bytes.size());
    }
    if (subject->should_close_tcp() && !tcp_closed) {
      tcp_closed = true;
      judged([&] { judge.endpoint_closed_tcp(); }, [&] { return subject->name() + " closes TCP"; });
    }
  }

  void apply(const Action& a) {
    if (tcp_closed || peer_gone) return;
    if (const auto* c = std::get_if<PeerChunk>(&a)) {
      peer_sends(c->octets);
      return;
    } else if (const auto* s = std::get_if<AppSend>(&a)) {
      const auto data = app_payload(s->length);
      note(Step::Who::impl, [&] { return std::string("the application sends a ") + (s->text ? "text" : "binary") + " message of " + std::to_string(s->length) + " octets"; });
      subject->send(s->text, data);
    } else if (std::holds_alternative<AppPing>(a)) {
      note(Step::Who::impl, [] { return std::string("the application sends a Ping"); });
      subject->ping(app_payload(4));
    } else if (std::holds_alternative<AppClose>(a)) {
      note(Step::Who::impl, [] { return std::string("the application starts the closing handshake"); });
      subject->close(1000);
    } else {
      peer_close();
      return;
    }
    replay_subject();
  }

  void peer_sends(std::span<const std::uint8_t> octets) {
    if (tcp_closed || peer_gone) return;
    judge.peer_sent(octets);
    note(Step::Who::peer, [&] { return "peer sends " + std::to_string(octets.size()) + " octets: " + hex_head(octets); });
    subject->receive(octets);
    replay_subject();
  }

  void peer_close() {
    if (peer_gone || tcp_closed) return;
    peer_gone = true;
    judge.peer_closed_tcp();
    note(Step::Who::peer, [] { return std::string("peer closes TCP"); });
    subject->receive_eof();
    replay_subject();
  }

  void finish() {
    // Time passes: the IO layer's close timer fires for an endpoint still waiting for the peer.
    if (!tcp_closed && subject->timers_close_tcp()) {
      judge.timers_expired();
      tcp_closed = true;
      judged([&] { judge.endpoint_closed_tcp(); }, [&] { return subject->name() + "'s close timer fires: it closes TCP"; });
    }
    judged([&] { judge.finish(); }, [] { return std::string("the trace ends (every timer has run out)"); });
    out.findings = judge.findings();
  }

  std::unique_ptr<Subject> subject;
  model::Endpoint judge;
  bool narrate;
  bool tcp_closed = false;
  bool peer_gone = false;
  std::size_t seen = 0;
  Outcome out;
};

Session::Session(model::Role role, bool narrate, std::optional<model::PmdAgreement> deflate)
    : s_(std::make_unique<State>(impl_subject(role, deflate), role, narrate, deflate)) {}
Session::Session(const wsc_adapter& adapter, model::Role role, bool narrate)
    : s_(std::make_unique<State>(adapter_subject(adapter, role, impl::limits{}.max_message_size), role, narrate, std::nullopt)) {}
Session::~Session() = default;
void Session::apply(const Action& a) { s_->apply(a); }
void Session::peer_sends(std::span<const std::uint8_t> octets) { s_->peer_sends(octets); }
void Session::finish() { s_->finish(); }
bool Session::tcp_closed() const { return s_->tcp_closed || s_->peer_gone; }
bool Session::violation() const {
  for (const auto& f : s_->judge.findings())
    if (f.grade == model::Grade::violation) return true;
  return false;
}
Outcome Session::outcome() const {
  Outcome o = s_->out;
  o.findings = s_->judge.findings();
  return o;
}

// run() and run_encoded() replay a whole input in one call: their state lives on the stack and
// its outcome is moved out, not copied.
Outcome run(const Input& in, bool narrate, const wsc_adapter* adapter) {
  const auto deflate = adapter ? std::nullopt : in.deflate;
  Session::State s(adapter ? adapter_subject(*adapter, in.role, impl::limits{}.max_message_size) : impl_subject(in.role, deflate), in.role,
                   narrate, deflate);
  for (const auto& a : in.actions) s.apply(a);
  if (in.peer_closes) s.apply(PeerCloses{});
  s.finish();
  return std::move(s.out);
}

Outcome run_encoded(std::span<const std::uint8_t> data, bool narrate, const wsc_adapter* adapter) {
  if (data.empty()) return {};
  const model::Role role = role_of(data[0]);
  // An adapter negotiates no extension: its inputs are read without permessage-deflate.
  const auto deflate = adapter ? std::nullopt : deflate_of(data[0]);
  Session::State s(adapter ? adapter_subject(*adapter, role, impl::limits{}.max_message_size) : impl_subject(role, deflate), role, narrate,
                   deflate);
  read_encoded(data, [&](std::span<const std::uint8_t> c) { s.peer_sends(c); }, [&](const Action& a) { s.apply(a); });
  if ((data[0] & 2) != 0) s.apply(PeerCloses{});
  s.finish();
  return std::move(s.out);
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
