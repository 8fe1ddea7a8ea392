// How long a case keeps a real connection busy, roughly: what a parallel run over TCP uses to
// start the long cases first, so they do not all end up at the tail.
#pragma once

#include "cases/case.hpp"

namespace wsconform::cases {

// Seconds, estimated from the script alone: the waits it sits through, the chops it writes one
// pause apart, the octets it moves, and the round trips it asks for. Only the order matters.
double estimated_network_seconds(const Case& c, double chop_pause = 1e-4);

}  // namespace wsconform::cases
