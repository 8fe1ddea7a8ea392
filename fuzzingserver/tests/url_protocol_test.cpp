// The fuzzing server's URL protocol as Autobahn's testee clients speak it.
#include "fuzzingserver/url_protocol.hpp"

#include <gtest/gtest.h>

namespace wsconform::fuzzingserver {
namespace {

TEST(UrlProtocol, RunCaseByNumberWithPercentEncodedAgent) {
  const Command c = parse_command("/runCase?case=17&agent=my%20lib%2F1.0");
  EXPECT_EQ(c.kind, CommandKind::run_case);
  ASSERT_TRUE(c.case_number.has_value());
  EXPECT_EQ(*c.case_number, 17u);
  EXPECT_EQ(c.agent, "my lib/1.0");
  EXPECT_TRUE(c.problem.empty());
}

TEST(UrlProtocol, RunCaseByCaseTuple) {
  const Command c = parse_command("/runCase?casetuple=7.9.3&agent=A");
  EXPECT_EQ(c.kind, CommandKind::run_case);
  EXPECT_FALSE(c.case_number.has_value());
  EXPECT_EQ(c.case_tuple, "7.9.3");
}

TEST(UrlProtocol, EveryCommandByItsPath) {
  EXPECT_EQ(parse_command("/getCaseCount").kind, CommandKind::get_case_count);
  EXPECT_EQ(parse_command("/getCaseInfo?case=1").kind, CommandKind::get_case_info);
  EXPECT_EQ(parse_command("/getCaseStatus?case=1&agent=A").kind, CommandKind::get_case_status);
  EXPECT_EQ(parse_command("/updateReports?agent=A").kind, CommandKind::update_reports);
  EXPECT_EQ(parse_command("/updateReports/").kind, CommandKind::update_reports);
  EXPECT_EQ(parse_command("/stopServer").kind, CommandKind::stop_server);
  EXPECT_EQ(parse_command("/").kind, CommandKind::unknown);
  EXPECT_EQ(parse_command("/runcase?case=1").kind, CommandKind::unknown);  // paths are case-sensitive
}

TEST(UrlProtocol, CaseNumberThatIsNotOneIsAProblemNamed) {
  for (const char* bad : {"/runCase?case=0&agent=A", "/runCase?case=x&agent=A", "/runCase?case=-1&agent=A", "/runCase?case=&agent=A",
                          "/runCase?case=99999999999999999999999&agent=A"}) {
    const Command c = parse_command(bad);
    EXPECT_FALSE(c.case_number.has_value()) << bad;
    EXPECT_NE(c.problem.find("not a case number"), std::string::npos) << bad;
  }
}

TEST(UrlProtocol, PercentDecodeKeepsMalformedEscapes) {
  EXPECT_EQ(percent_decode("a%2"), "a%2");
  EXPECT_EQ(percent_decode("%zz"), "%zz");
  EXPECT_EQ(percent_decode("a+b%41"), "a bA");
  EXPECT_EQ(percent_decode("%"), "%");
}

TEST(UrlProtocol, RequestTargetOfTheRequestLine) {
  EXPECT_EQ(request_target_of("GET /runCase?case=1&agent=A HTTP/1.1\r\nHost: x\r\n\r\n"), "/runCase?case=1&agent=A");
  EXPECT_EQ(request_target_of("GET\r\n\r\n"), "");
  EXPECT_EQ(request_target_of("GET  HTTP/1.1\r\n\r\n"), "");
}

}  // namespace
}  // namespace wsconform::fuzzingserver
