// The endpoint model on framing (§5.1-§5.5): what the peer's bad frames oblige the endpoint
// to do, and what the endpoint's own frames may not be. Most tests run for both roles.
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

class Framing : public ::testing::TestWithParam<Role> {
 protected:
  Role role() const { return GetParam(); }
};
INSTANTIATE_TEST_SUITE_P(BothRoles, Framing, ::testing::Values(Role::server, Role::client), testing::role_name);

// A cause the endpoint satisfies by Close 1002 + TCP close, and breaks by carrying on.
void expect_must_fail(Role role, const Bytes& octets, RuleId rule) {
  {
    Trace t(role);
    t.peer_raw(octets);
    ASSERT_TRUE(t.ep.fail_cause().has_value()) << rule.value;
    EXPECT_TRUE(t.allows(Grade::strict, rule)) << rule.value;
    t.sends_close(1002).closes_tcp().finish();
    EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  }
  {
    Trace t(role);
    t.peer_raw(octets).finish();
    EXPECT_TRUE(t.found(rule, Grade::violation)) << t.findings_text();
  }
}

TEST(Masking, mask_server_fails_unmasked_frame_from_client) {
  Trace t(Role::server);
  expect_must_fail(Role::server, t.peer_frame(opcode::text, bytes("hi"), masked(false)),
                   rule::mask_server_fails_unmasked);
}

TEST(Masking, mask_client_fails_masked_frame_from_server) {
  Trace t(Role::client);
  expect_must_fail(Role::client, t.peer_frame(opcode::text, bytes("hi"), masked(true)),
                   rule::mask_client_fails_masked);
}

TEST(Masking, mask_fail_code_1002_is_the_allowed_code_for_masking_errors) {
  Trace t(Role::server);
  t.peer(opcode::text, bytes("hi"), masked(false));
  EXPECT_TRUE(t.allows(Grade::strict, rule::mask_fail_code_1002));
  EXPECT_EQ(t.ep.fail_cause()->codes, std::vector<std::uint16_t>{1002});
}

TEST(Masking, mask_client_sends_masked_violated_by_unmasked_client_frame) {
  Trace t(Role::client);
  t.sends(opcode::text, bytes("hi"), masked(false));
  EXPECT_TRUE(t.found(rule::mask_client_sends_masked, Grade::violation));
}

TEST(Masking, mask_server_sends_unmasked_violated_by_masked_server_frame) {
  Trace t(Role::server);
  t.sends(opcode::text, bytes("hi"), masked(true));
  EXPECT_TRUE(t.found(rule::mask_server_sends_unmasked, Grade::violation));
}

TEST(Masking, mask_key_fresh_repeated_key_is_a_violation_distinct_keys_are_not) {
  Trace fresh(Role::client);
  fresh.sends(opcode::text, bytes("a")).sends(opcode::text, bytes("b"));
  EXPECT_FALSE(fresh.found(rule::mask_key_fresh));
  Trace stale(Role::client);
  const Bytes f = stale.own_frame(opcode::text, bytes("a"));
  stale.ep.endpoint_sent(f);
  stale.ep.endpoint_sent(f);
  EXPECT_TRUE(stale.found(rule::mask_key_fresh, Grade::violation));
}

TEST_P(Framing, frame_rsv_fail_on_every_rsv_value_without_extension) {
  for (std::uint8_t rsv = 1; rsv < 8; ++rsv) {
    Trace t(role());
    expect_must_fail(role(), t.peer_frame(opcode::binary, bytes("x"), with_rsv(rsv)), rule::frame_rsv_fail);
  }
}

TEST_P(Framing, frame_rsv_fail_not_when_an_extension_defines_the_bit) {
  Trace t(role(), Options{.negotiated_rsv = 4});
  t.peer(opcode::binary, bytes("x"), with_rsv(4));
  EXPECT_FALSE(t.ep.fail_cause().has_value());
}

TEST_P(Framing, frame_rsv_zero_violated_by_endpoint_setting_rsv) {
  Trace t(role());
  t.sends(opcode::binary, bytes("x"), with_rsv(2));
  EXPECT_TRUE(t.found(rule::frame_rsv_zero, Grade::violation));
}

TEST_P(Framing, frame_opcode_reserved_data_opcodes_3_to_7_must_fail) {
  for (int v = 3; v <= 7; ++v) {
    Trace t(role());
    expect_must_fail(role(), t.peer_frame(static_cast<opcode>(v), bytes("p")), rule::frame_opcode_reserved_data);
  }
}

