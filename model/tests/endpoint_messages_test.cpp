// The endpoint model on messages (§5.4-§5.6, §6, §8.1, §10): reassembly, UTF-8 and when to
// fail on it, Ping/Pong, and what may be delivered.
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
using testing::hex;
using testing::Trace;

class Messages : public ::testing::TestWithParam<Role> {
 protected:
  Role role() const { return GetParam(); }
};
INSTANTIATE_TEST_SUITE_P(BothRoles, Messages, ::testing::Values(Role::server, Role::client), testing::role_name);

const Bytes kKosme = hex("cebae1bdb9cf83cebcceb5");

// ---- UTF-8 (§8.1) and fail-fast timing (Autobahn 6.4.1: three fragments, three chunks)

struct FailFast {
  Trace t;
  explicit FailFast(Role r) : t(r) {}
  void part(int n) {
    if (n == 1) t.peer(opcode::text, kKosme, not_final());
    if (n == 2) t.peer(opcode::continuation, hex("f4908080"), not_final());
    if (n == 3) t.peer(opcode::continuation, bytes("edited"));
  }
};

TEST_P(Messages, utf8_fail_fast_failing_on_the_bad_fragment_is_strict) {
  FailFast f(role());
  f.part(1);
  f.part(2);
  f.t.sends_close(1007).closes_tcp().finish();
  EXPECT_EQ(f.t.ep.grade(), Grade::strict) << f.t.findings_text();
}

TEST_P(Messages, utf8_fail_fast_failing_at_message_end_is_lenient) {
  FailFast f(role());
  f.part(1);
  f.part(2);
  EXPECT_TRUE(f.t.allows(Grade::lenient, rule::utf8_fail_fast));
  f.part(3);
  f.t.sends_close(1007).closes_tcp().finish();
  EXPECT_TRUE(f.t.found(rule::utf8_fail_fast, Grade::lenient)) << f.t.findings_text();
  EXPECT_EQ(f.t.ep.grade(), Grade::lenient);
}

TEST_P(Messages, utf8_invalid_fail_never_failing_violates) {
  FailFast f(role());
  f.part(1);
  f.part(2);
  f.part(3);
  f.t.finish();
  EXPECT_TRUE(f.t.found(rule::utf8_invalid_fail, Grade::violation)) << f.t.findings_text();
}

TEST_P(Messages, invalid_validate_failing_only_after_later_input_violates) {
  FailFast f(role());
  f.part(1);
  f.part(2);
  f.part(3);
  f.t.peer(opcode::ping, bytes("later"));
  f.t.sends_close(1007).closes_tcp();
  EXPECT_TRUE(f.t.found(rule::invalid_validate, Grade::violation)) << f.t.findings_text();
}

// Failing on part 1 (a valid prefix) is failing on valid input.
TEST_P(Messages, fragment_receive_any_split_failing_on_a_valid_prefix_violates) {
  FailFast f(role());
  f.part(1);
  f.t.sends_close(1007);
  EXPECT_TRUE(f.t.found(rule::fragment_receive_any_split, Grade::violation)) << f.t.findings_text();
}

TEST_P(Messages, close_code_1007_invalid_data_is_the_code_for_invalid_utf8) {
  Trace t(role());
  t.peer(opcode::text, hex("cebae1bdb9cf83cebcceb5eda080656469746564"));
  ASSERT_TRUE(t.ep.fail_cause());
  EXPECT_EQ(t.ep.fail_cause()->codes, std::vector<std::uint16_t>{1007});
  EXPECT_EQ(t.ep.fail_cause()->detected_at, (role() == Role::server ? 6u : 2u) + 12u);
  EXPECT_TRUE(t.allows(Grade::strict, rule::close_code_1007_invalid_data));
}

TEST_P(Messages, utf8_split_across_frames_one_octet_frames_are_valid) {
  Trace t(role());
  for (std::size_t i = 0; i < kKosme.size(); ++i)
    t.peer(i == 0 ? opcode::text : opcode::continuation, Bytes{kKosme[i]}, not_final());
  t.peer(opcode::continuation, {}, FrameOpts{});
  EXPECT_FALSE(t.ep.fail_cause().has_value());
  t.delivers(opcode::text, kKosme).finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Messages, utf8_invalid_fail_truncated_sequence_at_message_end) {
  Trace t(role());
  t.peer(opcode::text, hex("cebae1bd"));
  ASSERT_TRUE(t.ep.fail_cause());
  EXPECT_EQ(t.ep.fail_cause()->rules.front(), rule::utf8_invalid_fail);
}

