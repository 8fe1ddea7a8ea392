// judge/ on its own: Autobahn's verdict from a run's facts (its close grading in its fixed
// order and its per-case overrides), and the Autobahn column of a case graded by the model.
#include <gtest/gtest.h>

#include "judge/verdict.hpp"

namespace wsconform::judge {
namespace {

using cases::Behavior;
using cases::CloseBehavior;

cases::Case close_case(cases::ExpectedClose close, cases::Grading grading = cases::Grading::events) {
  cases::Case c;
  c.id = "t.1";
  c.expected[Behavior::ok] = {};
  c.close = std::move(close);
  c.grading = grading;
  return c;
}

runner::CaseRun opened_run() {
  runner::CaseRun run;
  run.connection_was_open = true;
  return run;
}

// Autobahn 7.x: a close code outside the expected list is WRONG CODE, and FAILED as behavior.
TEST(AutobahnVerdict, case_7_x_wrong_code_escalates_to_failed) {
  const auto c = close_case({true, {1002}, false, false}, cases::Grading::wrong_code_fails);
  auto run = opened_run();
  run.closed_by_me = true;
  run.remote_close_code = 1000;
  const auto v = autobahn_verdict(c, run);
  EXPECT_EQ(v.behavior_close, CloseBehavior::wrong_code);
  EXPECT_EQ(v.behavior, Behavior::failed);
  EXPECT_EQ(v.result_close, "The close code should have been 1002 or empty");
}

// No close code at all is always acceptable to Autobahn.
TEST(AutobahnVerdict, case_7_x_empty_close_is_never_wrong_code) {
  const auto c = close_case({true, {1002}, false, false}, cases::Grading::wrong_code_fails);
  auto run = opened_run();
  run.closed_by_me = true;
  const auto v = autobahn_verdict(c, run);
  EXPECT_EQ(v.behavior_close, CloseBehavior::ok);
  EXPECT_EQ(v.behavior, Behavior::ok);
}

// Testing a server: the tester dropping TCP itself is FAILED BY CLIENT (§7.1.1: the server closes).
TEST(AutobahnVerdict, close_server_closes_tcp_tester_drop_is_failed_by_client) {
  const auto c = close_case({true, {1000}, true, false});
  auto run = opened_run();
  run.closed_by_me = true;
  run.was_clean = true;
  run.remote_close_code = 1000;
  run.dropped_by_me = true;
  EXPECT_EQ(autobahn_verdict(c, run).behavior_close, CloseBehavior::failed_by_client);
  run.is_server = true;  // testing a client: the tester, the server, closes first by design
  EXPECT_EQ(autobahn_verdict(c, run).behavior_close, CloseBehavior::ok);
}

// Never opened: the close grading is FAILED; the behavior is, as in Autobahn, whatever the
// (empty) event list matches - OK for a case that expects no event, FAILED for an echo case.
TEST(AutobahnVerdict, handshake_server_replies_never_opened_fails_the_close_grading) {
  auto echo = close_case({});
  echo.expected[Behavior::ok] = {cases::text_message("Hello")};
  const auto v = autobahn_verdict(echo, runner::CaseRun{});
  EXPECT_EQ(v.behavior, Behavior::failed);
  EXPECT_EQ(v.behavior_close, CloseBehavior::failed);
  EXPECT_EQ(v.result_close, "The WebSocket opening handshake was never completed!");
  const auto silent = autobahn_verdict(close_case({}), runner::CaseRun{});
  EXPECT_EQ(silent.behavior, Behavior::ok);
  EXPECT_EQ(silent.behavior_close, CloseBehavior::failed);
}

// A connection never made (a TLS failure, a refused connect) is reported as such, not as a peer
// that did not finish its handshake.
TEST(AutobahnVerdict, no_connection_names_the_tls_failure_instead_of_the_handshake) {
  runner::CaseRun run;
  run.connection_error = "TLS handshake with 127.0.0.1:9443 failed: certificate verify failed: self-signed certificate";
  const auto v = autobahn_verdict(close_case({}), run);
  EXPECT_EQ(v.behavior_close, CloseBehavior::failed);
  EXPECT_EQ(v.result_close, "No connection: " + run.connection_error);
}

// A case beyond Autobahn: its Autobahn column is the model's, closeFAILED only for a closing rule.
TEST(ModelColumn, rfc_cases_autobahn_column_follows_the_model) {
  const auto run = opened_run();
  const AutobahnVerdict from_run{.behavior = Behavior::failed, .behavior_close = CloseBehavior::ok, .result = "x", .result_close = "y"};
  ModelVerdict lenient{Behavior::non_strict, {{"frame.length.non-minimal-received", "5.2", model::Grade::lenient, "accepted", ""}}, 0};
  auto v = autobahn_column_from_model(run, lenient, from_run);
  EXPECT_EQ(v.behavior, Behavior::non_strict);
  EXPECT_EQ(v.behavior_close, CloseBehavior::ok);
  ModelVerdict closing{Behavior::failed, {{"close.no-data-after-close", "5.5.1", model::Grade::violation, "data frame after own Close", ""}}, 0};
  v = autobahn_column_from_model(run, closing, from_run);
  EXPECT_EQ(v.behavior, Behavior::failed);
  EXPECT_EQ(v.behavior_close, CloseBehavior::failed);
  EXPECT_NE(v.result_close.find("close.no-data-after-close"), std::string::npos);
  const AutobahnVerdict unimplemented{.behavior = Behavior::unimplemented, .behavior_close = CloseBehavior::ok, .result = "no limit", .result_close = "z"};
  EXPECT_EQ(autobahn_column_from_model(run, closing, unimplemented).behavior, Behavior::unimplemented);
}

}  // namespace
}  // namespace wsconform::judge