TEST_P(Framing, frame_opcode_reserved_control_opcodes_b_to_f_must_fail) {
  for (int v = 11; v <= 15; ++v) {
    Trace t(role());
    expect_must_fail(role(), t.peer_frame(static_cast<opcode>(v), bytes("p")), rule::frame_opcode_reserved_control);
  }
}

TEST_P(Framing, extension_negotiate_first_violated_by_sending_a_reserved_opcode) {
  Trace t(role());
  t.sends(static_cast<opcode>(5), bytes("p"));
  EXPECT_TRUE(t.found(rule::extension_negotiate_first, Grade::violation));
}

TEST_P(Framing, frame_length_minimal_violated_by_endpoint_non_minimal_length) {
  Trace t(role());
  t.sends(opcode::binary, Bytes(124, 1), length_as(length_form::bits16));
  EXPECT_TRUE(t.found(rule::frame_length_minimal, Grade::violation));
}

TEST_P(Framing, frame_length_non_minimal_received_failing_is_strict_accepting_is_lenient) {
  Trace fails(role());
  fails.peer(opcode::binary, Bytes(5, 1), length_as(length_form::bits64));
  EXPECT_TRUE(fails.allows(Grade::strict, rule::frame_length_non_minimal_received));
  EXPECT_TRUE(fails.allows(Grade::lenient, rule::frame_length_non_minimal_received));
  fails.sends_close(1002).closes_tcp().finish();
  EXPECT_EQ(fails.ep.grade(), Grade::strict) << fails.findings_text();

  Trace accepts(role());
  accepts.peer(opcode::binary, Bytes(5, 1), length_as(length_form::bits16)).finish();
  EXPECT_TRUE(accepts.found(rule::frame_length_non_minimal_received, Grade::lenient)) << accepts.findings_text();
  EXPECT_EQ(accepts.ep.grade(), Grade::lenient);
}

TEST_P(Framing, frame_length_msb_zero_length_of_2_pow_63_must_fail) {
  Bytes wire{0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0};
  if (role() == Role::client) wire[1] = 0x7F;  // a server's frame is unmasked
  else wire.insert(wire.end(), {1, 2, 3, 4});   // a client's has its mask key: the header is whole
  expect_must_fail(role(), wire, rule::frame_length_msb_zero);
  // 1009 says "too big" as rightly as 1002 says "protocol error" (aiohttp answers 1009).
  Trace too_big(role());
  too_big.peer_raw(wire).sends_close(1009).closes_tcp().finish();
  EXPECT_EQ(too_big.ep.grade(), Grade::strict) << too_big.findings_text();
}

TEST_P(Framing, fragment_continuation_without_start_must_fail) {
  Trace t(role());
  expect_must_fail(role(), t.peer_frame(opcode::continuation, bytes("x")), rule::fragment_continuation_without_start);
  Trace t2(role());  // FIN clear, autobahn 5.12
  expect_must_fail(role(), t2.peer_frame(opcode::continuation, bytes("x"), not_final()),
                   rule::fragment_continuation_without_start);
}

TEST_P(Framing, fragment_continuation_without_start_violated_by_endpoint) {
  Trace t(role());
  t.sends(opcode::continuation, bytes("x"));
  EXPECT_TRUE(t.found(rule::fragment_continuation_without_start, Grade::violation));
}

TEST_P(Framing, fragment_interleaved_new_data_frame_inside_a_message_must_fail) {
  Trace t(role());
  Bytes wire = t.peer_frame(opcode::text, bytes("fragment1"), not_final());
  const Bytes second = t.peer_frame(opcode::text, bytes("fragment2"));
  wire.insert(wire.end(), second.begin(), second.end());
  expect_must_fail(role(), wire, rule::fragment_interleaved);
}

TEST_P(Framing, fragment_interleaved_violated_by_endpoint_starting_a_second_message) {
  Trace t(role());
  t.sends(opcode::text, bytes("a"), not_final()).sends(opcode::binary, bytes("b"));
  EXPECT_TRUE(t.found(rule::fragment_interleaved, Grade::violation));
}

TEST_P(Framing, control_no_fragment_ping_or_pong_with_fin_clear_must_fail) {
  for (auto op : {opcode::ping, opcode::pong, opcode::close}) {
    Trace t(role());
    expect_must_fail(role(), t.peer_frame(op, bytes("fragment1"), not_final()), rule::control_no_fragment);
  }
}

