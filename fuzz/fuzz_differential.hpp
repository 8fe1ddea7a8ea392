// The body of both differential fuzz targets: run the input through impl/ and the model; a
// behaviour of impl's that the model does not allow aborts with the input printed in a form
// that pastes into a regression test.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <span>

#include "differential/differential.hpp"

namespace wsconform::fuzz {

inline int differential_one(const std::uint8_t* data, std::size_t size, std::uint8_t role_bit) {
  // Each target keeps to its role; inputs for the other role are skipped rather than rewritten,
  // so a finding replays as found (`wsconform explain`, the other target's replayer).
  if (size == 0 || (data[0] & 1u) != role_bit) return 0;
  const std::span<const std::uint8_t> input(data, size);
  const auto outcome = differential::run_encoded(input, /*narrate=*/false);
  if (outcome.violation()) {
    std::fprintf(stderr, "impl left the model's allowed set: %s\ninput: %s\n", outcome.first_violation().c_str(),
                 differential::as_cpp_literal(input).c_str());
    std::abort();
  }
  return 0;
}

}  // namespace wsconform::fuzz
