#include "cases/catalogue.hpp"

#include <set>

namespace wsconform::cases {

const std::vector<Case>& catalogue() {
  static const std::vector<Case> all = [] {
    std::vector<Case> c;
    add_framing_cases(c);
    add_ping_cases(c);
    add_reserved_cases(c);
    add_fragmentation_cases(c);
    add_utf8_cases(c);
    add_close_cases(c);
    add_limits_cases(c);
    add_deflate_cases(c);
    add_handshake_cases(c);
    add_pmd_cases(c);
    add_rfc_cases(c);
    add_boundary_cases(c);
    return c;
  }();
  return all;
}

std::vector<std::string> check_catalogue(const std::vector<Case>& cases) {
  std::vector<std::string> problems;
  std::set<std::string> ids;
  for (const auto& c : cases) {
    if (!ids.insert(c.id).second) problems.push_back(c.id + ": duplicate id");
    if (c.description.empty() || c.expectation.empty()) problems.push_back(c.id + ": no description or expectation");
    if (c.rules.empty()) problems.push_back(c.id + ": cites no rule");
    for (const auto& r : c.rules)
      if (!model::find_rule(r.value)) problems.push_back(c.id + ": cites unknown rule " + std::string(r.value));
    if (c.close.codes.empty()) problems.push_back(c.id + ": close expectation without a code");
    const bool scored_by_events = c.grading == Grading::events || c.grading == Grading::wrong_code_fails ||
                                  c.grading == Grading::informational || c.grading == Grading::frame_count;
    if (scored_by_events && c.expected.find(Behavior::ok) == c.expected.end()) problems.push_back(c.id + ": no OK event list");
    for (const auto& [verdict, events] : c.expected)
      if (verdict != Behavior::ok && verdict != Behavior::non_strict)
        problems.push_back(c.id + ": an event list for " + std::string(to_string(verdict)) + " (only OK and NON-STRICT are compared)");
    if ((c.grading == Grading::echo_length || c.grading == Grading::round_trips) && !c.echo_opcode)
      problems.push_back(c.id + ": echo check without an opcode");
  }
  return problems;
}

}  // namespace wsconform::cases
