// The endpoint model on closing (§5.5.1, §7): close codes received and sent, the reply,
// who closes TCP, failing the connection, and the definitions the judge reports.
#include <gtest/gtest.h>

#include "trace.hpp"

namespace wsconform::model {
namespace {

using testing::bytes;
using testing::FrameOpts;
using testing::not_final;
using testing::with_rsv;
using testing::masked;
using testing::length_as;
using testing::Trace;

class Closing : public ::testing::TestWithParam<Role> {
 protected:
  Role role() const { return GetParam(); }
  // The peer closes with `code`; the endpoint replies with `reply` and (as the RFC wants for
  // its role) closes TCP or waits for the server's.
  Trace handshake(std::optional<std::uint16_t> code, std::optional<std::uint16_t> reply) {
    Trace t(role());
    t.peer_close(code).sends_close(reply);
    if (role() == Role::server) t.closes_tcp(); else t.peer_eof();
    t.finish();
    return t;
  }
};
INSTANTIATE_TEST_SUITE_P(BothRoles, Closing, ::testing::Values(Role::server, Role::client), testing::role_name);

// ---- §7.4 received codes

TEST_P(Closing, close_code_defined_codes_are_accepted_and_echoed) {
  for (std::uint16_t c : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011}) {
    Trace t = handshake(c, c);
    if (role() == Role::server && c == 1010) {
      EXPECT_TRUE(t.found(rule::close_code_1010_client_only, Grade::lenient));
      continue;
    }
    EXPECT_EQ(t.ep.grade(), Grade::strict) << c << "\n" << t.findings_text();
  }
}

TEST_P(Closing, close_code_iana_registered_1012_to_1014_are_valid) {
  for (std::uint16_t c : {1012, 1013, 1014}) {
    Trace t = handshake(c, c);
    EXPECT_FALSE(t.ep.fail_cause().has_value()) << c;
    EXPECT_EQ(t.ep.grade(), Grade::strict) << c << "\n" << t.findings_text();
  }
}

TEST_P(Closing, close_code_library_range_3000_to_3999_are_valid) {
  for (std::uint16_t c : {3000, 3500, 3999}) EXPECT_EQ(handshake(c, 1000).ep.grade(), Grade::strict) << c;
}

TEST_P(Closing, close_code_private_range_4000_to_4999_are_valid) {
  for (std::uint16_t c : {4000, 4500, 4999}) EXPECT_EQ(handshake(c, c).ep.grade(), Grade::strict) << c;
}

TEST_P(Closing, close_code_not_sendable_1005_1006_1015_received_must_fail) {
  for (std::uint16_t c : {1005, 1006, 1015}) {
    Trace t(role());
    t.peer_close(c);
    ASSERT_TRUE(t.ep.fail_cause()) << c;
    EXPECT_EQ(t.ep.fail_cause()->rules.front(), rule::close_code_not_sendable);
    EXPECT_FALSE(t.ep.fail_cause()->accepting.has_value());
    Trace echoes = handshake(c, 1000);
    EXPECT_EQ(echoes.ep.grade(), Grade::violation) << c;
  }
}

TEST_P(Closing, close_code_not_sendable_violated_by_endpoint_sending_1005) {
  Trace t(role());
  t.sends_close(1005);
  EXPECT_TRUE(t.found(rule::close_code_not_sendable, Grade::violation));
}

TEST_P(Closing, close_code_unused_range_0_and_999_must_fail_with_1002) {
  for (std::uint16_t c : {0, 1, 500, 999}) {
    Trace t(role());
    t.peer_close(c).sends_close(1002);
    if (role() == Role::server) t.closes_tcp(); else t.peer_eof();
    t.finish();
    EXPECT_EQ(t.ep.grade(), Grade::strict) << c << t.findings_text();
    EXPECT_EQ(handshake(c, 1000).ep.grade(), Grade::violation) << c;
  }
}

TEST_P(Closing, close_code_unused_range_violated_by_endpoint_sending_999) {
  Trace t(role());
  t.sends_close(999);
  EXPECT_TRUE(t.found(rule::close_code_unused_range, Grade::violation));
}

// Autobahn 7.9.3 and its issue #79: failing is strict, a normal reply is lenient.
TEST_P(Closing, close_code_reserved_1004_fail_is_strict_normal_reply_is_lenient) {
  Trace t(role());
  t.peer_close(1004);
  EXPECT_TRUE(t.allows(Grade::strict, rule::close_code_reserved_1004));
  EXPECT_TRUE(t.allows(Grade::lenient, rule::close_code_reserved_1004));
  t.sends_close(1002);
  if (role() == Role::server) t.closes_tcp(); else t.peer_eof();
  t.finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();

  Trace lenient = handshake(1004, 1000);
  EXPECT_TRUE(lenient.found(rule::close_code_reserved_1004, Grade::lenient)) << lenient.findings_text();
  EXPECT_EQ(lenient.ep.grade(), Grade::lenient);

  Trace echo = handshake(1004, 1004);  // echoing a reserved code is sending it
  EXPECT_TRUE(echo.found(rule::close_code_reserved_1004, Grade::violation)) << echo.findings_text();
}

TEST_P(Closing, close_code_unassigned_1016_to_2999_fail_strict_accept_lenient) {
  for (std::uint16_t c : {1016, 1100, 2000, 2999}) {
    Trace t = handshake(c, 1002);
    EXPECT_EQ(t.ep.grade(), Grade::strict) << c << t.findings_text();
    EXPECT_TRUE(handshake(c, 1000).found(rule::close_code_unassigned, Grade::lenient)) << c;
  }
  Trace sends(role());
  sends.sends_close(2000);
  EXPECT_TRUE(sends.found(rule::close_code_unassigned, Grade::violation));
}

// Autobahn 7.13: codes past 4999 are informational whichever way the endpoint goes.
TEST_P(Closing, close_code_beyond_4999_either_choice_is_informational) {
  for (std::uint16_t c : {5000, 65535}) {
    EXPECT_EQ(handshake(c, 1002).ep.grade(), Grade::strict) << c;
    Trace accepts = handshake(c, 1000);
    EXPECT_TRUE(accepts.found(rule::close_code_beyond_4999, Grade::informational)) << c;
    EXPECT_EQ(accepts.ep.grade(), Grade::informational);
  }
}

TEST(ClosingCodes, close_code_1010_client_only_server_sending_it_is_lenient_client_is_fine) {
  Trace server(Role::server);
  server.sends_close(1010);
  EXPECT_TRUE(server.found(rule::close_code_1010_client_only, Grade::lenient));
  Trace client(Role::client);
  client.sends_close(1010);
  EXPECT_FALSE(client.found(rule::close_code_1010_client_only));
}

TEST_P(Closing, close_code_1002_protocol_error_is_the_code_offered_for_bad_close_codes) {
  Trace t(role());
  t.peer_close(1004);
  EXPECT_EQ(t.ep.fail_cause()->codes, std::vector<std::uint16_t>{1002});
  EXPECT_TRUE(t.allows(Grade::strict, rule::close_code_1002_protocol_error));
}

TEST_P(Closing, close_code_optional_empty_close_is_answered_and_may_be_sent) {
  Trace t = handshake(std::nullopt, std::nullopt);
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  EXPECT_TRUE(t.ep.closed_cleanly());
}

// ---- §5.5.1 the close frame's body

TEST_P(Closing, close_payload_code_first_one_octet_body_must_fail) {
  Trace t(role());
  t.peer(opcode::close, bytes("a"));
  ASSERT_TRUE(t.ep.fail_cause());
  EXPECT_EQ(t.ep.fail_cause()->rules.front(), rule::close_payload_code_first);
  Trace sends(role());
  sends.sends(opcode::close, bytes("a"));
  EXPECT_TRUE(sends.found(rule::close_payload_code_first, Grade::violation));
}

TEST_P(Closing, close_reason_utf8_invalid_reason_must_fail_with_1002_or_1007) {
  Trace t(role());
  Bytes body = testing::close_body(1000);
  const Bytes bad = testing::hex("cebae1bdb9cf83cebcceb5eda080656469746564");
  body.insert(body.end(), bad.begin(), bad.end());
  t.peer(opcode::close, body);
  ASSERT_TRUE(t.ep.fail_cause());
  EXPECT_EQ(t.ep.fail_cause()->rules.front(), rule::close_reason_utf8);
  EXPECT_EQ(t.ep.fail_cause()->codes, (std::vector<std::uint16_t>{1002, 1007}));
  Trace sends(role());
  sends.sends(opcode::close, body);
  EXPECT_TRUE(sends.found(rule::close_reason_utf8, Grade::violation));
}

// ---- §5.5.1 the reply

TEST_P(Closing, close_reply_required_when_peer_closes_first) {
  Trace silent(role());
  silent.peer_close(1000).finish();
  EXPECT_TRUE(silent.found(rule::close_reply, Grade::violation));
  Trace drops(role());
  drops.peer_close(1000).closes_tcp();
  EXPECT_TRUE(drops.found(rule::close_reply, Grade::violation));
  EXPECT_EQ(handshake(1000, 1000).ep.grade(), Grade::strict);
}

TEST_P(Closing, close_reply_code_echo_1000_or_empty_exact_another_valid_code_lenient) {
  EXPECT_EQ(handshake(3000, 3000).ep.grade(), Grade::strict);
  EXPECT_EQ(handshake(3000, 1000).ep.grade(), Grade::strict);
  EXPECT_EQ(handshake(3000, std::nullopt).ep.grade(), Grade::strict);
  EXPECT_TRUE(handshake(1000, 1001).found(rule::close_reply_code, Grade::lenient));
}

TEST_P(Closing, close_reply_promptly_new_message_before_the_reply_is_lenient) {
  Trace t(role());
  t.peer_close(1000).sends(opcode::text, bytes("late"));
  EXPECT_TRUE(t.found(rule::close_reply_promptly, Grade::lenient));
}

TEST_P(Closing, close_reply_may_finish_message_remaining_fragments_before_the_reply) {
  Trace t(role());
  t.sends(opcode::text, bytes("frag"), not_final()).peer_close(1000);
  t.sends(opcode::continuation, bytes("ment")).sends_close(1000);
  EXPECT_TRUE(t.ep.findings().empty()) << t.findings_text();
}

TEST_P(Closing, close_no_data_after_close_violated_by_data_after_own_close) {
  Trace t(role());
  t.sends_close(1000).sends(opcode::text, bytes("late"));
  EXPECT_TRUE(t.found(rule::close_no_data_after_close, Grade::violation));
}

TEST_P(Closing, close_once_second_close_frame_is_lenient) {
  Trace t(role());
  t.peer_close(1000).sends_close(1000).sends_close(1000);
  EXPECT_TRUE(t.found(rule::close_once, Grade::lenient));
}

TEST_P(Closing, close_may_stop_processing_after_sent_no_pong_owed_after_own_close) {
  Trace t(role());
  t.sends_close(1000).peer(opcode::ping, bytes("p")).peer_close(1000);
  if (role() == Role::server) t.closes_tcp(); else t.peer_eof();
  t.finish();
  EXPECT_FALSE(t.found(rule::ping_reply));
  EXPECT_TRUE(t.ep.closed_cleanly());
}

// ---- who closes TCP

TEST(ClosingTcp, close_server_closes_tcp_after_the_handshake) {
  Trace t(Role::server);
  t.peer_close(1000).sends_close(1000);
  EXPECT_TRUE(t.allows(Grade::strict, rule::close_server_closes_tcp));
  t.finish();
  EXPECT_TRUE(t.found(rule::close_server_closes_tcp, Grade::violation));
}

// §7.1.1: after the closing handshake the server SHOULD close TCP at once. Closing only when its
// own timer ran out (it waited for the client) is lenient; at once, strict.
TEST(ClosingTcp, close_server_closes_tcp_only_when_its_timer_ran_out_is_lenient) {
  Trace late(Role::server);
  late.peer_close(1000).sends_close(1000);
  late.ep.timers_expired();
  late.closes_tcp().finish();
  EXPECT_TRUE(late.found(rule::close_server_closes_tcp, Grade::lenient)) << late.findings_text();
  Trace prompt(Role::server);
  prompt.peer_close(1000).sends_close(1000).closes_tcp().finish();
  EXPECT_EQ(prompt.ep.grade(), Grade::strict) << prompt.findings_text();
}

TEST(ClosingTcp, close_client_waits_for_server_waiting_strict_closing_first_lenient) {
  Trace t(Role::client);
  t.peer_close(1000).sends_close(1000);
  EXPECT_TRUE(t.allows(Grade::strict, rule::close_client_waits_for_server));
  t.closes_tcp();
  EXPECT_TRUE(t.found(rule::close_client_waits_for_server, Grade::lenient));
}

TEST(ClosingTcp, close_tcp_after_handshake_client_that_never_closes_violates) {
  Trace t(Role::client);
  t.peer_close(1000).sends_close(1000).finish();
  EXPECT_TRUE(t.found(rule::close_tcp_after_handshake, Grade::violation));
  Trace late(Role::client);
  late.peer_close(1000).sends_close(1000).closes_tcp().sends(opcode::ping, bytes("x"));
  EXPECT_TRUE(late.found(rule::close_tcp_after_handshake, Grade::violation));
}

TEST_P(Closing, closing_start_with_close_frame_dropping_an_open_connection_violates) {
  Trace t(role());
  t.peer(opcode::text, bytes("hello")).closes_tcp();
  EXPECT_TRUE(t.found(rule::closing_start_with_close_frame, Grade::violation));
}

TEST(ClosingInitiative, closing_server_may_close_whenever_it_wants) {
  Trace t(Role::server);
  t.sends_close(1001);
  t.peer_close(1001).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST(ClosingInitiative, closing_client_should_not_initiate_unprompted_close_is_lenient) {
  Trace t(Role::client);
  t.sends_close(1000);
  EXPECT_TRUE(t.found(rule::closing_client_should_not_initiate, Grade::lenient));
}

// ---- §7.1.7 failing

TEST_P(Closing, fail_send_close_first_and_fail_may_omit_close_both_strict) {
  Trace t(role());
  t.peer(opcode::binary, bytes("x"), with_rsv(1));
  EXPECT_TRUE(t.allows(Grade::strict, rule::fail_send_close_first));
  EXPECT_TRUE(t.allows(Grade::strict, rule::fail_may_omit_close));
  EXPECT_TRUE(t.allows(Grade::strict, rule::invalid_may_drop_tcp));
  t.closes_tcp().finish();  // invalid.may-drop-tcp
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Closing, invalid_may_drop_tcp_dropping_on_bad_opcode_is_conforming) {
  Trace t(role());
  t.peer(static_cast<opcode>(3), bytes("x")).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Closing, fail_close_tcp_failing_without_ever_closing_tcp_violates) {
  Trace t(role());
  t.peer(opcode::binary, bytes("x"), with_rsv(1)).sends_close(1002).finish();
  EXPECT_TRUE(t.found(rule::fail_close_tcp, Grade::violation)) << t.findings_text();
}

TEST_P(Closing, fail_appropriate_code_other_valid_code_or_none_is_lenient) {
  Trace t(role());
  t.peer(opcode::binary, bytes("x"), with_rsv(1)).sends_close(1011).closes_tcp();
  EXPECT_TRUE(t.found(rule::fail_appropriate_code, Grade::lenient));
  Trace none(role());
  none.peer(opcode::binary, bytes("x"), with_rsv(1)).sends_close(std::nullopt).closes_tcp();
  EXPECT_TRUE(none.found(rule::fail_appropriate_code, Grade::lenient));
}

// Autobahn 3.2: a valid text, a text with RSV 2, then a ping: the ping comes after the fault.
TEST_P(Closing, fail_stop_processing_pong_for_a_ping_after_the_fault_violates) {
  Trace t(role());
  Bytes wire = t.peer_frame(opcode::text, bytes("Hello, world!"));
  for (const Bytes& f : {t.peer_frame(opcode::text, bytes("Hello, world!"), with_rsv(2)),
                         t.peer_frame(opcode::ping, bytes("ping"))})
    wire.insert(wire.end(), f.begin(), f.end());
  t.peer_raw(wire);
  t.sends(opcode::text, bytes("Hello, world!")).sends(opcode::pong, bytes("ping"));
  EXPECT_TRUE(t.found(rule::fail_stop_processing, Grade::violation)) << t.findings_text();
  EXPECT_FALSE(t.found(rule::ping_reply));
}

TEST_P(Closing, fail_stop_processing_delivering_a_message_after_the_fault_violates) {
  Trace t(role());
  Bytes wire = t.peer_frame(opcode::text, bytes("a"), not_final());
  for (const Bytes& f : {t.peer_frame(static_cast<opcode>(4), bytes("x")), t.peer_frame(opcode::continuation, bytes("b"))})
    wire.insert(wire.end(), f.begin(), f.end());
  t.peer_raw(wire).delivers(opcode::text, bytes("ab"));
  EXPECT_TRUE(t.found(rule::invalid_validate, Grade::violation)) << t.findings_text();
}

TEST(Abnormal, abnormal_client_fails_on_tcp_loss_client_must_close) {
  Trace t(Role::client);
  t.peer(opcode::text, bytes("x")).peer_eof();
  EXPECT_TRUE(t.allows(Grade::strict, rule::abnormal_client_fails_on_tcp_loss));
  t.finish();
  EXPECT_TRUE(t.found(rule::abnormal_client_fails_on_tcp_loss, Grade::violation));
  Trace ok(Role::client);
  ok.peer_eof().closes_tcp().finish();
  EXPECT_FALSE(ok.found(rule::abnormal_client_fails_on_tcp_loss));
}

// ---- §7.1 definitions

TEST_P(Closing, state_closing_after_either_close_frame) {
  Trace received(role());
  EXPECT_EQ(received.ep.state(), ConnState::open);
  received.peer_close(1000);
  EXPECT_EQ(received.ep.state(), ConnState::closing);
  Trace sent(role());
  sent.sends_close(1000);
  EXPECT_EQ(sent.ep.state(), ConnState::closing);
}

TEST_P(Closing, state_closed_cleanly_only_after_the_closing_handshake) {
  EXPECT_TRUE(handshake(1000, 1000).ep.closed_cleanly());
  Trace dropped(role());
  dropped.peer(opcode::text, bytes("x")).peer_eof();
  EXPECT_EQ(dropped.ep.state(), ConnState::closed);
  EXPECT_FALSE(dropped.ep.closed_cleanly());
  Trace half(role());
  half.sends_close(1000).closes_tcp();
  EXPECT_FALSE(half.ep.closed_cleanly());
  EXPECT_TRUE(half.found(rule::state_closed_cleanly, Grade::lenient));
}

TEST_P(Closing, close_code_absent_means_1005) {
  EXPECT_EQ(handshake(std::nullopt, std::nullopt).ep.connection_close_code(), 1005);
}

TEST_P(Closing, close_code_no_close_means_1006) {
  Trace t(role());
  t.peer_eof();
  EXPECT_EQ(t.ep.connection_close_code(), 1006);
}

TEST_P(Closing, close_reason_from_first_close_frame) {
  Trace t(role());
  t.peer_close(4001, "first").peer_close(4002, "second");
  EXPECT_EQ(t.ep.connection_close_code(), 4001);
  EXPECT_EQ(t.ep.connection_close_reason(), "first");
}

// close.code.iana-registered: 1012-1014 came through the IANA registry after RFC 6455; a
// receiver that refuses them (Boost.Beast answers 88 02 03 ea to a Close carrying 1014) is as
// conforming as one that takes them.
TEST_P(Closing, close_code_iana_registered_refusing_with_1002_or_a_tcp_drop_is_strict) {
  for (std::uint16_t c : {1012, 1013, 1014}) {
    Trace refuses = handshake(c, 1002);
    EXPECT_EQ(refuses.ep.grade(), Grade::strict) << c << "\n" << refuses.findings_text();
    Trace drops(role());
    drops.peer_close(c).closes_tcp().finish();
    EXPECT_EQ(drops.ep.grade(), Grade::strict) << c << "\n" << drops.findings_text();
  }
  Trace beast(Role::server);
  beast.peer_close(1014).ep.endpoint_sent(testing::hex("880203ea"));
  beast.closes_tcp().finish();
  EXPECT_EQ(beast.ep.grade(), Grade::strict) << beast.findings_text();
}

// §5.5.1 "as soon as practical": an endpoint reading in order echoes what came before the
// Close before it answers the Close (Autobahn 7.1.5, 7.1.6 on most servers).
TEST_P(Closing, close_reply_promptly_echo_of_a_message_sent_before_the_close_is_not_charged) {
  Trace t(role());
  t.peer(opcode::text, bytes("Hello World!")).peer_close(1000);
  t.delivers(opcode::text, bytes("Hello World!")).sends(opcode::text, bytes("Hello World!")).sends_close(1000);
  EXPECT_FALSE(t.found(rule::close_reply_promptly)) << t.findings_text();
  Trace fragment(role());
  fragment.peer(opcode::text, bytes("fragment1"), not_final()).peer_close(1000);
  fragment.sends(opcode::text, bytes("fragment1"), not_final()).sends(opcode::continuation, bytes("")).sends_close(1000);
  EXPECT_FALSE(fragment.found(rule::close_reply_promptly)) << fragment.findings_text();
  Trace more(role());  // a second message has no message before the Close to answer
  more.peer(opcode::text, bytes("one")).peer_close(1000).sends(opcode::text, bytes("one")).sends(opcode::text, bytes("two"));
  EXPECT_TRUE(more.found(rule::close_reply_promptly, Grade::lenient));
}

// §7.1.7 / §5.5.1: the tester closed TCP only after waiting (Autobahn's 1 s timeouts); the
// endpoint that owed the TCP close did not do it (3.1, 3.5-3.7 on a server that holds TCP open).
TEST(ClosingTcp, fail_close_tcp_owed_when_the_peer_closed_only_after_waiting) {
  Trace t(Role::server);
  t.peer(opcode::text, bytes("x"), with_rsv(4)).sends_close(1002).peer_close(1002);
  t.ep.at_time(1.0);  // the tester's 1 s timeout
  t.ep.peer_closed_tcp(/*after_waiting=*/true);
  t.finish();
  EXPECT_TRUE(t.found(rule::fail_close_tcp, Grade::violation)) << t.findings_text();
  Trace soon(Role::server);  // a timer that ran out 0.1 s after the handshake: too soon to charge
  soon.peer(opcode::text, bytes("x"), with_rsv(4)).sends_close(1002).peer_close(1002);
  soon.ep.at_time(0.1);
  soon.ep.peer_closed_tcp(/*after_waiting=*/true);
  soon.finish();
  EXPECT_FALSE(soon.found(rule::fail_close_tcp)) << soon.findings_text();
  Trace prompt(Role::server);  // the peer's own close relieves it: no finding
  prompt.peer(opcode::text, bytes("x"), with_rsv(4)).sends_close(1002).peer_close(1002).peer_eof().finish();
  EXPECT_FALSE(prompt.found(rule::fail_close_tcp)) << prompt.findings_text();
}

TEST(ClosingTcp, close_server_closes_tcp_owed_when_the_client_closed_only_after_waiting) {
  Trace t(Role::server);
  t.sends_close(1000).peer_close(1000);
  t.ep.at_time(1.0);
  t.ep.peer_closed_tcp(/*after_waiting=*/true);
  t.finish();
  EXPECT_TRUE(t.found(rule::close_server_closes_tcp, Grade::violation)) << t.findings_text();
}

// A Ping between the fragments of a text message whose first fragment broke UTF-8: an endpoint
// that validates at the message's end (§8.1 allows it) answers it before it knows - lenient.
// The same Ping after the message's end is a violation (Autobahn 6.4.x with a Ping added).
TEST_P(Closing, fail_stop_processing_pong_while_the_invalid_utf8_message_is_still_arriving_is_lenient) {
  Trace t(role());
  Bytes wire = t.peer_frame(opcode::text, Bytes{0xF5}, not_final());
  const Bytes ping = t.peer_frame(opcode::ping, bytes("p"));
  wire.insert(wire.end(), ping.begin(), ping.end());
  t.peer_raw(wire).sends(opcode::pong, bytes("p"));
  t.peer(opcode::continuation, bytes("x")).sends_close(1007).closes_tcp().finish();
  EXPECT_TRUE(t.found(rule::fail_stop_processing, Grade::lenient)) << t.findings_text();
  EXPECT_FALSE(t.found(rule::fail_stop_processing, Grade::violation)) << t.findings_text();

  Trace late(role());
  late.peer(opcode::text, Bytes{0xF5}, not_final()).peer(opcode::continuation, bytes("x")).peer(opcode::ping, bytes("p"));
  late.sends(opcode::pong, bytes("p"));
  EXPECT_TRUE(late.found(rule::fail_stop_processing, Grade::violation)) << late.findings_text();
}

// Over a network the peer's TCP close can cross the endpoint's Pong: a Ping that came within
// the latency allowance before it is owed nothing; in process (no allowance) it still is.
TEST_P(Closing, ping_reply_not_owed_for_a_ping_crossing_the_peers_tcp_close_on_a_network) {
  Options network;
  network.latency_allowance = 0.5;
  Trace t(role(), network);
  t.peer(opcode::ping, bytes("p"));
  t.ep.at_time(0.1);
  t.peer_eof().closes_tcp().finish();
  EXPECT_FALSE(t.found(rule::ping_reply)) << t.findings_text();
  Trace in_process(role());
  in_process.peer(opcode::ping, bytes("p")).peer_eof().closes_tcp().finish();
  EXPECT_TRUE(in_process.found(rule::ping_reply, Grade::violation)) << in_process.findings_text();
}

// A failing endpoint that closes TCP only after the peer gave up waiting and closed first still
// owed that close (§7.1.7); closing after the peer's close is no payment.
TEST_P(Closing, fail_close_tcp_closing_only_after_the_peer_gave_up_still_owes_it) {
  Trace t(role());
  t.peer(opcode::binary, bytes("x"), with_rsv(1)).sends_close(1002);
  t.ep.at_time(3.0);
  t.ep.peer_closed_tcp(/*after_waiting=*/true);
  t.closes_tcp().finish();
  EXPECT_TRUE(t.found(rule::fail_close_tcp, Grade::violation)) << t.findings_text();
}

}  // namespace
}  // namespace wsconform::model

