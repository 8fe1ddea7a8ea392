// `wsconform boundaries [--json]`: every numeric rule's decision points, enumerated by Z3.
#include <chrono>
#include <cstdio>

#include "boundaries/boundaries.hpp"
#include "cli/commands.hpp"

namespace wsconform::cli {

int boundaries_command(Args args, std::ostream& out, std::ostream& err) {
  bool json = false;
  for (auto a : args) {
    if (a == "--json") json = true;
    else {
      err << "usage: wsconform boundaries [--json]\n";
      return 2;
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto all = boundaries::enumerate_all();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (json) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& r : all) {
      nlohmann::ordered_json edges = nlohmann::ordered_json::array();
      for (const auto& e : r.edges)
        edges.push_back({{"below", e.below}, {"above", e.above}, {"holdsBelow", e.holds_below}, {"holdsAbove", e.holds_above}});
      a.push_back({{"rule", r.rule}, {"predicate", r.predicate}, {"domain", {r.domain_lo, r.domain_hi}}, {"edges", edges}});
    }
    out << nlohmann::ordered_json{{"enumeratedBy", "z3"}, {"milliseconds", ms}, {"rules", a}}.dump(2) << '\n';
    return 0;
  }
  for (const auto& r : all) {
    out << r.rule << "  " << r.predicate << "  [" << r.domain_lo << ", " << r.domain_hi << "]\n   ";
    for (const auto& e : r.edges) out << ' ' << e.below << (e.holds_below ? "(yes)" : "(no)") << '/' << e.above << (e.holds_above ? "(yes)" : "(no)");
    out << '\n';
  }
  out << all.size() << " rules, enumerated by Z3 in " << ms << " ms\n";
  return 0;
}

}  // namespace wsconform::cli
