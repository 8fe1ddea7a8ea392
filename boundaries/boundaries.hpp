// Boundary points of the model's numeric rules, enumerated by Z3.
//
// Each rule in model/numeric_rules.hpp is a template over the value type. Instantiated with a
// z3::expr (Int sort) it becomes a formula; the solver is asked, over and over, for a value v
// in the rule's domain where the rule decides differently for v and v + 1, each answer
// blocked before the next question, until none is left. The edges reported are therefore the
// model's own decision points - 1003/1004, 125/126, U+D7FF/U+D800 - not a list typed by hand.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wsconform::boundaries {

struct Edge {
  std::uint64_t below;  // the last value before the decision changes
  std::uint64_t above;  // below + 1
  bool holds_below;     // the rule's decision at `below`
  bool holds_above;
};

struct RuleBoundaries {
  std::string rule;         // model rule id it decides (e.g. "close.code.defined")
  std::string predicate;    // the template's name in numeric_rules.hpp, with fixed arguments
  std::uint64_t domain_lo, domain_hi;
  std::vector<Edge> edges;  // in increasing order
};

// Every numeric rule's edges. Takes well under a second.
std::vector<RuleBoundaries> enumerate_all();

// The distinct values on either side of any close-code edge (for cases and seeds).
std::vector<std::uint16_t> close_code_points(const std::vector<RuleBoundaries>& all);
// ... of any payload-length edge (lengths a frame can carry), and of any code point edge.
std::vector<std::uint64_t> length_points(const std::vector<RuleBoundaries>& all);
std::vector<std::uint32_t> code_point_points(const std::vector<RuleBoundaries>& all);
// ... of the window-bits rules (7/8, 8/9, 15/16): the values an offer or response is put to.
std::vector<int> window_bits_points(const std::vector<RuleBoundaries>& all);
// The inflated sizes either side of a declared message limit (pmd.limit.inflated-size).
std::vector<std::uint64_t> inflated_limit_points(std::uint64_t limit);

}  // namespace wsconform::boundaries