TEST_P(Messages, text_utf8_violated_by_endpoint_sending_invalid_text) {
  Trace t(role());
  t.sends(opcode::text, hex("cebae1bd"), not_final()).sends(opcode::continuation, hex("eda080"));
  EXPECT_TRUE(t.found(rule::text_utf8, Grade::violation));
  Trace ok(role());
  ok.sends(opcode::text, hex("cebae1"), not_final()).sends(opcode::continuation, hex("bdb9"));
  EXPECT_FALSE(ok.found(rule::text_utf8));
}

// ---- reassembly and delivery (§5.4, §6.2)

TEST_P(Messages, receive_message_assembly_type_and_data_of_a_fragmented_message) {
  Trace t(role());
  t.peer(opcode::binary, bytes("frag"), not_final()).peer(opcode::continuation, bytes("ment"));
  t.delivers(opcode::binary, bytes("fragment")).finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  Trace wrong(role());
  wrong.peer(opcode::binary, bytes("x")).delivers(opcode::text, bytes("x"));
  EXPECT_TRUE(wrong.found(rule::receive_message_assembly, Grade::violation));
}

TEST_P(Messages, fragment_order_delivering_fragments_out_of_order_violates) {
  Trace t(role());
  t.peer(opcode::text, bytes("fragment1"), not_final()).peer(opcode::continuation, bytes("fragment2"));
  t.delivers(opcode::text, bytes("fragment2fragment1"));
  EXPECT_TRUE(t.found(rule::fragment_order, Grade::violation)) << t.findings_text();
}

TEST(Unmasking, receive_server_unmasks_delivering_masked_data_violates) {
  Trace t(Role::server);
  t.peer(opcode::binary, bytes("Hello"));
  Bytes masked = bytes("Hello");
  apply_mask(masked, MaskKey{0x37, 0xfa, 0x21, 0x3d});
  t.delivers(opcode::binary, masked);
  EXPECT_TRUE(t.found(rule::receive_server_unmasks, Grade::violation)) << t.findings_text();
}

TEST_P(Messages, receive_new_message_after_fin_two_whole_messages_in_a_row) {
  Trace t(role());
  t.peer(opcode::text, bytes("one")).peer(opcode::text, bytes("two"));
  EXPECT_FALSE(t.ep.fail_cause().has_value());
  t.delivers(opcode::text, bytes("one")).delivers(opcode::text, bytes("two")).finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Messages, fragment_any_size_zero_length_fragments_are_a_message) {
  Trace t(role());
  t.peer(opcode::text, {}, not_final()).peer(opcode::continuation, {}, not_final());
  t.peer(opcode::continuation, {});
  t.delivers(opcode::text, {}).finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Messages, fragment_control_interleaved_ping_inside_a_message_is_answered) {
  Trace t(role());
  t.peer(opcode::text, bytes("fragment1"), not_final()).peer(opcode::ping, bytes("ping payload"));
  EXPECT_FALSE(t.ep.fail_cause().has_value());
  t.sends(opcode::pong, bytes("ping payload")).peer(opcode::continuation, bytes("fragment2"));
  t.delivers(opcode::text, bytes("fragment1fragment2")).finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Messages, invalid_data_after_close_message_after_peer_close_is_not_delivered) {
  Trace t(role());
  t.peer_close(1000).peer(opcode::text, bytes("after close"));
  EXPECT_FALSE(t.ep.fail_cause().has_value());
  t.delivers(opcode::text, bytes("after close"));
  EXPECT_TRUE(t.found(rule::invalid_data_after_close, Grade::violation));
}

TEST_P(Messages, invalid_validate_delivering_a_message_never_completed_violates) {
  Trace t(role());
  t.peer(opcode::text, bytes("half"), not_final()).delivers(opcode::text, bytes("half"));
  EXPECT_TRUE(t.found(rule::invalid_validate, Grade::violation));
}

