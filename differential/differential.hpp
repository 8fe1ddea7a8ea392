// impl/ (or a library behind the adapter contract) against model/ on the same peer stream: the stream goes to both in the same chunks,
// everything impl does (frames, deliveries, TCP close) is replayed into the model, and the
// model says whether each step was allowed. Used by the differential fuzzers, the properties
// and `wsconform explain`.
//
// The input format (also the fuzz input format, so any finding replays as it was found):
//   octet 0     bit 0: the endpoint is a client (else a server); bit 1: the peer closes TCP
//               at the end; bit 2: permessage-deflate was agreed, with bit 3
//               server_no_context_takeover, bit 4 client_no_context_takeover and bits 5-7 k:
//               both windows 15 - k bits (RFC 7692 §7.1)
//   then, repeated:
//     0x00-0xBF, 0xC5-0xFF  n: the next 1 + n % 64 octets of the peer's stream
//     0xC0 k      the application sends a text message of k % 200 octets ("a".."z")
//     0xC1 k      the application sends a binary message of k % 200 octets
//     0xC2        the application sends a Ping
//     0xC3        the application starts the closing handshake (Close 1000)
//     0xC4        the peer closes TCP now
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "adapter/wsconform_adapter.h"
#include "model/endpoint.hpp"

namespace wsconform::impl {
struct config;
}

namespace wsconform::differential {

using Bytes = std::vector<std::uint8_t>;

struct PeerChunk {
  Bytes octets;
};
struct AppSend {
  bool text = true;
  std::size_t length = 0;  // octets, under 200 (the input format's range; larger wraps)
};
struct AppPing {};
struct AppClose {};
struct PeerCloses {};
using Action = std::variant<PeerChunk, AppSend, AppPing, AppClose, PeerCloses>;

struct Input {
  model::Role role = model::Role::server;
  bool peer_closes = true;  // at the end
  std::optional<model::PmdAgreement> deflate;
  std::vector<Action> actions;
};

Input parse_input(std::span<const std::uint8_t> data);
Bytes encode_input(const Input& in);
// An input of peer chunks only.
Input stream_input(model::Role role, bool peer_closes, const std::vector<Bytes>& chunks);

// One step of the replay, for reports.
struct Step {
  enum class Who { peer, impl } who;
  std::string what;  // "peer sends 7 octets: 81 05 ...", "impl sends text frame ...", ...
  std::vector<model::Finding> new_findings;
};

struct Outcome {
  std::vector<Step> steps;
  std::vector<model::Finding> findings;  // all of them
  std::vector<model::Behaviour> allowed_at_first_violation;
  bool violation() const;
  std::string first_violation() const;  // "rule: detail", or empty
  // The first violation, or lenient finding under one of `strict_by_design` (the rules whose
  // strict reading impl/ takes on purpose, so that their lenient reading is a bug there):
  // "rule: detail" or "rule (lenient): detail"; empty if none.
  std::string first_departure_from_strict(std::span<const model::RuleId> strict_by_design) const;
};

// impl and the model side by side, one action at a time (the stateful properties drive it).
class Session {
 public:
  Session(model::Role role, bool narrate, std::optional<model::PmdAgreement> deflate = std::nullopt);
  // A library behind the adapter contract in place of impl/ (no extension).
  Session(const wsc_adapter& adapter, model::Role role, bool narrate);
  ~Session();
  void apply(const Action& a);
  void peer_sends(std::span<const std::uint8_t> octets);  // PeerChunk without the copy
  void finish();  // time passes, the trace ends
  bool violation() const;
  bool tcp_closed() const;
  Outcome outcome() const;

  struct State;  // impl, the model and the replay so far (differential.cpp); run() keeps one on the stack

 private:
  std::unique_ptr<State> s_;
};

// `narrate` fills Outcome::steps with readable text (for explain); fuzzers leave it off for speed.
// With `adapter`, that library in place of impl/ (the input's permessage-deflate is ignored).
Outcome run(const Input& in, bool narrate = true, const wsc_adapter* adapter = nullptr);

// The same as run(parse_input(data)), reading the input in place (no copy of any chunk): what
// the fuzz targets call. With `adapter`, that library is driven in place of impl/ (the input's
// permessage-deflate bits are ignored: an adapter negotiates no extension).
Outcome run_encoded(std::span<const std::uint8_t> data, bool narrate = false, const wsc_adapter* adapter = nullptr);

// What a replay gives impl/: its configuration for `role`, open from the start, with mask keys
// drawn from `seed` (deterministic, so findings replay exactly; `seed` must outlive it), and the
// application's data for AppSend and AppPing ("abc...z" repeated, n % 200 octets).
impl::config replay_config(model::Role role, std::uint64_t& seed, const std::optional<model::PmdAgreement>& deflate = std::nullopt);
// permessage-deflate as octet 0 of an input says it (bits 2-7), and back.
std::optional<model::PmdAgreement> deflate_of(std::uint8_t first);
std::uint8_t deflate_bits(const std::optional<model::PmdAgreement>& deflate);
std::span<const std::uint8_t> app_payload(std::size_t n);

// A pasteable description of an input: C++ initializer of its octets.
std::string as_cpp_literal(std::span<const std::uint8_t> data);

}  // namespace wsconform::differential
