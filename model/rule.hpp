// A rule is one normative requirement of RFC 6455, named once and cited everywhere:
// in the model's decisions, the judge's verdicts, the reports and the test names.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wsconform::model {

// How binding the requirement is (RFC 2119), plus two levels of our own:
// `unspecified` marks latitude where the RFC is silent and implementations diverge,
// `definition` marks a term the judge relies on (CLOSING, "closed cleanly", 1005, 1006).
enum class Level { must, must_not, should, should_not, may, unspecified, definition };

// The endpoint the requirement binds.
enum class Binds { client, server, both };

// A rule's identity. Constants live in namespace `rule` below; the table resolves them.
struct RuleId {
  std::string_view value;
  friend constexpr bool operator==(RuleId, RuleId) = default;
};

struct Rule {
  RuleId id;
  std::string_view section;    // "5.2", "7.4.1", "5.5.1, 7.1.2"
  Level level;
  Binds binds;
  std::string_view statement;  // one sentence in the project's words
  std::string_view cites;      // the RFC phrase the rule rests on
  std::string_view document = "RFC 6455";  // whose section `section` is: RFC 6455 or RFC 7692
};

namespace rule {
#define WSC_RULE(symbol, id, section, level, binds, statement, cites) \
  inline constexpr RuleId symbol{id};
#define WSC_PMD_RULE WSC_RULE
#include "model/rules.def"
#include "model/pmd_rules.def"
#undef WSC_PMD_RULE
#undef WSC_RULE
}  // namespace rule

// Every rule, in RFC section order.
std::span<const Rule> all_rules();

// The rule with this id, or nothing.
std::optional<Rule> find_rule(std::string_view id);

// The full entry for a rule id constant (every constant has one).
const Rule& describe(RuleId id);

std::string_view to_string(Level level);   // "MUST", "MUST NOT", ..., "UNSPECIFIED", "DEFINITION"
std::string_view to_string(Binds binds);   // "client", "server", "both"

// "RFC 6455 §5.2", "RFC 7692 §7.2.2": where a rule comes from, for reports.
std::string cite(const Rule& rule);
// The short form beside a rule id: "§5.2" for RFC 6455, "RFC 7692 §7.2.2" for the others;
// `section` alone when the id is not a rule.
std::string section_ref(std::string_view rule_id, std::string_view section);

}  // namespace wsconform::model
