// Golden verdict tables: every case of the catalogue (12.x/13.x in their quick tier) against impl/ and against the model as a
// reference peer, plus deliberately broken peers on the groups that catch them. A line holds
// the case id, Autobahn's two verdicts, the peer's close code, the model's reading, and a
// digest of every octet the tester wrote - so changing a case's script, the tester or the
// judge's grading changes the table. Regenerate on purpose with WSCONFORM_UPDATE_GOLDEN=1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "conformance/run.hpp"
#include "target/impl_target.hpp"
#include "target/model_target.hpp"

namespace wsconform::conformance {
namespace {

std::vector<std::string> table(const std::vector<CaseResult>& results) {
  std::vector<std::string> lines;
  for (const auto& r : results) {
    std::ostringstream l;
    l << r.c->id << '\t' << r.autobahn.behavior << '\t' << r.autobahn.behavior_close << '\t'
      << (r.run.remote_close_code ? std::to_string(*r.run.remote_close_code) : "-") << '\t' << r.model.behavior << '\t'
      << std::hex << r.run.tester_digest;
    lines.push_back(l.str());
  }
  return lines;
}

std::vector<CaseResult> run_against(const std::vector<std::string>& patterns, const TargetFactory& factory) {
  RunOptions options;
  options.jobs = 2;
  // 12.x and 13.x in their quick tier (messages up to 4 KiB): the full volume belongs to the
  // main job and scripts/measure-deflate.sh, not to every test run.
  return run_cases(cases::for_target(cases::deflate_quick_tier(cases::select(cases::catalogue(), patterns, {})), true), factory, options);
}

void expect_golden(const std::string& name, const std::vector<std::string>& got) {
  const std::string path = std::string(WSCONFORM_GOLDEN_DIR) + "/" + name + ".tsv";
  if (std::getenv("WSCONFORM_UPDATE_GOLDEN")) {
    std::ofstream out(path);
    for (const auto& l : got) out << l << '\n';
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "no golden table " << path << " (run with WSCONFORM_UPDATE_GOLDEN=1 to create it)";
  std::vector<std::string> want;
  for (std::string l; std::getline(in, l);) want.push_back(l);
  ASSERT_EQ(got.size(), want.size()) << name << ": the number of cases changed";
  int shown = 0;
  for (std::size_t i = 0; i < got.size(); ++i)
    if (got[i] != want[i] && shown++ < 20) ADD_FAILURE() << name << "\n  golden: " << want[i] << "\n  now:    " << got[i];
}

TEST(GoldenVerdicts, ImplAllCases) {
  expect_golden("impl", table(run_against({"*"}, [] { return std::make_unique<target::ImplTarget>(); })));
}

TEST(GoldenVerdicts, ModelAsReferencePeerAllCases) {
  expect_golden("model", table(run_against({"*"}, [] { return std::make_unique<target::ModelTarget>(); })));
}

// The same catalogue through impl/ and through the model gives the same verdicts, case by case.
TEST(GoldenVerdicts, ImplAndModelAgreeOnEveryCase) {
  const auto impl = run_against({"*"}, [] { return std::make_unique<target::ImplTarget>(); });
  const auto model = run_against({"*"}, [] { return std::make_unique<target::ModelTarget>(); });
  ASSERT_EQ(impl.size(), model.size());
  for (std::size_t i = 0; i < impl.size(); ++i) {
    EXPECT_EQ(impl[i].autobahn.behavior, model[i].autobahn.behavior) << impl[i].c->id;
    EXPECT_EQ(impl[i].autobahn.behavior_close, model[i].autobahn.behavior_close) << impl[i].c->id;
    EXPECT_EQ(impl[i].model.behavior, model[i].model.behavior) << impl[i].c->id;
  }
}

// Broken peers, each caught where it should be.
TEST(GoldenVerdicts, PeerAcceptingCloseCode1004AndOtherLatitude) {
  target::ModelTargetKnobs k;
  k.agent = "accepts-latitude";
  k.accept_where_allowed = true;
  const auto results = run_against({"7.*"}, [k] { return std::make_unique<target::ModelTarget>(k); });
  expect_golden("accepts-latitude", table(results));
  for (const auto& r : results)
    if (r.c->id == "7.9.3") {
      EXPECT_EQ(r.autobahn.behavior, cases::Behavior::failed);  // Autobahn: WRONG CODE, escalated in 7.x
      EXPECT_EQ(r.model.behavior, cases::Behavior::non_strict);  // the model: allowed, less strict (Autobahn issue #79)
    }
}

TEST(GoldenVerdicts, PeerValidatingUtf8OnlyAtMessageEnd) {
  target::ModelTargetKnobs k;
  k.agent = "utf8-at-message-end";
  k.utf8_at_message_end = true;
  const auto results = run_against({"6.*"}, [k] { return std::make_unique<target::ModelTarget>(k); });
  expect_golden("utf8-at-message-end", table(results));
  for (const auto& r : results)
    if (r.c->id == "6.4.1") {
      EXPECT_EQ(r.autobahn.behavior, cases::Behavior::non_strict);
      EXPECT_EQ(r.model.behavior, cases::Behavior::non_strict);
    }
}

TEST(GoldenVerdicts, PeerNeverAnsweringAClose) {
  target::ModelTargetKnobs k;
  k.agent = "ignores-close";
  k.ignore_close = true;
  const auto results = run_against({"1.*", "2.*", "7.*"}, [k] { return std::make_unique<target::ModelTarget>(k); });
  expect_golden("ignores-close", table(results));
  for (const auto& r : results)
    if (r.c->id == "7.3.3") {
      EXPECT_EQ(r.autobahn.behavior_close, cases::CloseBehavior::unclean);
      EXPECT_EQ(r.model.behavior, cases::Behavior::failed);
    }
}

}  // namespace
}  // namespace wsconform::conformance
