// The Autobahn-compatible reports: case 7.9.3 against impl/ carries what Autobahn's own report
// of that case shows; index.json has Autobahn's keys, sorted, with 3-space indentation.
#include <gtest/gtest.h>

#include <algorithm>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "report/json_report.hpp"
#include "target/impl_target.hpp"

namespace wsconform::report {
namespace {

conformance::CaseResult run_one(const std::string& id) {
  const auto selected = cases::select(cases::catalogue(), {id}, {});
  auto results = conformance::run_cases(selected, [] { return std::make_unique<target::ImplTarget>(); }, {});
  return std::move(results.at(0));
}

TEST(CaseReport, Case793HasTheSeedReportsInformation) {
  const auto j = case_json(run_one("7.9.3"));
  EXPECT_EQ(j["id"], "7.9.3");
  EXPECT_EQ(j["behavior"], "OK");
  EXPECT_EQ(j["behaviorClose"], "OK");
  EXPECT_EQ(j["expected"].dump(), R"({"OK":[]})");
  EXPECT_EQ(j["received"].dump(), "[]");
  EXPECT_EQ(j["remoteCloseCode"], 1002);
  EXPECT_EQ(j["localCloseCode"], 1004);
  EXPECT_EQ(j["closedByMe"], true);
  EXPECT_EQ(j["wasClean"], true);
  EXPECT_EQ(j["droppedByMe"], false);
  EXPECT_EQ(j["isServer"], false);
  EXPECT_EQ(j["rxFrameStats"].dump(), R"({"8":1})");
  EXPECT_EQ(j["txFrameStats"].dump(), R"({"8":1})");
  EXPECT_NE(j["httpRequest"].get<std::string>().find("Sec-WebSocket-Key:"), std::string::npos);
  EXPECT_NE(j["httpResponse"].get<std::string>().find("101 Switching Protocols"), std::string::npos);
  // Wire log: the handshake octets, the Close 1004 frame and its octets, the kill timer, the
  // peer's Close 1002.
  std::vector<std::string> kinds;
  for (const auto& row : j["wirelog"]) kinds.push_back(row[0]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"TO", "RO", "TF", "TO", "KL", "RO", "RF"}));
  EXPECT_EQ(j["wirelog"][2][1][1], "0x03ec");  // the 1004 we sent
  int keys = 0;
  for (auto it = j.begin(); it != j.end(); ++it) keys += it.key() != "wsconform";
  EXPECT_EQ(keys, 39);
  EXPECT_EQ(j["wsconform"]["caseRules"][0]["id"], "close.code.reserved-1004");
}

// 12.1.1 (1000 compressed text messages of 16 code points): Autobahn's compression keys.
TEST(CaseReport, Case1211HasTrafficStatsAndCompressionRatiosAsAutobahnWritesThem) {
  const auto j = case_json(run_one("12.1.1"));
  EXPECT_EQ(j["behavior"], "OK");
  EXPECT_EQ(j["reportCompressionRatio"], true);
  EXPECT_EQ(j["reportTime"], true);
  const auto& t = j["trafficStats"];
  ASSERT_TRUE(t.is_object());
  std::vector<std::string> keys;
  for (auto it = t.begin(); it != t.end(); ++it) keys.push_back(it.key());
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(keys.size(), 16u);
  EXPECT_EQ(t["outgoingWebSocketMessages"], 1000);
  EXPECT_EQ(t["incomingWebSocketMessages"], 1000);
  EXPECT_EQ(t["outgoingOctetsAppLevel"], 16000);  // 1000 x 16 ASCII code points
  EXPECT_EQ(t["incomingOctetsAppLevel"], 16000);
  // The tester compresses: fewer octets at the WebSocket level than at the application level,
  // and the ratio is their quotient.
  EXPECT_LT(t["outgoingOctetsWebSocketLevel"].get<double>(), 16000);
  EXPECT_DOUBLE_EQ(t["outgoingCompressionRatio"].get<double>(), t["outgoingOctetsWebSocketLevel"].get<double>() / 16000);
  EXPECT_GT(t["preopenOutgoingOctetsWireLevel"].get<double>(), 0);
  EXPECT_NE(j["httpRequest"].get<std::string>().find("Sec-WebSocket-Extensions: permessage-deflate"), std::string::npos);
}

TEST(IndexReport, HasAutobahnsFiveKeysSortedWithThreeSpaceIndent) {
  std::vector<conformance::CaseResult> results;
  results.push_back(run_one("2.1"));
  results.push_back(run_one("1.1.1"));
  const std::string text = index_json(results).dump(3);
  EXPECT_NE(text.find("{\n   \"wsconform-impl\": {\n      \"1.1.1\": {\n         \"behavior\": \"OK\",\n         \"behaviorClose\": \"OK\",\n"
                      "         \"duration\": "),
            std::string::npos)
      << text;
  EXPECT_LT(text.find("\"1.1.1\""), text.find("\"2.1\""));
  EXPECT_NE(text.find("\"reportfile\": \"wsconform_impl_case_2_1.json\""), std::string::npos);
}

TEST(ReportNames, AgentCleanedAsAutobahnDoes) {
  EXPECT_EQ(clean_agent("ws@8.18.3"), "ws_8_18_3");
  EXPECT_EQ(case_report_file("AutobahnServer/0.4.10", "7.9.3"), "autobahnserver_0_4_10_case_7_9_3.json");
}

TEST(ReportText, PayloadsAndOctetsAreCutLikeAutobahns) {
  std::vector<std::uint8_t> sixty(60, 'a'), sixty_one(61, 'a');
  EXPECT_EQ(log_text(sixty, 60), std::string(60, 'a'));
  EXPECT_EQ(log_text(sixty_one, 61), std::string(61, 'a') + " ...");
  EXPECT_EQ(log_text({0x03, 0xec}, 2), "0x03ec");  // not UTF-8... 0x03 is, 0xec alone is not
  EXPECT_EQ(log_hex({0xde, 0xad}, 2), "dead");
}

}  // namespace
}  // namespace wsconform::report
