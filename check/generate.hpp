// RapidCheck generators for a check run's verbs: valid and invalid traffic from the peer -
// messages of any fragmentation with control frames between fragments, UTF-8 valid or broken
// anywhere, Pings and Pongs, Closes with any code and reason, frames with any header, chops of
// any size, TCP closes. A program is a list of verbs; RapidCheck shrinks it by dropping verbs
// and simplifying each.
#pragma once

#include <rapidcheck.h>

#include "check/verbs.hpp"

namespace wsconform::check {

rc::Gen<Verb> gen_verb();
rc::Gen<std::vector<Verb>> gen_program();

// Run `index` of a check with `seed`: its own random stream, so any run is drawn again alone
// (for shrinking and for `--seed S --run N`), whatever ran beside it. The size grows with the
// index as RapidCheck's own runs do (small programs first), up to `max_size`.
rc::Shrinkable<std::vector<Verb>> draw_program(std::uint64_t seed, std::uint64_t index, int max_size);

}  // namespace wsconform::check
