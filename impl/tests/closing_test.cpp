// impl/ closing (§5.5.1, §7): which received codes are accepted (and the policy for codes
// past 4999), the reply, who closes TCP, and that nothing is sent after Close.
#include <gtest/gtest.h>

#include "wire.hpp"

namespace wsconform::impl {
namespace {

using namespace testing;

class Closing : public ::testing::TestWithParam<role> {
 protected:
  role side() const { return GetParam(); }
  std::string masked() const { return side() == role::client ? " [masked]" : ""; }
};
INSTANTIATE_TEST_SUITE_P(Roles, Closing, ::testing::Values(role::client, role::server), role_name);

TEST_P(Closing, EchoesEveryValidCodeAutobahn77) {
  for (std::uint16_t c : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}) {
    const run_result r = run(open_config(side()), frame(side(), 8, code(c)));
    EXPECT_EQ(r.events.front(), "close " + std::to_string(c) + " ") << c;
    EXPECT_EQ(frames_written(r.output), std::vector<std::string>{"close:" + std::to_string(c) + masked()}) << c;
  }
}

TEST(ClosingRoles, ServerAnswers1010With1000BecauseItIsAClientCode) {
  EXPECT_EQ(frames_written(run(open_config(role::server), frame(role::server, 8, code(1010))).output),
            std::vector<std::string>{"close:1000"});
}

TEST(ClosingRoles, ClientEchoes1010) {
  EXPECT_EQ(frames_written(run(open_config(role::client), frame(role::client, 8, code(1010))).output),
            std::vector<std::string>{"close:1010 [masked]"});
}

// Autobahn 7.9.x and 7.13.x: invalid codes, and the documented policy for 5000-65535.
TEST_P(Closing, FailsWith1002OnInvalidCodesIncludingPast4999) {
  for (std::uint16_t c : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    const run_result r = run(open_config(side()), frame(side(), 8, code(c)));
    EXPECT_EQ(r.events.front(), "failed bad_close_code 1002") << c;
    EXPECT_EQ(frames_written(r.output).front().substr(0, 10), "close:1002") << c;
    EXPECT_TRUE(r.close_tcp);
  }
}

TEST_P(Closing, FailsOnOneOctetCloseBody) {
  EXPECT_EQ(run(open_config(side()), frame(side(), 8, b("a"))).events.front(), "failed bad_close_length 1002");
}

TEST_P(Closing, FailsWith1007OnInvalidUtf8Reason) {
  const bytes body = cat({code(1000), hex("cebae1bdb9cf83cebcceb5eda080656469746564")});
  EXPECT_EQ(run(open_config(side()), frame(side(), 8, body)).events.front(), "failed bad_close_reason 1007");
}

TEST_P(Closing, AcceptsMaximalReasonOf123Octets) {
  const bytes body = cat({code(1000), bytes(123, 'r')});
  EXPECT_EQ(run(open_config(side()), frame(side(), 8, body)).events.front(), "close 1000 " + std::string(123, 'r'));
}

TEST_P(Closing, AnswersEmptyCloseWithEmptyCloseAndReports1005) {
  const run_result r = run(open_config(side()), frame(side(), 8, {}));
  EXPECT_EQ(r.events.front(), "close 1005 ");
  const auto frames = frames_written(r.output);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0], "close:" + masked());
}

TEST_P(Closing, IgnoresEverythingAfterThePeersCloseAutobahn71) {
  const bytes wire = cat({frame(side(), 8, code(1000)), frame(side(), 9, b("ping")), frame(side(), 1, b("text")),
                          frame(side(), 8, {})});
  const run_result r = run(open_config(side()), wire);
  EXPECT_EQ(r.events.front(), "close 1000 ");
  EXPECT_EQ(frames_written(r.output).size(), 1u);  // just the Close reply
}

TEST_P(Closing, SendsNothingAfterItsOwnClose) {
  connection c(open_config(side()));
  ASSERT_EQ(c.close(1000, "bye"), error::none);
  EXPECT_EQ(c.send_text("late"), error::not_open);
  EXPECT_EQ(c.send_ping({}), error::not_open);
  EXPECT_EQ(c.close(1000), error::not_open);
  EXPECT_EQ(frames_written(c.take_output()).size(), 1u);
  EXPECT_TRUE(c.close_expected());
}

TEST_P(Closing, RefusesToSendCodesThatMayNotBeOnTheWire) {
  connection c(open_config(side()));
  for (std::uint16_t bad : {999, 1004, 1005, 1006, 1015, 2000, 5000}) EXPECT_EQ(c.close(bad), error::bad_close_code) << bad;
  EXPECT_EQ(c.close(1000, std::string(124, 'x')), error::bad_close_reason);
  EXPECT_TRUE(c.take_output().empty());
}

TEST(ClosingRoles, ServerClosesTcpRightAfterTheClosingHandshake) {
  connection c(open_config(role::server));
  ASSERT_EQ(c.close(1000), error::none);
  EXPECT_FALSE(c.should_close_tcp());
  c.receive_data(frame(role::server, 8, code(1000)));
  EXPECT_TRUE(c.should_close_tcp());
  EXPECT_EQ(describe_event(c.events().back()), "closed clean");
}

TEST(ClosingRoles, ClientWaitsForTheServerToCloseTcp) {
  connection c(open_config(role::client));
  c.receive_data(frame(role::client, 8, code(1000)));
  EXPECT_FALSE(c.should_close_tcp());
  EXPECT_TRUE(c.close_expected());
  c.receive_eof();
  EXPECT_TRUE(c.should_close_tcp());
  EXPECT_EQ(describe_event(c.events().back()), "closed clean");
  EXPECT_EQ(c.peer_close_code(), 1000);
}

TEST_P(Closing, TcpLossWithoutCloseIsAbnormal1006) {
  connection c(open_config(side()));
  c.receive_eof();
  EXPECT_EQ(describe_event(c.events().back()), "closed unclean");
  EXPECT_EQ(c.peer_close_code(), 1006);
  EXPECT_EQ(c.failure(), error::closed_abnormally);
  EXPECT_TRUE(c.should_close_tcp());
}

TEST_P(Closing, FailingSendsTheCloseBeforeClosingTcp) {
  const run_result r = run(open_config(side()), frame(side(), 2, b("x"), true, 1));
  EXPECT_EQ(r.events, (std::vector<std::string>{"failed bad_rsv 1002", "closed unclean"}));
  EXPECT_TRUE(r.close_tcp);
}

}  // namespace
}  // namespace wsconform::impl