TEST_P(Framing, control_payload_max_ping_of_126_must_fail_125_is_answered) {
  Trace t(role());
  expect_must_fail(role(), t.peer_frame(opcode::ping, Bytes(126, 0xFE)), rule::control_payload_max);
  Trace ok(role());
  ok.peer(opcode::ping, Bytes(125, 0xFE)).sends(opcode::pong, Bytes(125, 0xFE)).finish();
  EXPECT_EQ(ok.ep.grade(), Grade::strict) << ok.findings_text();
}

TEST_P(Framing, control_payload_max_violated_by_endpoint_sending_a_long_ping) {
  Trace t(role());
  t.sends(opcode::ping, Bytes(126, 1));
  EXPECT_TRUE(t.found(rule::control_payload_max, Grade::violation));
}

TEST_P(Framing, control_no_fragment_violated_by_endpoint) {
  Trace t(role());
  t.sends(opcode::ping, bytes("x"), not_final());
  EXPECT_TRUE(t.found(rule::control_no_fragment, Grade::violation));
}

// A header is bad as soon as its first two octets say so: failing then, before the masking key
// arrives, is strict; so is waiting for the whole header (most libraries read headers whole),
// and once the header is whole, never failing is a violation.
TEST_P(Framing, frame_rsv_fail_judged_from_a_partial_header_and_owed_once_the_frame_is_whole) {
  const Bytes partial = {0xC2, static_cast<std::uint8_t>(role() == Role::server ? 0x85 : 0x05)};  // RSV1, binary, 5 octets
  Trace fails(role());
  fails.peer_raw(partial);
  ASSERT_TRUE(fails.ep.fail_cause());
  EXPECT_EQ(fails.ep.fail_cause()->rules.front(), rule::frame_rsv_fail);
  fails.sends_close(1002).closes_tcp().finish();
  EXPECT_EQ(fails.ep.grade(), Grade::strict) << fails.findings_text();
  Trace waiting(role());  // only the first octet has come: reading on is strict
  waiting.peer_raw({0xC2}).finish();
  EXPECT_EQ(waiting.ep.grade(), Grade::strict) << waiting.findings_text();
  // The header is whole (with the server's masking key) but the payload never comes: failing at
  // once was strict, and an endpoint that reads the frame whole before acting had nothing to act
  // on yet - lenient, never a violation.
  Trace unfinished(role());
  unfinished.peer_raw(partial);
  if (role() == Role::server) unfinished.peer_raw({1, 2, 3, 4});
  unfinished.finish();
  EXPECT_TRUE(unfinished.found(rule::frame_rsv_fail, Grade::lenient)) << unfinished.findings_text();
  EXPECT_EQ(unfinished.ep.grade(), Grade::lenient) << unfinished.findings_text();
  Trace silent(role());  // the whole frame came: failing is owed
  silent.peer_raw(partial);
  if (role() == Role::server) silent.peer_raw({1, 2, 3, 4});
  silent.peer_raw({'h', 'e', 'l', 'l', 'o'});
  silent.finish();
  EXPECT_TRUE(silent.found(rule::frame_rsv_fail, Grade::violation)) << silent.findings_text();
}

// Every input fed whole and octet by octet leads to the same obligations and grade.
TEST_P(Framing, fragment_receive_any_split_model_decides_the_same_under_any_chunking) {
  Trace build(role());
  std::vector<Bytes> inputs = {
      build.peer_frame(opcode::binary, bytes("x"), with_rsv(1)),
      build.peer_frame(opcode::ping, Bytes(126, 0)),
      build.peer_frame(opcode::text, testing::hex("cebae1bdb9cf83cebcceb5eda080656469746564")),
      build.peer_frame(opcode::close, testing::close_body(1004)),
      build.peer_frame(opcode::ping, bytes("hello")),
  };
  for (const auto& in : inputs) {
    Endpoint whole(role());
    whole.peer_sent(in);
    Endpoint bytewise(role());
    for (std::size_t i = 0; i < in.size(); ++i) bytewise.peer_sent(std::span(in).subspan(i, 1));
    ASSERT_EQ(whole.fail_cause().has_value(), bytewise.fail_cause().has_value());
    if (whole.fail_cause()) {
      EXPECT_EQ(whole.fail_cause()->rules, bytewise.fail_cause()->rules);
      EXPECT_EQ(whole.fail_cause()->detected_at, bytewise.fail_cause()->detected_at);
    }
    EXPECT_EQ(whole.allowed().size(), bytewise.allowed().size());
    whole.finish();
    bytewise.finish();
    EXPECT_EQ(whole.grade(), bytewise.grade());
  }
}