// Found by fuzz_differential_server against impl/ with RSV left unchecked on continuations:
// the finding names the rule the message's frames broke, not an unfinished message.
TEST_P(Messages, invalid_validate_delivering_a_message_with_a_bad_frame_names_the_rule_it_broke) {
  Trace t(role());
  t.peer(opcode::text, bytes("half"), not_final());
  t.peer(opcode::continuation, bytes("-bad"), with_rsv(4)).delivers(opcode::text, bytes("half-bad"));
  EXPECT_TRUE(t.found(rule::invalid_validate, Grade::violation)) << t.findings_text();
  EXPECT_NE(t.findings_text().find("had to fail on (frame.rsv.fail)"), std::string::npos) << t.findings_text();
}

TEST_P(Messages, send_open_state_message_after_connection_closed_violates) {
  Trace t(role());
  t.peer_eof().sends(opcode::text, bytes("too late"));
  EXPECT_TRUE(t.found(rule::send_open_state, Grade::violation));
}

TEST_P(Messages, limits_message_too_big_closing_with_1009_is_informational) {
  Trace t(role());
  t.peer(opcode::binary, Bytes(70000, 0xFE)).sends_close(1009);
  EXPECT_TRUE(t.found(rule::limits_message_too_big, Grade::informational));
  EXPECT_EQ(t.ep.grade(), Grade::informational);
}

// ---- Ping and Pong (§5.5.2, §5.5.3)

TEST_P(Messages, ping_reply_unanswered_ping_violates_answered_is_strict) {
  Trace silent(role());
  silent.peer(opcode::ping, bytes("Hello, world!")).finish();
  EXPECT_TRUE(silent.found(rule::ping_reply, Grade::violation));
  Trace answers(role());
  answers.peer(opcode::ping, bytes("Hello, world!"));
  EXPECT_TRUE(answers.allows(Grade::strict, rule::ping_reply));
  answers.sends(opcode::pong, bytes("Hello, world!")).finish();
  EXPECT_EQ(answers.ep.grade(), Grade::strict) << answers.findings_text();
}

TEST_P(Messages, ping_reply_not_owed_for_a_ping_after_the_peers_close) {
  Trace t(role());
  t.peer_close(1000).peer(opcode::ping, bytes("p")).sends_close(1000);
  if (role() == Role::server) t.closes_tcp(); else t.peer_eof();
  t.finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Messages, ping_reply_promptly_message_before_an_owed_pong_is_lenient) {
  Trace t(role());
  t.peer(opcode::ping, bytes("p")).sends(opcode::text, bytes("first")).sends(opcode::pong, bytes("p"));
  EXPECT_TRUE(t.found(rule::ping_reply_promptly, Grade::lenient));
}

TEST_P(Messages, pong_payload_echo_pong_with_other_data_does_not_answer) {
  Trace t(role());
  t.peer(opcode::ping, bytes("abc")).sends(opcode::pong, bytes("xyz")).finish();
  EXPECT_TRUE(t.found(rule::pong_payload_echo, Grade::violation)) << t.findings_text();
}

TEST_P(Messages, pong_latest_only_one_pong_for_the_last_of_ten_pings_answers_all) {
  Trace t(role());
  for (int i = 0; i < 10; ++i) t.peer(opcode::ping, bytes("payload-" + std::to_string(i)));
  t.sends(opcode::pong, bytes("payload-9")).finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Messages, pong_unsolicited_sent_or_received_is_fine) {
  Trace t(role());
  t.peer(opcode::pong, bytes("unsolicited pong payload")).sends(opcode::pong, bytes("heartbeat"));
  EXPECT_EQ(t.ep.allowed().front().steps.front().kind, Step::Kind::keep_going);
  t.finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Messages, ping_may_send_while_open_and_closing) {
  Trace t(role());
  t.sends(opcode::ping, bytes("1")).peer_close(1000).sends(opcode::ping, bytes("2"));
  EXPECT_TRUE(t.ep.findings().empty()) << t.findings_text();
}

