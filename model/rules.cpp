#include "model/rule.hpp"

#include <algorithm>
#include <array>

namespace wsconform::model {
namespace {

constexpr std::array kRules = {
#define WSC_RULE(symbol, id, section, level, binds, statement, cites) \
  Rule{rule::symbol, section, Level::level, Binds::binds, statement, cites},
#include "model/rules.def"
#undef WSC_RULE
#define WSC_PMD_RULE(symbol, id, section, level, binds, statement, cites) \
  Rule{rule::symbol, section, Level::level, Binds::binds, statement, cites, "RFC 7692"},
#include "model/pmd_rules.def"
#undef WSC_PMD_RULE
};

// Rule ids are unique: checked when the table is compiled, not when it is first used.
constexpr bool ids_unique() {
  for (std::size_t i = 0; i < kRules.size(); ++i)
    for (std::size_t j = i + 1; j < kRules.size(); ++j)
      if (kRules[i].id.value == kRules[j].id.value) return false;
  return true;
}
static_assert(ids_unique(), "two rules in rules.def share an id");

}  // namespace

std::span<const Rule> all_rules() { return kRules; }

std::optional<Rule> find_rule(std::string_view id) {
  auto it = std::find_if(kRules.begin(), kRules.end(),
                         [&](const Rule& r) { return r.id.value == id; });
  if (it == kRules.end()) return std::nullopt;
  return *it;
}

const Rule& describe(RuleId id) {
  // Every RuleId constant is generated from the same table, so the search always succeeds.
  return *std::find_if(kRules.begin(), kRules.end(), [&](const Rule& r) { return r.id == id; });
}

std::string_view to_string(Level level) {
  switch (level) {
    case Level::must: return "MUST";
    case Level::must_not: return "MUST NOT";
    case Level::should: return "SHOULD";
    case Level::should_not: return "SHOULD NOT";
    case Level::may: return "MAY";
    case Level::unspecified: return "UNSPECIFIED";
    case Level::definition: return "DEFINITION";
  }
  return "?";
}

std::string cite(const Rule& rule) { return std::string(rule.document) + " §" + std::string(rule.section); }

std::string section_ref(std::string_view rule_id, std::string_view section) {
  const auto r = find_rule(rule_id);
  if (r && r->document != "RFC 6455") return cite(*r);
  return "§" + std::string(section);
}

std::string_view to_string(Binds binds) {
  switch (binds) {
    case Binds::client: return "client";
    case Binds::server: return "server";
    case Binds::both: return "both";
  }
  return "?";
}

}  // namespace wsconform::model