// §5.2 / §5.4: RSV bits, a reserved opcode, FIN on a control frame and a continuation with no
// message open are all in the frame's first octet. A peer that fails the connection right after
// that octet (libwebsockets and faye do) acted on invalid input, not on valid input.
TEST_P(Framing, frame_rsv_fail_decided_from_the_first_octet_alone) {
  for (std::uint8_t first : {0xC1, 0xA1, 0x91}) {  // RSV1, RSV2, RSV3 on a text frame
    Trace t(role());
    t.peer_raw({first});
    ASSERT_TRUE(t.ep.fail_cause()) << int(first);
    EXPECT_EQ(t.ep.fail_cause()->rules.front(), rule::frame_rsv_fail);
    t.sends_close(1002).closes_tcp().finish();
    EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  }
}

TEST_P(Framing, frame_opcode_reserved_data_decided_from_the_first_octet_alone) {
  Trace t(role());
  t.peer_raw({0x87}).closes_tcp().finish();  // FIN, opcode 7: fail by dropping TCP at once
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  EXPECT_FALSE(t.found(rule::closing_start_with_close_frame));
  Trace control(role());
  control.peer_raw({0x8B}).sends_close(1002).closes_tcp().finish();
  EXPECT_EQ(control.ep.grade(), Grade::strict) << control.findings_text();
}

TEST_P(Framing, fragment_continuation_without_start_decided_from_the_first_octet_alone) {
  Trace t(role());
  t.peer_raw({0x80}).sends_close(1002).closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
  EXPECT_FALSE(t.found(rule::fragment_receive_any_split));
}

TEST_P(Framing, control_no_fragment_decided_from_the_first_octet_alone) {
  Trace t(role());
  t.peer_raw({0x09}).sends_close(1002).closes_tcp().finish();  // Ping with FIN clear
  EXPECT_EQ(t.ep.grade(), Grade::strict) << t.findings_text();
}

// The first octet of a valid frame gives no cause, so failing on it is still failing on valid
// input; and the MASK bit, not yet seen, is not judged.
TEST_P(Framing, fragment_receive_any_split_first_octet_of_a_valid_frame_gives_no_cause) {
  Trace t(role());
  t.peer_raw({0x81});
  EXPECT_FALSE(t.ep.fail_cause().has_value());
  t.sends_close(1002);
  EXPECT_TRUE(t.found(rule::fragment_receive_any_split, Grade::violation)) << t.findings_text();
}

// A Close the endpoint starts on its own while the only cause is the first octet of a header
// it has not read whole (the differential fuzzers' finding b007962e): its own decision, not a
// failure with the wrong code; after it nothing more is owed for that input.
TEST_P(Framing, frame_rsv_fail_provisional_cause_ends_with_the_endpoints_own_close) {
  Trace t(role());
  t.peer_raw({0xDD}).sends_close(1000);
  EXPECT_FALSE(t.found(rule::frame_rsv_fail)) << t.findings_text();
  t.peer_raw(role() == Role::server ? Bytes{0x87, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0} : Bytes{0x07, 0, 0, 0, 0, 0, 0, 0});
  t.peer_close(1000).closes_tcp().finish();
  EXPECT_FALSE(t.found(rule::frame_rsv_fail)) << t.findings_text();
}

}  // namespace
}  // namespace wsconform::model

namespace wsconform::model {
namespace {
// A Close 1000 of the endpoint's own while the frame whose header broke §5.2 is still arriving:
// an endpoint that reads frames whole has not seen it - lenient; once the frame is whole, 1000
// means the error went undetected - a violation.
TEST(FramingWholeFrames, frame_rsv_fail_normal_close_while_the_bad_frame_is_still_arriving_is_lenient) {
  Trace t(Role::client);
  t.peer_raw({0xC2, 0x05}).sends_close(1000);
  EXPECT_TRUE(t.found(rule::frame_rsv_fail, Grade::lenient)) << t.findings_text();
  EXPECT_FALSE(t.found(rule::frame_rsv_fail, Grade::violation)) << t.findings_text();
  Trace whole(Role::client);
  whole.peer_raw({0xC2, 0x01, 'x'}).sends_close(1000);
  EXPECT_TRUE(whole.found(rule::frame_rsv_fail, Grade::violation)) << whole.findings_text();
}
}  // namespace
}  // namespace wsconform::model

