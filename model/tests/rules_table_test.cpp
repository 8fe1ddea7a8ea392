// The rule table checks itself: size, ids, sections, and that every rule is proven by a test
// named after it (this binary's tests; the name is the id with '.' and '-' as '_').
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "model/rule.hpp"
#include "model/tests/test_names.hpp"

namespace wsconform::model {
namespace {


TEST(RuleTable, lists_at_least_70_rules) { EXPECT_GE(all_rules().size(), 70u); }

TEST(RuleTable, ids_are_unique_lowercase_dotted_names) {
  std::set<std::string_view> seen;
  const std::regex shape("[a-z0-9]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+");
  for (const auto& r : all_rules()) {
    EXPECT_TRUE(seen.insert(r.id.value).second) << "duplicate id " << r.id.value;
    EXPECT_TRUE(std::regex_match(std::string(r.id.value), shape)) << r.id.value;
    EXPECT_FALSE(r.statement.empty()) << r.id.value;
    EXPECT_FALSE(r.cites.empty()) << r.id.value;
  }
}

TEST(RuleTable, find_rule_resolves_every_id_and_nothing_else) {
  for (const auto& r : all_rules()) {
    auto found = find_rule(r.id.value);
    ASSERT_TRUE(found.has_value()) << r.id.value;
    EXPECT_EQ(found->section, r.section);
    EXPECT_EQ(describe(r.id).statement, r.statement);
  }
  EXPECT_FALSE(find_rule("close.code.nonexistent").has_value());
}

// Every section a rule cites is a section heading of RFC 6455 (or the IANA registry, §11.7).
TEST(RuleTable, every_cited_section_exists_in_the_rfc) {
  std::ifstream in(WSCONFORM_RFC_TEXT);
  ASSERT_TRUE(in) << "RFC text not found at " << WSCONFORM_RFC_TEXT;
  std::stringstream text;
  text << in.rdbuf();
  const std::string rfc = text.str();
  const std::regex number("\\b(\\d+(\\.\\d+)*)");
  for (const auto& r : all_rules()) {
    if (r.document != "RFC 6455") continue;
    std::string sections(r.section.substr(0, r.section.find('(')));  // drop "(RFC 3629 §3)"
    for (std::sregex_iterator it(sections.begin(), sections.end(), number), end; it != end; ++it) {
      const std::string heading = "\n" + (*it)[1].str() + ".  ";
      EXPECT_NE(rfc.find(heading), std::string::npos) << r.id.value << " cites §" << (*it)[1];
    }
  }
}

// RFC 7692's text is not kept here: its rules cite sections from its table of contents.
TEST(RuleTable, every_rfc7692_rule_cites_a_section_of_its_table_of_contents) {
  const std::set<std::string> toc = {"4", "5", "5.1", "6", "6.1", "6.2", "7", "7.1", "7.1.1", "7.1.1.1", "7.1.1.2", "7.1.2", "7.1.2.1",
                                     "7.1.2.2", "7.1.3", "7.2", "7.2.1", "7.2.2", "7.2.3", "7.2.3.1", "7.2.3.2", "7.2.3.3", "7.2.3.4",
                                     "7.2.3.5", "7.2.3.6", "7.3", "8"};
  std::size_t pmd = 0;
  const std::regex number("\\b(\\d+(\\.\\d+)*)");
  for (const auto& r : all_rules()) {
    if (r.document != "RFC 7692") continue;
    ++pmd;
    EXPECT_EQ(r.id.value.substr(0, 4), "pmd.") << r.id.value;
    const std::string sections(r.section);
    for (std::sregex_iterator it(sections.begin(), sections.end(), number), end; it != end; ++it)
      EXPECT_TRUE(toc.count((*it)[1].str())) << r.id.value << " cites RFC 7692 §" << (*it)[1];
  }
  EXPECT_GE(pmd, 20u);
}

// The Done-when of the model: a rule coded wrong makes a test named after it fail.
TEST(RuleTable, every_rule_is_proven_by_a_test_named_after_it) {
  for (const auto& r : all_rules())
    EXPECT_TRUE(proven_by_a_test_named_after(r.id.value)) << "no test is named after rule " << r.id.value << " (looked for '"
                                                         << mangled(r.id.value) << "')";
}

}  // namespace
}  // namespace wsconform::model
