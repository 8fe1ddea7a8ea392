// Stateful model-vs-implementation properties (rc::state), one per role. Commands are the
// verbs of a connection - the peer sends text (valid, or broken at a random octet), binary,
// fragmented at random points, Pings, Pongs, Closes with valid, invalid and boundary codes,
// malformed headers, or closes TCP; the application sends messages, Pings, or starts the
// closing handshake - and every octet reaches impl/ in random chunks. After every command,
// everything impl did must be inside the set the model allows. A failure shrinks to a short
// command list, prints it, and writes it in the differential input format so that
// `wsconform explain <file>` replays it exactly.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>
#include <zlib.h>

#include <memory>
#include <sstream>
#include <utility>

#include "differential/differential.hpp"
#include "properties/counterexample.hpp"
#include "properties/generators.hpp"

namespace wsconform::properties {
namespace {

using differential::Action;
using model::Bytes;

// The rc model: what the commands can see of the connection without looking at impl.
struct ConnectionModel {
  model::Role role = model::Role::server;
  bool peer_gone = false;
  std::optional<model::PmdAgreement> deflate;
};

// The peer's permessage-deflate compressor: whole messages, Z_SYNC_FLUSH, the tail removed
// (RFC 7692 §7.2.1), within the peer's agreed window and context takeover.
class PeerCompressor {
 public:
  PeerCompressor(int bits, bool reset) : reset_(reset) {
    // zlib cannot compress within 8 bits; Huffman-only blocks keep any window.
    deflateInit2(&z_, 6, Z_DEFLATED, -(bits <= 8 ? 9 : bits), 8, bits <= 8 ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY);
  }
  ~PeerCompressor() { deflateEnd(&z_); }
  PeerCompressor(const PeerCompressor&) = delete;
  PeerCompressor& operator=(const PeerCompressor&) = delete;
  Bytes compress(const Bytes& message) {
    if (message.empty()) return {0x00};
    Bytes out(deflateBound(&z_, message.size()) + 64);
    z_.next_in = const_cast<Bytef*>(message.data());
    z_.avail_in = static_cast<uInt>(message.size());
    z_.next_out = out.data();
    z_.avail_out = static_cast<uInt>(out.size());
    deflate(&z_, Z_SYNC_FLUSH);
    out.resize(out.size() - z_.avail_out - 4);
    if (reset_) deflateReset(&z_);
    return out;
  }