namespace wsconform::model {
namespace {
// A message in a frame whose length is not in its minimal form may be accepted (§5.2, §10.7):
// delivering it is taking that latitude, noted at once - also when the peer then closes TCP and
// the endpoint closes after it (which is no failure of the frame).
TEST(FramingLatitude, frame_length_non_minimal_received_delivery_notes_the_latitude_before_any_tcp_close) {
  Trace t(Role::server);
  t.peer(opcode::text, bytes("hi"), length_as(length_form::bits16)).delivers(opcode::text, bytes("hi"));
  EXPECT_TRUE(t.found(rule::frame_length_non_minimal_received, Grade::lenient)) << t.findings_text();
  t.peer_eof().closes_tcp().finish();
  EXPECT_EQ(t.ep.grade(), Grade::lenient) << t.findings_text();
}
}  // namespace
}  // namespace wsconform::model

namespace wsconform::model {
namespace {
// A 64-bit length with its most significant bit set (§5.2) in a header whose mask key never
// comes: failing at the length is strict; an endpoint that reads the header whole never had it
// whole when the stream ended - lenient. With the mask key there, not failing is a violation.
TEST(FramingWholeFrames, frame_length_msb_zero_header_never_whole_when_the_stream_ends_is_lenient) {
  const Bytes header = {0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1};
  Trace cut(Role::server);
  cut.peer_raw(header).peer_eof().finish();  // over a network its close after ours is not seen
  EXPECT_TRUE(cut.found(rule::frame_length_msb_zero, Grade::lenient)) << cut.findings_text();
  EXPECT_NE(cut.ep.grade(), Grade::violation) << cut.findings_text();
  Trace whole(Role::server);
  Bytes with_key = header;
  with_key.insert(with_key.end(), {1, 2, 3, 4});
  whole.peer_raw(with_key).finish();
  EXPECT_TRUE(whole.found(rule::frame_length_msb_zero, Grade::violation)) << whole.findings_text();
}
}  // namespace
}  // namespace wsconform::model

namespace wsconform::model {
namespace {
// §10.4 with no declared limit: a frame claiming more than 2 GiB may be refused (1009, or a
// TCP drop, as Autobahn|Python does past its 32 MiB) or read on - both strict; refusing a frame
// of ordinary size stays a failure without cause.
TEST(FramingLimits, limits_message_too_big_undeclared_limit_a_frame_past_2_gib_may_be_refused) {
  const Bytes huge = {0x82, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4};  // 2^32 octets claimed
  Trace drop(Role::server);
  drop.peer_raw(huge).closes_tcp().finish();
  EXPECT_EQ(drop.ep.grade(), Grade::strict) << drop.findings_text();
  Trace refuse(Role::server);
  refuse.peer_raw(huge).sends_close(1009).closes_tcp().finish();
  EXPECT_EQ(refuse.ep.grade(), Grade::strict) << refuse.findings_text();
  Trace ordinary(Role::server);
  ordinary.peer_raw({0x82, 0xFE, 0x10, 0x00, 1, 2, 3, 4}).closes_tcp().finish();
  EXPECT_TRUE(ordinary.found(rule::closing_start_with_close_frame, Grade::violation)) << ordinary.findings_text();
}
}  // namespace
}  // namespace wsconform::model

namespace wsconform::model {
namespace {
// invalid.validate (§10.7): a 64-bit length with its most significant bit set (§5.2), its header
// cut before the mask key. An endpoint that reads a header whole before judging it (Boost.Beast)
// fails in the read that completes the header, which may bring octets past it too: in time. A
// failure only in a later read acts on data past the header: too late.
TEST(FramingWholeFrames, invalid_validate_failing_in_the_read_that_completes_a_stopped_header_is_in_time) {
  const Bytes start = {0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1};  // the key's first octet only
  const Bytes rest = {2, 3, 4, 'x', 'y', 'z'};
  Trace t(Role::server);
  t.peer_raw(start).peer_raw(rest).sends_close(1002);
  EXPECT_FALSE(t.found(rule::invalid_validate, Grade::violation)) << t.findings_text();
  Trace late(Role::server);
  late.peer_raw(start).peer_raw(rest).peer_raw({'w'}).sends_close(1002);
  EXPECT_TRUE(late.found(rule::invalid_validate, Grade::violation)) << late.findings_text();
}
}  // namespace
}  // namespace wsconform::model
