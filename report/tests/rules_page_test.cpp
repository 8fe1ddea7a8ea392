// rules.html: each rule with the RFC 6455 sentences it models (model::sentences_of), every
// sentence with its rules or its reason; case pages link their rules to it.
#include <gtest/gtest.h>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "model/rule.hpp"
#include "model/traceability.hpp"
#include "report/html_report.hpp"
#include "report/rules_page.hpp"
#include "target/impl_target.hpp"

namespace wsconform::report {
namespace {

// The part of the page that belongs to one rule: its div.
std::string rule_block(const std::string& html, std::string_view id) {
  const auto at = html.find("id=\"rule-" + std::string(id) + "\"");
  if (at == std::string::npos) return {};
  return html.substr(at, html.find("</div>\n", at) - at);
}

TEST(RulesPage, every_rule_has_an_anchor_and_close_reply_shows_its_rfc_sentence) {
  const std::string html = rules_html();
  for (const auto& r : model::all_rules()) EXPECT_FALSE(rule_block(html, r.id.value).empty()) << r.id.value;
  const std::string close_reply = rule_block(html, "close.reply");
  EXPECT_NE(close_reply.find("href=\"#s-5-5-1-6\">§5.5.1#6</a>"), std::string::npos) << close_reply;
  EXPECT_NE(close_reply.find("the endpoint MUST send a Close frame in response"), std::string::npos) << close_reply;
  // A rule no sentence states says what it rests on instead.
  EXPECT_NE(rule_block(html, "close.code.reserved-1004").find("No normative sentence of RFC 6455 states it"), std::string::npos);
}

TEST(RulesPage, every_sentence_has_a_row_with_its_rules_or_its_reason) {
  const std::string html = rules_html();
  for (const auto& t : model::traceability()) {
    std::string anchor = "s-" + t.key();
    for (auto& c : anchor)
      if (c == '#' || c == '.') c = '-';
    const auto row = html.find("<tr id=\"" + anchor + "\">");
    ASSERT_NE(row, std::string::npos) << t.key();
    const std::string cells = html.substr(row, html.find("</tr>", row) - row);
    if (t.reason) {
      EXPECT_NE(cells.find(std::string(model::to_string(*t.reason))), std::string::npos) << t.key();
    } else {
      for (const auto id : t.rule_ids()) EXPECT_NE(cells.find("href=\"#rule-" + std::string(id) + "\""), std::string::npos) << t.key();
    }
  }
}

TEST(RulesPage, case_7_9_3_page_links_its_rules_to_rules_html) {
  const auto selected = cases::select(cases::catalogue(), {"7.9.3"}, {});
  auto results = conformance::run_cases(selected, [] { return std::make_unique<target::ImplTarget>(); }, {});
  const std::string html = case_html(results.at(0));
  for (const auto id : selected.front()->rules)
    EXPECT_NE(html.find("href=\"" + rule_link(id.value) + "\""), std::string::npos) << id.value;
  EXPECT_NE(index_html(results).find("href=\"rules.html\""), std::string::npos);
}

}  // namespace
}  // namespace wsconform::report
