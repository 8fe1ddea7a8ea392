// impl/ against model/ on the same peer stream: the stream goes to both in the same chunks,
// everything impl does (frames, deliveries, TCP close) is replayed into the model, and the
// model says whether each step was allowed. Used by the differential fuzzers, the properties
// and `wsconform explain`.
//
// The input format (also the fuzz input format, so any finding replays as it was found):
//   octet 0     bit 0: the endpoint is a client (else a server); bit 1: the peer closes TCP
//               at the end
//   then        repeated: one octet n, then the next 1 + n % 64 octets of the peer's stream
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/endpoint.hpp"

namespace wsconform::differential {

using Bytes = std::vector<std::uint8_t>;

struct Input {
  model::Role role = model::Role::server;
  bool peer_closes = true;
  std::vector<Bytes> chunks;  // the peer's stream as it arrives
};

Input parse_input(std::span<const std::uint8_t> data);
Bytes encode_input(const Input& in);

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
};

// `narrate` fills Outcome::steps with readable text (for explain); fuzzers leave it off for speed.
Outcome run(const Input& in, bool narrate = true);

// A pasteable description of an input: C++ initializer of its octets.
std::string as_cpp_literal(std::span<const std::uint8_t> data);

}  // namespace wsconform::differential