 private:
  z_stream z_{};
  bool reset_;
};

// The system under test: impl and the model judging it, plus the actions so far (to write
// the counterexample).
struct System {
  explicit System(model::Role r, std::optional<model::PmdAgreement> d = std::nullopt) : role(r), deflate(d), session(r, false, d) {
    make_compressor();
  }
  // A library behind the adapter contract in place of impl/ (no extension).
  System(const wsc_adapter& adapter, model::Role r) : role(r), session(adapter, r, false), adapter_name(adapter.name) {}
  void make_compressor() {
    const auto& d = deflate;
    if (d) {
      const bool peer_is_client = role == model::Role::server;
      compressor = std::make_unique<PeerCompressor>(peer_is_client ? d->client_max_window_bits : d->server_max_window_bits,
                                                    peer_is_client ? d->client_no_context_takeover : d->server_no_context_takeover);
    }
  }
  model::Role role;
  std::optional<model::PmdAgreement> deflate;
  differential::Session session;
  std::string adapter_name;  // empty: impl/
  std::unique_ptr<PeerCompressor> compressor;
  std::vector<Action> actions;
  void apply(Action a) {
    session.apply(a);
    actions.push_back(std::move(a));
  }
  std::string write_counterexample() const {
    differential::Input in;
    in.role = role;
    in.peer_closes = false;
    in.deflate = deflate;
    in.actions = actions;
    return properties::write_counterexample(in, "counterexample-" + std::string(model::to_string(role)));
  }
  void check(const char* after) const {
    if (!session.violation()) return;
    const auto o = session.outcome();
    const std::string file = write_counterexample();
    const std::string who = adapter_name.empty() ? "impl" : adapter_name;
    RC_FAIL(std::string("after ") + after + ": " + who + " left the model's allowed set: " + o.first_violation() +
            "\n  replay: wsconform explain " + file + (adapter_name.empty() ? "" : " --adapter <name>"));
  }
};

using Command = rc::state::Command<ConnectionModel, System>;

// Frames as the peer writes them (masked toward a server), cut into chunks at random points.
void send_frames(const ConnectionModel& m, System& s, const std::vector<model::Frame>& frames, const std::vector<std::size_t>& cuts) {
  Bytes wire;
  for (auto f : frames) {
    if (m.role == model::Role::server) {
      f.header.masked = true;
      f.header.mask_key = {0x11, 0x5e, 0xa7, 0x3c};
    }
    const Bytes b = model::encode_frame(f.header, f.payload);
    wire.insert(wire.end(), b.begin(), b.end());
  }
  std::size_t at = 0;
  for (std::size_t c : cuts) {
    if (c <= at || c >= wire.size()) continue;
    s.apply(differential::PeerChunk{Bytes(wire.begin() + static_cast<std::ptrdiff_t>(at), wire.begin() + static_cast<std::ptrdiff_t>(c))});
    at = c;
  }
  if (at < wire.size()) s.apply(differential::PeerChunk{Bytes(wire.begin() + static_cast<std::ptrdiff_t>(at), wire.end())});
}

std::string show_bytes(const Bytes& b) {
  std::ostringstream o;
  o << b.size() << " octets";
  if (!b.empty()) {
    o << " [";
    for (std::size_t i = 0; i < b.size() && i < 12; ++i) o << (i ? " " : "") << std::hex << int(b[i]) << std::dec;
    o << (b.size() > 12 ? " ...]" : "]");
  }
  return o.str();
}

// ---- the peer's verbs

struct PeerMessage : Command {
  bool text = *rc::gen::arbitrary<bool>();
  Bytes payload = text ? *rc::gen::oneOf(rc::gen::map(rc::gen::arbitrary<std::string>(), [](const std::string& s) { return Bytes(s.begin(), s.end()); }),
                                         gen_bytes(60))
                       : *gen_bytes(300);
  std::vector<std::size_t> fragments = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, 300));
  std::vector<std::size_t> cuts = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 400));

  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel& m, System& s) const override {
    std::vector<std::size_t> splits;
    for (std::size_t f : fragments)
      if (f < payload.size()) splits.push_back(f);
    std::sort(splits.begin(), splits.end());
    splits.erase(std::unique(splits.begin(), splits.end()), splits.end());
    std::vector<model::Frame> frames;
    std::size_t at = 0;
    for (std::size_t i = 0; i <= splits.size(); ++i) {
      const std::size_t end = i < splits.size() ? splits[i] : payload.size();
      const Bytes part(payload.begin() + static_cast<std::ptrdiff_t>(at), payload.begin() + static_cast<std::ptrdiff_t>(end));
      const auto op = i == 0 ? (text ? model::opcode::text : model::opcode::binary) : model::opcode::continuation;
      frames.push_back({model::make_header(op, part.size(), i == splits.size()), part});
      at = end;
    }
    send_frames(m, s, frames, cuts);
    s.check("the peer's message");
  }
  void show(std::ostream& os) const override {
    os << "peer sends a " << (text ? "text" : "binary") << " message of " << show_bytes(payload) << " in " << fragments.size() + 1
       << " fragment(s) at most";
  }
};

