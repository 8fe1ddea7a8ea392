// The endpoint model with permessage-deflate agreed (RFC 7692): compressed messages from the
// peer and what the endpoint owes for them, failing before a message is whole, RSV1 placement,
// and the endpoint's own compressed messages against the agreement.
#include <gtest/gtest.h>

#include "deflate_writer.hpp"
#include "trace.hpp"

namespace wsconform::model {
namespace {

using testing::bytes;
using testing::hex;
using testing::not_final;
using testing::Trace;
using testing::with_rsv;

class Deflate : public ::testing::TestWithParam<Role> {
 protected:
  Role role() const { return GetParam(); }
  Trace trace(PmdAgreement a = {}, std::optional<std::uint64_t> limit = std::nullopt) {
    Options o;
    o.permessage_deflate = a;
    o.max_message_size = limit;
    return Trace(role(), o);
  }
};
INSTANTIATE_TEST_SUITE_P(BothRoles, Deflate, ::testing::Values(Role::server, Role::client), testing::role_name);

const Bytes kHello = hex("f248cdc9c90700");  // RFC 7692 §7.2.3.1

TEST_P(Deflate, pmd_payload_inflate_the_delivered_data_is_the_inflated_message) {
  Trace t = trace();
  t.peer(opcode::text, kHello, with_rsv(4)).delivers(opcode::text, bytes("Hello")).finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  Trace wrong = trace();
  wrong.peer(opcode::text, kHello, with_rsv(4)).delivers(opcode::text, kHello).finish();
  EXPECT_TRUE(wrong.found(rule::receive_message_assembly, Grade::violation)) << wrong.findings_text();
}

TEST_P(Deflate, pmd_rsv1_first_frame_only_a_continuation_with_rsv1_must_be_failed_with_1002) {
  Trace t = trace();
  t.peer(opcode::text, hex("f248cd"), [] { auto o = not_final(); o.rsv = 4; return o; }())
      .peer(opcode::continuation, hex("c9c90700"), with_rsv(4))
      .sends_close(1002)
      .closes_tcp()
      .finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  Trace never = trace();
  never.peer(opcode::text, hex("f248cd"), [] { auto o = not_final(); o.rsv = 4; return o; }())
      .peer(opcode::continuation, hex("c9c90700"), with_rsv(4))
      .finish();
  EXPECT_TRUE(never.found(rule::pmd_rsv1_first_frame_only, Grade::violation)) << never.findings_text();
}

TEST_P(Deflate, pmd_payload_corrupt_failing_with_1002_or_1007_is_strict_carrying_on_is_not) {
  for (std::uint16_t code : {std::uint16_t{1002}, std::uint16_t{1007}}) {
    Trace t = trace();
    t.peer(opcode::binary, hex("ffffff"), with_rsv(4)).sends_close(code).closes_tcp().finish();
    EXPECT_EQ(t.ep.grade(), Grade::strict) << code << " " << t.findings_text();
  }
  Trace on = trace();
  on.peer(opcode::binary, hex("ffffff"), with_rsv(4)).finish();
  EXPECT_TRUE(on.found(rule::pmd_payload_corrupt, Grade::violation)) << on.findings_text();
}

TEST_P(Deflate, pmd_utf8_after_inflate_failing_before_the_message_ends_is_strict) {
  // A stored block of "ok" then C0 (no continuation makes C0 valid), in a first fragment.
  const Bytes first = testing::DeflateWriter().stored(hex("6f6bc0")).octets();
  Trace t = trace();
  t.peer(opcode::text, first, [] { auto o = not_final(); o.rsv = 4; return o; }()).sends_close(1007).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  // Valid so far: failing then is failing on valid input.
  Trace early = trace();
  early.peer(opcode::text, testing::DeflateWriter().stored(bytes("ok")).octets(), [] { auto o = not_final(); o.rsv = 4; return o; }())
      .sends_close(1007)
      .closes_tcp()
      .finish();
  EXPECT_TRUE(early.found(rule::fragment_receive_any_split, Grade::violation)) << early.findings_text();
}

// Found by fuzz_differential_server: compressed text whose first octets already inflate to
// invalid UTF-8, then a frame header with a reserved opcode. An endpoint that inflates as it
// reads fails with 1007 for the text, which came first: strict, not "failed on valid input".
TEST_P(Deflate, pmd_utf8_after_inflate_comes_before_a_later_bad_header) {
  const Bytes first = testing::DeflateWriter().stored(hex("6f6bc0")).octets();
  Trace t = trace();
  t.peer_raw(t.peer_frame(opcode::text, first, [] { auto o = not_final(); o.rsv = 4; return o; }()));
  t.peer_raw(hex("c4"));  // the first octet of a frame with reserved opcode 4
  t.sends_close(1007).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

// A Close from the peer between the fragments of a compressed text message whose first fragment
// already inflates to invalid UTF-8: the endpoint's 1007 fails the connection for the text, which
// came first - strict - and is no reply to the peer's Close with another code (close.reply-code).
TEST_P(Deflate, pmd_utf8_after_inflate_a_peer_close_behind_the_fragment_does_not_make_1007_a_reply) {
  const Bytes first = testing::DeflateWriter().stored(hex("6f6bc0")).octets();
  Trace t = trace();
  t.peer_raw(t.peer_frame(opcode::text, first, [] { auto o = not_final(); o.rsv = 4; return o; }()));
  t.peer(opcode::close, {0x03, 0xe8});
  t.sends_close(1007).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  EXPECT_FALSE(t.found(rule::close_reply_code)) << t.findings_text();
}

// Found by fuzz_differential_server once fail.appropriate-code was strict by design: a compressed
// text message whose data ends inside a block (latitude: a zlib-based reader delivers what came
// before the cut), then a frame with RSV2. Refusing the first message (1007, or 1002) is as right
// as failing for the second (1002): fail.appropriate-code takes either.
TEST_P(Deflate, fail_appropriate_code_a_bad_header_behind_a_message_cut_inside_a_block_takes_either_cause_code) {
  for (const std::uint16_t code : {std::uint16_t{1007}, std::uint16_t{1002}}) {
    Trace t = trace();
    t.peer(opcode::text, hex("0a3f93cfc30524"), with_rsv(4));
    t.peer(opcode::text, bytes("x"), with_rsv(2));
    t.sends_close(code).closes_tcp().finish();
    EXPECT_FALSE(t.found(rule::fail_appropriate_code)) << code << " " << t.findings_text();
  }
}

// Found by fuzz_differential_client's control run: the compressed message open at the peer's
// Close is ended by a continuation after it. What its octets before the Close showed (invalid
// UTF-8) still stands: the endpoint's 1007 fails for them, it is no reply with another code.
TEST_P(Deflate, pmd_utf8_after_inflate_what_the_message_showed_at_the_peers_close_stands) {
  const Bytes first = testing::DeflateWriter().stored(hex("6f6bc0")).octets();
  Trace t = trace();
  Bytes wire = t.peer_frame(opcode::text, first, [] { auto o = not_final(); o.rsv = 4; return o; }());
  const Bytes close = t.peer_frame(opcode::close, {0x2a, 0x2a});  // code 10794
  const Bytes after = t.peer_frame(opcode::continuation, {});
  wire.insert(wire.end(), close.begin(), close.end());
  wire.insert(wire.end(), after.begin(), after.end());
  t.peer_raw(wire).sends_close(1007).closes_tcp().finish();
  EXPECT_FALSE(t.found(rule::close_reply_code)) << t.findings_text();
  EXPECT_NE(t.ep.grade(), Grade::violation) << t.findings_text();
}

// Found by fuzz_differential_server's control run: what follows the peer's Close is no part of
// the compressed message still open (§5.5.1). A Close 1002 answering a Close with a code past
// 4999 is no failure "where 1007 is appropriate" for octets a binary frame brought after it.
TEST(DeflateServer, pmd_utf8_after_inflate_octets_after_the_peers_close_are_not_inflated) {
  Options o;
  o.permessage_deflate = PmdAgreement{};
  Trace t(Role::server, o);
  Bytes wire = t.peer_frame(opcode::text, hex("f248cd"), [] { auto x = not_final(); x.rsv = 4; return x; }());
  const Bytes close = t.peer_frame(opcode::close, hex("c9c90700"));
  wire.insert(wire.end(), close.begin(), close.end());
  const Bytes after = hex("c2b2ecf4fefd21013100005e0008003d00c196");  // a binary frame, RSV1, cut short
  wire.insert(wire.end(), after.begin(), after.end());
  t.peer_raw(wire).sends_close(1002);
  EXPECT_FALSE(t.found(rule::fail_appropriate_code)) << t.findings_text();
  EXPECT_NE(t.ep.grade(), Grade::violation) << t.findings_text();
}

// Found by fuzz_differential_client's control run: a compressed frame longer on the wire than any
// limit, declared (16 MiB) or not, whose first octets do not inflate. §10.4 lets an endpoint limit
// frames as well as messages: 1009 for the frame is as right as 1002/1007 for the corruption.
TEST(DeflateClient, limits_message_too_big_a_compressed_frame_past_the_limit_then_corrupt_data_takes_1009_too) {
  for (const std::optional<std::uint64_t> limit : {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{16u << 20}}) {
    Options o;
    o.permessage_deflate = PmdAgreement{};
    o.max_message_size = limit;
    Trace t(Role::client, o);
    t.peer_raw(hex("c17f62f2488d191919")).peer_raw(hex("191919191919191919191919191919191919191919e3000000"));
    t.sends_close(1009);
    EXPECT_FALSE(t.found(rule::fail_appropriate_code)) << t.findings_text();
    EXPECT_NE(t.ep.grade(), Grade::violation) << t.findings_text();
  }
}

// Found by fuzz_differential_client: the application closes normally (1000) while a compressed
// message whose first octets are already corrupt is arriving. zlib reports such data only once
// more of it comes, so the normal Close is the endpoint's own decision, not an undetected error.
TEST_P(Deflate, pmd_payload_corrupt_a_normal_close_while_the_message_arrives_is_not_charged) {
  Trace t = trace();
  t.peer(opcode::text, hex("ffffff"), [] { auto o = not_final(); o.rsv = 4; return o; }()).sends_close(1000);
  EXPECT_FALSE(t.found(rule::pmd_payload_corrupt, Grade::violation)) << t.findings_text();
}

// Found by fuzz_differential_client: with the peer's no_context_takeover agreed, a message
// whose first octets refer into the previous message; an endpoint inflating each message afresh
// fails on it before the message is whole (zlib: "invalid distance too far back"), strictly.
TEST_P(Deflate, pmd_no_context_takeover_reset_failing_on_the_peers_reference_into_an_earlier_message_is_strict) {
  PmdAgreement reset;
  reset.server_no_context_takeover = reset.client_no_context_takeover = true;
  Trace t = trace(reset);
  t.peer(opcode::text, kHello, with_rsv(4)).delivers(opcode::text, bytes("Hello"));
  const Bytes back = testing::DeflateWriter().fixed_block().match(5, 5).end_of_block().octets();
  t.peer(opcode::text, back, [] { auto o = not_final(); o.rsv = 4; return o; }()).sends_close(1002).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

TEST_P(Deflate, pmd_limit_inflated_size_a_message_over_the_declared_limit_once_inflated_is_refused_with_1009) {
  testing::DeflateWriter w;
  w.fixed_block().literal('a');
  for (int i = 0; i < 40; ++i) w.match(258, 1);  // about 10 KiB from a few dozen octets
  const Bytes bomb = w.end_of_block().payload();
  Trace t = trace({}, 4096);
  t.peer(opcode::binary, bomb, with_rsv(4)).sends_close(1009).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  Trace taken = trace({}, 4096);
  taken.peer(opcode::binary, bomb, with_rsv(4)).finish();
  EXPECT_TRUE(taken.found(rule::pmd_limit_inflated_size, Grade::lenient)) << taken.findings_text();
}

TEST_P(Deflate, pmd_window_sender_bound_the_endpoints_own_reference_beyond_its_window_is_charged) {
  Bytes six_hundred(600);
  for (std::size_t i = 0; i < six_hundred.size(); ++i) six_hundred[i] = static_cast<std::uint8_t>('a' + i % 26);
  const Bytes far = testing::DeflateWriter().fixed_block().literals(six_hundred).match(10, 600).end_of_block().payload();
  PmdAgreement nine;
  nine.server_max_window_bits = nine.client_max_window_bits = 9;
  Trace t = trace(nine);
  t.sends(opcode::binary, far, with_rsv(4)).finish();
  EXPECT_TRUE(t.found(rule::pmd_window_sender_bound, Grade::violation)) << t.findings_text();
  Trace ok = trace();
  ok.sends(opcode::binary, far, with_rsv(4)).finish();
  EXPECT_FALSE(ok.found(rule::pmd_window_sender_bound)) << ok.findings_text();
}

TEST_P(Deflate, pmd_no_context_takeover_reset_the_endpoints_own_reference_into_an_earlier_message_is_charged) {
  PmdAgreement reset;
  reset.server_no_context_takeover = reset.client_no_context_takeover = true;
  Trace t = trace(reset);
  t.sends(opcode::binary, testing::DeflateWriter().fixed_block().literals(bytes("abcdef")).end_of_block().payload(), with_rsv(4))
      .sends(opcode::binary, testing::DeflateWriter().fixed_block().match(6, 6).end_of_block().payload(), with_rsv(4))
      .finish();
  EXPECT_TRUE(t.found(rule::pmd_no_context_takeover_reset, Grade::violation)) << t.findings_text();
}

TEST_P(Deflate, pmd_payload_tail_an_own_message_that_does_not_inflate_is_charged) {
  Trace t = trace();
  t.sends(opcode::binary, hex("f248"), with_rsv(4)).finish();
  EXPECT_TRUE(t.found(rule::pmd_payload_tail, Grade::violation)) << t.findings_text();
}

TEST_P(Deflate, frame_rsv_zero_rsv1_without_permessage_deflate_is_still_a_5_2_failure) {
  Trace t(role());
  t.peer(opcode::text, kHello, with_rsv(4)).finish();
  EXPECT_TRUE(t.found(rule::frame_rsv_fail, Grade::violation)) << t.findings_text();
}

}  // namespace
}  // namespace wsconform::model
