// The catalogue checks itself, and has Autobahn's ids, counts and order.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"

namespace wsconform::cases {
namespace {

TEST(Catalogue, IsSoundUniqueIdsKnownRulesCodesAndEventLists) {
  const auto problems = check_catalogue(catalogue());
  for (const auto& p : problems) ADD_FAILURE() << p;
}

TEST(Catalogue, HasAutobahnsCountsPerGroup301Plus216DeflatePlusTheRfcAndZ3Groups) {
  std::map<std::string, int> per_group;
  for (const auto& c : catalogue()) ++per_group[c.id.substr(0, c.id.find('.'))];
  const std::map<std::string, int> expected = {{"1", 16}, {"2", 11}, {"3", 7},   {"4", 10},  {"5", 20}, {"6", 145},
                                               {"7", 37}, {"9", 54}, {"10", 1}, {"12", 90}, {"13", 126}, {"hs", 49}, {"rfc", 13}, {"pmd", 29}, {"z3", 61}};
  EXPECT_EQ(per_group, expected);
  EXPECT_EQ(catalogue().size(), 517u + 49u + 13u + 29u + 61u);  // z3: 54 of RFC 6455, 7 of RFC 7692
}

TEST(Catalogue, RunOrderIsNumericIdOrder) {
  const auto& all = catalogue();
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_TRUE(id_less(all[i - 1].id, all[i].id)) << all[i - 1].id << " " << all[i].id;
}

TEST(Catalogue, UtfStressSectionsHaveAutobahnsSizes) {
  std::map<std::string, int> per_sub;
  for (const auto& c : catalogue())
    if (c.id.rfind("6.", 0) == 0) ++per_sub[c.id.substr(0, c.id.rfind('.'))];
  const int sizes[] = {5, 11, 4, 2, 4, 3, 5, 8, 5, 10, 1, 3, 5, 5, 5, 7, 8, 34, 7};
  for (int s = 0; s < 19; ++s) EXPECT_EQ(per_sub["6." + std::to_string(5 + s)], sizes[s]) << "6." << 5 + s;
}

TEST(Catalogue, Case793SendsCloseCode1004AndExpects1002OrDrop) {
  const Case* c = nullptr;
  for (const auto& x : catalogue())
    if (x.id == "7.9.3") c = &x;
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(std::holds_alternative<SendClose>(c->script.front()));
  EXPECT_EQ(std::get<SendClose>(c->script.front()).code, 1004);
  EXPECT_EQ(c->close.codes, std::vector<std::uint16_t>{1002});
  EXPECT_FALSE(c->close.require_clean);
}

TEST(Selection, AutobahnPatternsArePrefixWildcardsAndExactIds) {
  EXPECT_TRUE(id_matches("6.1*", "6.10.3"));
  EXPECT_TRUE(id_matches("*", "13.7.18"));
  EXPECT_TRUE(id_matches("7.9.3", "7.9.3"));
  EXPECT_FALSE(id_matches("7.9", "7.9.3"));
  EXPECT_FALSE(id_matches("9.*", "1.9.1"));
  const auto picked = select(catalogue(), {"*"}, {"6.*", "9.*", "12.*", "13.*", "hs.*", "rfc.*", "pmd.*"});
  EXPECT_EQ(picked.size(), 301u - 145u - 54u + 61u);
  EXPECT_EQ(picked.front()->id, "1.1.1");
  EXPECT_EQ(picked.back()->id, "z3.utf8.FFFF-as-4");
  EXPECT_EQ(select(catalogue(), {"*"}, {"6.*", "9.*", "12.*", "13.*", "z3.*"}).back()->id, "rfc.rsv.ping.1");
  EXPECT_EQ(select(catalogue(), {"*"}, {"6.*", "9.*", "12.*", "13.*", "pmd.*", "rfc.*", "z3.*"}).back()->id, "hs.response.upgrade-other");
  EXPECT_EQ(select(catalogue(), {"*"}, {"6.*", "9.*", "12.*", "13.*", "hs.*", "pmd.*", "rfc.*", "z3.*"}).back()->id, "10.1.1");
}

TEST(Catalogue, Z3GroupHasACaseAtEveryCloseCodeEdgeIncluding1004AndItsNeighbours) {
  std::set<std::string> ids;
  for (const auto& c : catalogue()) ids.insert(c.id);
  for (const char* id : {"z3.close.999", "z3.close.1000", "z3.close.1003", "z3.close.1004", "z3.close.1005", "z3.close.1006",
                         "z3.close.1007", "z3.close.1014", "z3.close.1015", "z3.close.2999", "z3.close.3000", "z3.close.4999",
                         "z3.close.5000", "z3.length.125", "z3.length.126", "z3.length.65535", "z3.length.65536",
                         "z3.utf8.D7FF", "z3.utf8.D800", "z3.utf8.10FFFF", "z3.utf8.110000", "z3.close-body.1"})
    EXPECT_TRUE(ids.count(id)) << id;
}

}  // namespace
}  // namespace wsconform::cases

namespace wsconform::cases {
namespace {

TEST(Selection, AgentPatternsAreAnchoredAtBothEndsCaseIdsOnlyAtTheStart) {
  EXPECT_TRUE(agent_matches("Echo*", "EchoServer/1.0"));
  EXPECT_FALSE(agent_matches("Echo", "EchoServer/1.0"));
  EXPECT_FALSE(agent_matches("*Server", "EchoServer/1.0"));
  EXPECT_TRUE(agent_matches("*Server*", "EchoServer/1.0"));
  EXPECT_TRUE(id_matches("6.1*", "6.10.1"));
  EXPECT_FALSE(id_matches("6.1", "6.1.1"));
  const AgentExcludes table{{"Echo*", {"7.9.9"}}, {"Other", {"1.*"}}};
  EXPECT_EQ(excluded_for_agent(table, "EchoServer"), std::vector<std::string>{"7.9.9"});
}

}  // namespace
}  // namespace wsconform::cases