// A compressed message (RSV1 on its first frame only), from the peer's own compressor.
struct PeerCompressedMessage : Command {
  bool text = *rc::gen::arbitrary<bool>();
  Bytes payload = *rc::gen::map(rc::gen::arbitrary<std::string>(), [](const std::string& s) {
    Bytes b;
    for (int i = 0; i < 3; ++i) b.insert(b.end(), s.begin(), s.end());  // repeats: back-references
    return b;
  });
  std::size_t fragment = *rc::gen::element<std::size_t>(0, 1, 3, 50);
  std::vector<std::size_t> cuts = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 400));

  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone && m.deflate.has_value()); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel& m, System& s) const override {
    const Bytes compressed = s.compressor->compress(payload);
    std::vector<model::Frame> frames;
    const std::size_t step = fragment == 0 ? compressed.size() : fragment;
    std::size_t at = 0;
    do {
      const std::size_t n = std::min(step, compressed.size() - at);
      const Bytes part(compressed.begin() + static_cast<std::ptrdiff_t>(at), compressed.begin() + static_cast<std::ptrdiff_t>(at + n));
      const auto op = at == 0 ? (text ? model::opcode::text : model::opcode::binary) : model::opcode::continuation;
      model::Frame f{model::make_header(op, part.size(), at + n == compressed.size()), part};
      f.header.rsv1 = at == 0;
      frames.push_back(std::move(f));
      at += n;
    } while (at < compressed.size());
    send_frames(m, s, frames, cuts);
    s.check("the peer's compressed message");
  }
  void show(std::ostream& os) const override {
    os << "peer sends a compressed " << (text ? "text" : "binary") << " message of " << show_bytes(payload) << " in fragments of "
       << fragment << " compressed octets";
  }
};

struct PeerControl : Command {
  model::opcode op = *rc::gen::element(model::opcode::ping, model::opcode::pong);
  Bytes payload = *gen_bytes(125);
  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel& m, System& s) const override {
    send_frames(m, s, {{model::make_header(op, payload.size()), payload}}, {});
    s.check("the peer's control frame");
  }
  void show(std::ostream& os) const override { os << "peer sends a " << model::name_of(op) << " of " << show_bytes(payload); }
};

struct PeerClose : Command {
  std::optional<std::uint16_t> code = *rc::gen::oneOf(
      rc::gen::just(std::optional<std::uint16_t>{}),
      rc::gen::map(rc::gen::element<std::uint16_t>(0, 999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1010, 1011, 1012, 1014,
                                                    1015, 1016, 2999, 3000, 3999, 4000, 4999, 5000, 65535),
                   [](std::uint16_t c) { return std::optional(c); }));
  bool bad_reason = *rc::gen::inRange(0, 5) == 0;
  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel& m, System& s) const override {
    Bytes body;
    if (code) body = {static_cast<std::uint8_t>(*code >> 8), static_cast<std::uint8_t>(*code), 'o', 'k'};
    if (code && bad_reason) body.insert(body.end(), {0xED, 0xA0, 0x80});
    send_frames(m, s, {{model::make_header(model::opcode::close, body.size()), body}}, {});
    s.check("the peer's Close");
  }
  void show(std::ostream& os) const override {
    os << "peer sends Close " << (code ? std::to_string(*code) : "without a code") << (bad_reason && code ? " with an invalid UTF-8 reason" : "");
  }
};

struct PeerMalformedHeader : Command {
  model::Frame frame = *gen_frame();
  std::size_t keep = *rc::gen::inRange<std::size_t>(1, 20);  // the stream may end inside the header
  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel&, System& s) const override {
    Bytes wire = model::encode_frame(frame);
    if (wire.size() > frame.header.header_size() + keep) wire.resize(frame.header.header_size() + keep);
    s.apply(differential::PeerChunk{wire});
    s.check("a raw frame");
  }
  void show(std::ostream& os) const override {
    os << "peer sends raw " << model::name_of(frame.header.op) << " FIN=" << frame.header.fin << " RSV=" << int(frame.header.rsv())
       << (frame.header.masked ? " masked" : " unmasked") << " length " << frame.header.payload_length;
  }
};

struct PeerClosesTcp : Command {
  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel& m) const override { m.peer_gone = true; }
  void run(const ConnectionModel&, System& s) const override {
    s.apply(differential::PeerCloses{});
    s.check("the peer's TCP close");
  }
  void show(std::ostream& os) const override { os << "peer closes TCP"; }
};

// ---- the application's verbs