namespace wsconform::model {
namespace {
// A Close whose body already shows a code no endpoint may send, or a reason no UTF-8 text can
// hold, is invalid whatever follows: failing before the frame is whole fails on invalid input.
TEST(ClosingPrefix, close_reason_utf8_failing_on_a_close_body_invalid_before_its_end_is_allowed) {
  Trace code(Role::client);
  code.peer_raw({0x88, 0x10, 0x03, 0xed}).sends_close(1002);  // 1005, 14 octets still to come
  EXPECT_FALSE(code.found(rule::fragment_receive_any_split)) << code.findings_text();
  EXPECT_NE(code.ep.grade(), Grade::violation) << code.findings_text();
  Trace reason(Role::client);
  reason.peer_raw({0x88, 0x10, 0x03, 0xe8, 'o', 0x8b}).sends_close(1007);  // a lone continuation octet
  EXPECT_NE(reason.ep.grade(), Grade::violation) << reason.findings_text();
  Trace latitude(Role::client);  // 49920: refusing or taking it are both allowed, from its second octet on
  latitude.peer_raw({0x88, 0x10, 0xc3, 0x00}).sends_close(1002);
  EXPECT_NE(latitude.ep.grade(), Grade::violation) << latitude.findings_text();
  Trace valid(Role::client);  // the same failure on a body that is valid so far is on valid input
  valid.peer_raw({0x88, 0x10, 0x03, 0xe8, 'o', 'k'}).sends_close(1007);
  EXPECT_EQ(valid.ep.grade(), Grade::violation) << valid.findings_text();
}
}  // namespace
}  // namespace wsconform::model