// §5.6 / §8.1: a text frame may end inside a sequence, but octets no continuation can make
// valid (f4 90 80 80 is past U+10FFFF) already make the message invalid, even if it never ends
// (Autobahn 6.4.1 / 6.4.2 echoed fragment by fragment).
TEST_P(Messages, text_utf8_violated_by_a_fragment_no_continuation_can_make_valid) {
  Trace t(role());
  t.sends(opcode::text, kKosme, not_final());
  EXPECT_FALSE(t.found(rule::text_utf8));
  t.sends(opcode::continuation, hex("f4908080"), not_final());
  EXPECT_TRUE(t.found(rule::text_utf8, Grade::violation)) << t.findings_text();
  t.sends(opcode::continuation, bytes("edited"));
  std::size_t count = 0;
  for (const auto& f : t.ep.findings()) count += f.rule == rule::text_utf8;
  EXPECT_EQ(count, 1u) << t.findings_text();
  Trace split(role());  // a sequence split across frames is not an error
  split.sends(opcode::text, hex("cebae1"), not_final()).sends(opcode::continuation, hex("bdb9"));
  EXPECT_FALSE(split.found(rule::text_utf8)) << split.findings_text();
}

// §5.5.2 "as soon as practical": a message that began before the Ping may be finished and
// echoed before the Pong (Autobahn 5.6, 5.19 read in one turn); one begun after it is charged.
TEST_P(Messages, ping_reply_promptly_message_begun_before_the_ping_is_not_charged) {
  Trace t(role());
  t.peer(opcode::text, bytes("frag1"), not_final()).peer(opcode::ping, bytes("p")).peer(opcode::continuation, bytes("frag2"));
  t.delivers(opcode::text, bytes("frag1frag2")).sends(opcode::text, bytes("frag1frag2")).sends(opcode::pong, bytes("p"));
  EXPECT_FALSE(t.found(rule::ping_reply_promptly)) << t.findings_text();
}

// §10.4 with a declared limit: a message over it is refused with 1009 at once (strict); with
// 1002 the code is not the appropriate one; taking it anyway does not hold to the limit.
TEST_P(Messages, limits_message_too_big_over_a_declared_limit_1009_strict_1002_lenient_accepting_lenient) {
  Options limit;
  limit.max_message_size = 16;
  Trace refuses(role(), limit);
  refuses.peer(opcode::binary, Bytes(17, 0xFE)).sends_close(1009);
  if (role() == Role::server) refuses.closes_tcp(); else refuses.peer_close(1009).peer_eof();
  refuses.finish();
  EXPECT_EQ(refuses.ep.grade(), Grade::strict) << refuses.findings_text();
  Trace wrong_code(role(), limit);
  wrong_code.peer(opcode::binary, Bytes(17, 0xFE)).sends_close(1002);
  EXPECT_TRUE(wrong_code.found(rule::fail_appropriate_code, Grade::lenient)) << wrong_code.findings_text();
  EXPECT_FALSE(wrong_code.found(rule::fragment_receive_any_split)) << wrong_code.findings_text();
  Trace takes(role(), limit);
  takes.peer(opcode::binary, Bytes(17, 0xFE)).delivers(opcode::binary, Bytes(17, 0xFE)).finish();
  EXPECT_TRUE(takes.found(rule::limits_message_too_big, Grade::lenient)) << takes.findings_text();
  Trace at_limit(role(), limit);  // exactly the limit, across two fragments: nothing owed
  at_limit.peer(opcode::binary, Bytes(10, 1), testing::not_final()).peer(opcode::continuation, Bytes(6, 1));
  at_limit.delivers(opcode::binary, Bytes(16, 1)).finish();
  EXPECT_EQ(at_limit.ep.grade(), Grade::strict) << at_limit.findings_text();
  Trace over_in_fragments(role(), limit);
  over_in_fragments.peer(opcode::binary, Bytes(10, 1), testing::not_final()).peer(opcode::continuation, Bytes(7, 1));
  ASSERT_TRUE(over_in_fragments.ep.fail_cause());
  EXPECT_EQ(over_in_fragments.ep.fail_cause()->rules.front(), rule::limits_message_too_big);
}

}  // namespace
}  // namespace wsconform::model