struct AppSends : Command {
  bool text = *rc::gen::arbitrary<bool>();
  std::size_t length = *rc::gen::inRange<std::size_t>(0, 200);
  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel&, System& s) const override {
    s.apply(differential::AppSend{text, length});
    s.check("the application's message");
  }
  void show(std::ostream& os) const override { os << "application sends a " << (text ? "text" : "binary") << " message of " << length << " octets"; }
};

struct AppPings : Command {
  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel&, System& s) const override {
    s.apply(differential::AppPing{});
    s.check("the application's Ping");
  }
  void show(std::ostream& os) const override { os << "application sends a Ping"; }
};

struct AppCloses : Command {
  void checkPreconditions(const ConnectionModel& m) const override { RC_PRE(!m.peer_gone); }
  void apply(ConnectionModel&) const override {}
  void run(const ConnectionModel&, System& s) const override {
    s.apply(differential::AppClose{});
    s.check("the application's Close");
  }
  void show(std::ostream& os) const override { os << "application starts the closing handshake"; }
};

template <class... SystemArgs>
void check_system(model::Role role, std::optional<model::PmdAgreement> deflate, SystemArgs&&... system_args) {
  ConnectionModel initial{role, false, deflate};
  System system(std::forward<SystemArgs>(system_args)...);
  rc::state::check(initial, system,
                   rc::state::gen::execOneOfWithArgs<PeerMessage, PeerMessage, PeerCompressedMessage, PeerCompressedMessage,
                                                     PeerControl, PeerClose, PeerMalformedHeader, PeerClosesTcp, AppSends,
                                                     AppPings, AppCloses>());
  system.session.finish();
  system.check("the end of the trace (every timer has run out)");
}

void check_role(model::Role role, std::optional<model::PmdAgreement> deflate = std::nullopt) { check_system(role, deflate, role, deflate); }

model::PmdAgreement any_agreement() {
  model::PmdAgreement a;
  a.server_no_context_takeover = *rc::gen::arbitrary<bool>();
  a.client_no_context_takeover = *rc::gen::arbitrary<bool>();
  a.server_max_window_bits = a.client_max_window_bits = *rc::gen::inRange(8, 16);
  return a;
}

RC_GTEST_PROP(StatefulImplVsModel, server_every_command_sequence_stays_allowed, ()) { check_role(model::Role::server); }
RC_GTEST_PROP(StatefulImplVsModel, client_every_command_sequence_stays_allowed, ()) { check_role(model::Role::client); }
// With permessage-deflate agreed (RFC 7692): compressed messages both ways, under any agreement.
RC_GTEST_PROP(StatefulImplVsModel, server_with_permessage_deflate_every_command_sequence_stays_allowed, ()) {
  check_role(model::Role::server, any_agreement());
}
RC_GTEST_PROP(StatefulImplVsModel, client_with_permessage_deflate_every_command_sequence_stays_allowed, ()) {
  check_role(model::Role::client, any_agreement());
}

#ifdef WSCONFORM_HAVE_WSLAY_ADAPTER
// The same command sequences against wslay behind the adapter contract (docs/adapters.md).
RC_GTEST_PROP(StatefulWslayVsModel, server_every_command_sequence_stays_allowed, ()) {
  check_system(model::Role::server, std::nullopt, *wsc_adapter_wslay(), model::Role::server);
}
RC_GTEST_PROP(StatefulWslayVsModel, client_every_command_sequence_stays_allowed, ()) {
  check_system(model::Role::client, std::nullopt, *wsc_adapter_wslay(), model::Role::client);
}
#endif

#ifdef WSCONFORM_HAVE_BEAST_ADAPTER
// And against Boost.Beast, through its websocket::stream over in-memory streams.
RC_GTEST_PROP(StatefulBeastVsModel, server_every_command_sequence_stays_allowed, ()) {
  check_system(model::Role::server, std::nullopt, *wsc_adapter_beast(), model::Role::server);
}
RC_GTEST_PROP(StatefulBeastVsModel, client_every_command_sequence_stays_allowed, ()) {
  check_system(model::Role::client, std::nullopt, *wsc_adapter_beast(), model::Role::client);
}
#endif

}  // namespace
}  // namespace wsconform::properties
