// The body of both differential fuzz targets: run the input through impl/ and the model; a
// behaviour of impl's that the model does not allow - or allows only as lenient where impl/
// takes the strict reading on purpose (kStrictByDesign) - aborts with the input printed in a
// form that pastes into a regression test.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "differential/differential.hpp"

namespace wsconform::fuzz {

// Where the RFC leaves room and impl/ always takes the strict reading, so that the lenient one
// in its behaviour is a bug: failing fast on invalid UTF-8 (§8.1), refusing a length not in its
// minimal encoding (§5.2, which §10.7 lets a receiver take), failing with the code the error calls
// for (1007 for invalid UTF-8, §7.4.1), answering a Close with the code it carried (§5.5.1) and,
// as a server, closing TCP at once after the closing handshake (§7.1.1).
// Its other lenient findings are choices it makes on purpose (a server closes TCP right after its
// Close when it fails; a client closes when its application asks).
inline constexpr model::RuleId kStrictByDesign[] = {model::rule::utf8_fail_fast, model::rule::frame_length_non_minimal_received,
                                                    model::rule::fail_appropriate_code, model::rule::close_reply_code,
                                                    model::rule::close_server_closes_tcp};

inline int differential_one(const std::uint8_t* data, std::size_t size, std::uint8_t role_bit) {
  // Each target keeps to its role; inputs for the other role are skipped rather than rewritten,
  // so a finding replays as found (`wsconform explain`, the other target's replayer).
  if (size == 0 || (data[0] & 1u) != role_bit) return 0;
  const std::span<const std::uint8_t> input(data, size);
  const auto outcome = differential::run_encoded(input, /*narrate=*/false);
  if (const std::string departure = outcome.first_departure_from_strict(kStrictByDesign); !departure.empty()) {
    std::fprintf(stderr, "impl departed from the strict reading: %s\ninput: %s\n", departure.c_str(), differential::as_cpp_literal(input).c_str());
    std::abort();
  }
  return 0;
}

}  // namespace wsconform::fuzz

namespace wsconform::fuzz {

// The body of an adapter's differential target (docs/adapters.md): the input through the
// library behind `adapter`, both roles (octet 0, bit 0), and the model; a behaviour the model
// does not allow aborts - unless its rule is one of `known` (departures the library is known to
// make, so that the fuzzer looks for new ones).
inline int adapter_differential_one(const wsc_adapter& adapter, std::span<const model::RuleId> known, const std::uint8_t* data,
                                    std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> input(data, size);
  const auto outcome = differential::run_encoded(input, /*narrate=*/false, &adapter);
  for (const auto& f : outcome.findings)
    if (f.grade == model::Grade::violation && std::find(known.begin(), known.end(), f.rule) == known.end()) {
      std::fprintf(stderr, "%s left the model's allowed set: %s: %s\ninput: %s\n", adapter.name, std::string(f.rule.value).c_str(),
                   f.detail.c_str(), differential::as_cpp_literal(input).c_str());
      std::abort();
    }
  return 0;
}

}  // namespace wsconform::fuzz
