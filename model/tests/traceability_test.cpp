// RFC 6455 traced sentence by sentence (model/traceability_table.cpp): every normative sentence
// of §1-§11 has an entry, every entry its sentence, every cited rule exists and is proven by a
// test named after it; the plain split itself is held to what it promises.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "model/traceability.hpp"
#include "model/tests/test_names.hpp"
#include "spec/rfc6455.hpp"

namespace wsconform::model {
namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& key, const std::string& words) {
  for (const auto& p : problems)
    if (p.rfind(key + ":", 0) == 0 && p.find(words) != std::string::npos) return true;
  return false;
}

TEST(Traceability, every_normative_sentence_of_rfc6455_is_classified_and_every_entry_has_its_sentence) {
  const auto problems = traceability_problems(spec::rfc6455_text());
  for (const auto& p : problems) ADD_FAILURE() << p;
  EXPECT_EQ(traceability().size(), normative_sentences(spec::rfc6455_text()).size());
}

TEST(Traceability, the_plain_split_finds_197_normative_sentences_in_sections_1_to_11) {
  const auto sentences = normative_sentences(spec::rfc6455_text());
  ASSERT_EQ(sentences.size(), 197u);
  std::map<std::string, int> by_top;
  for (const auto& s : sentences) ++by_top[s.section.substr(0, s.section.find('.'))];
  const std::map<std::string, int> want{{"2", 4}, {"3", 3}, {"4", 59}, {"5", 51}, {"6", 16}, {"7", 30}, {"8", 1}, {"9", 11}, {"10", 10}, {"11", 12}};
  EXPECT_EQ(by_top, want);
  EXPECT_EQ(sentences.front().key(), "2#1");
  EXPECT_EQ(sentences.back().key(), "11.3.5#2");
  // §12 onwards ("Using the WebSocket Protocol from Other Specifications") is not part of it.
  for (const auto& s : sentences) EXPECT_NE(s.section.substr(0, 3), "12.") << s.key();
}

// The split's own promises, on a page of RFC-shaped text.
TEST(Traceability, the_split_joins_page_breaks_keeps_abbreviations_and_splits_list_bullets) {
  const std::string text =
      "1.  Introduction\n\n"
      "   A peer MUST do one thing, e.g. Something.  Then it MAY rest.\n\n"
      "   o  Senders MUST mask.\n"
      "   o  Receivers SHOULD\n"
      "      unmask.  Nothing here is normative.\n\n"
      "   A sentence that runs over the\n\n\n\n"
      "Fette & Melnikov             Standards Track                    [Page 9]\n"
      "\fRFC 6455                 The WebSocket Protocol            December 2011\n\n\n"
      "   page break MUST stay one sentence.\n\n"
      "2.1.  Next\n\n"
      "   It is lowercase must, so not normative (cf. Section 1.)  It REQUIRED a line.\n\n"
      "12.  Using the WebSocket Protocol from Other Specifications\n\n"
      "   Past the end it MUST be ignored.\n";
  const auto s = normative_sentences(text);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[0].text, "A peer MUST do one thing, e.g. Something.");
  EXPECT_EQ(s[1].text, "Then it MAY rest.");
  EXPECT_EQ(s[2].text, "o  Senders MUST mask.");
  EXPECT_EQ(s[3].text, "o  Receivers SHOULD unmask.");
  EXPECT_EQ(s[4].text, "A sentence that runs over the page break MUST stay one sentence.");
  EXPECT_EQ(s[4].key(), "1#5");
  EXPECT_EQ(s[5].text, "It REQUIRED a line.");
  EXPECT_EQ(s[5].key(), "2.1#1");
}

// The checks can fail: a sentence the table lacks, an anchor that moved, a rule that does not
// exist, an entry with both rules and a reason, an entry for no sentence.
TEST(Traceability, a_table_that_disagrees_with_the_rfc_text_is_reported_entry_by_entry) {
  std::string text(spec::rfc6455_text());
  const auto at = text.find("\n5.5.3.  Pong");  // the heading, not the table of contents
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 1, "   An endpoint MUST pass this test.\n\n");  // one more sentence in §5.5.2
  EXPECT_TRUE(mentions(traceability_problems(text), "5.5.2#5", "a normative sentence without an entry"));

  std::vector<Trace> table(traceability().begin(), traceability().end());
  for (auto& t : table) {
    if (t.key() == "5.1#1") t.anchor = "a server MUST mask";
    if (t.key() == "5.1#2") t.rules = "mask.no-such-rule";
    if (t.key() == "5.1#3") t.reason = Unobservable::tls;
  }
  table.push_back({"5.1", 99, "x", "", Unobservable::tls});
  const auto problems = traceability_problems(spec::rfc6455_text(), table);
  EXPECT_TRUE(mentions(problems, "5.1#1", "is not in its sentence"));
  EXPECT_TRUE(mentions(problems, "5.1#2", "which the model does not have"));
  EXPECT_TRUE(mentions(problems, "5.1#3", "not both or neither"));
  EXPECT_TRUE(mentions(problems, "5.1#99", "a sentence the RFC text does not have"));
  EXPECT_EQ(problems.size(), 4u);
}

TEST(Traceability, every_rule_a_sentence_cites_is_proven_by_a_test_named_after_it) {
  for (const auto& t : traceability())
    for (const auto id : t.rule_ids()) EXPECT_TRUE(proven_by_a_test_named_after(id)) << t.key() << " cites " << id;
}

TEST(Traceability, sentences_of_a_rule_are_the_entries_that_cite_it) {
  EXPECT_EQ(sentences_of("close.code.not-sendable"), (std::vector<std::string>{"7.4.1#3", "7.4.1#4", "7.4.1#6"}));
  EXPECT_EQ(sentences_of("mask.fail-code-1002"), (std::vector<std::string>{"5.1#3", "5.1#6"}));
  EXPECT_TRUE(sentences_of("state.closing").empty());  // a definition no sentence states as a requirement
}

}  // namespace
}  // namespace wsconform::model
