// impl/ framing (§5): the RFC §5.7 examples, masking by role, reserved bits and opcodes,
// length encodings, fragmentation and control frames - each for the role it concerns, in
// client/server pairs, and every input also fed one octet at a time.
#include <gtest/gtest.h>

#include "wire.hpp"

namespace wsconform::impl {
namespace {

using namespace testing;

class Framing : public ::testing::TestWithParam<role> {
 protected:
  role side() const { return GetParam(); }
  // Runs whole and octet by octet; both must agree; returns the whole run.
  run_result both_ways(const bytes& input) {
    const run_result whole = run(open_config(side()), input);
    const run_result bytewise = run(open_config(side()), input, 1);
    EXPECT_EQ(whole.events, bytewise.events);
    EXPECT_EQ(frames_written(whole.output), frames_written(bytewise.output));
    EXPECT_EQ(whole.close_tcp, bytewise.close_tcp);
    return whole;
  }
  void expect_fails(const bytes& input, error e, std::uint16_t code) {
    const run_result r = both_ways(input);
    ASSERT_FALSE(r.events.empty());
    EXPECT_EQ(r.events[r.events.size() - 2], "failed " + std::string(name_of(e)) + " " + std::to_string(code));
    const auto frames = frames_written(r.output);
    ASSERT_FALSE(frames.empty());
    EXPECT_EQ(frames.back().substr(0, 10), "close:" + std::to_string(code));
    EXPECT_TRUE(r.close_tcp);
  }
};
INSTANTIATE_TEST_SUITE_P(Roles, Framing, ::testing::Values(role::client, role::server), role_name);

// ---- RFC §5.7 examples

TEST(Rfc57Examples, ClientReceivesUnmaskedTextHello) {
  const run_result r = run(open_config(role::client), hex("810548656c6c6f"));
  EXPECT_EQ(r.events, std::vector<std::string>{"message text Hello"});
}

TEST(Rfc57Examples, ServerReceivesMaskedTextHello) {
  const run_result r = run(open_config(role::server), hex("818537fa213d7f9f4d5158"));
  EXPECT_EQ(r.events, std::vector<std::string>{"message text Hello"});
  EXPECT_EQ(run(open_config(role::server), hex("818537fa213d7f9f4d5158"), 1).events, r.events);
}

TEST(Rfc57Examples, ClientReceivesFragmentedHelAndLo) {
  EXPECT_EQ(run(open_config(role::client), hex("010348656c80026c6f")).events, std::vector<std::string>{"message text Hello"});
  EXPECT_EQ(run(open_config(role::client), hex("010348656c80026c6f"), 1).events, std::vector<std::string>{"message text Hello"});
}

TEST(Rfc57Examples, ClientAnswersUnmaskedPingWithMaskedPong) {
  const run_result r = run(open_config(role::client), hex("890548656c6c6f"));
  EXPECT_EQ(r.events, std::vector<std::string>{"ping Hello"});
  EXPECT_EQ(frames_written(r.output), std::vector<std::string>{"pong:Hello [masked]"});
}

TEST(Rfc57Examples, ServerAnswersMaskedPingWithUnmaskedPong) {
  const run_result r = run(open_config(role::server), hex("898537fa213d7f9f4d5158"));
  EXPECT_EQ(frames_written(r.output), std::vector<std::string>{"pong:Hello"});
}

TEST(Rfc57Examples, ClientReceives256ByteAnd64KiBBinary) {
  for (std::size_t n : {256u, 65536u}) {
    bytes payload(n, 'z');
    const bytes wire = frame(role::client, 2, payload);
    EXPECT_EQ(wire[1], n == 256 ? 0x7E : 0x7F);
    const run_result r = run(open_config(role::client), wire);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0], "message binary " + std::string(n, 'z'));
  }
}

// ---- §5.1 masking, a mirrored pair

TEST(Masking, ServerFailsOnUnmaskedFrame) {
  const bytes unmasked = frame(role::client, 1, b("hi"));  // written as to a client: no mask
  const run_result r = run(open_config(role::server), unmasked);
  EXPECT_EQ(r.events.front(), "failed no_mask 1002");
  EXPECT_EQ(frames_written(r.output).front(), "close:1002");
}

TEST(Masking, ClientFailsOnMaskedFrame) {
  const bytes masked = frame(role::server, 1, b("hi"));
  const run_result r = run(open_config(role::client), masked);
  EXPECT_EQ(r.events.front(), "failed bad_mask 1002");
  EXPECT_EQ(frames_written(r.output).front(), "close:1002 [masked]");
}

TEST(Masking, ClientMasksEveryFrameWithAFreshKey) {
  connection c(open_config(role::client));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.send_text("abc"), error::none);
  const bytes out = c.take_output();
  std::vector<mask_key> keys;
  for (std::size_t at = 0; at < out.size();) {
    frame_header h;
    ASSERT_EQ(parse_frame_header(out.data() + at, out.size() - at, h).st, header_parse::complete);
    EXPECT_TRUE(h.masked);
    keys.push_back(h.key);
    at += h.size + h.length;
  }
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_NE(keys[0], keys[1]);
  EXPECT_NE(keys[1], keys[2]);
}

TEST(Masking, ServerNeverMasks) {
  connection c(open_config(role::server));
  ASSERT_EQ(c.send_binary(b("abc")), error::none);
  EXPECT_EQ(frames_written(c.take_output()), std::vector<std::string>{"binary:abc"});
}

// ---- §5.2 header fields

TEST_P(Framing, FailsOnEveryRsvBitWithoutExtension) {
  for (std::uint8_t rsv = 1; rsv < 8; ++rsv) expect_fails(frame(side(), 2, b("x"), true, rsv), error::bad_rsv, 1002);
}

TEST_P(Framing, AcceptsRsvBitAnExtensionDefines) {
  config c = open_config(side());
  c.negotiated_rsv = 4;
  EXPECT_EQ(run(c, frame(side(), 2, b("x"), true, 4)).events, std::vector<std::string>{"message binary x"});
}

TEST_P(Framing, FailsOnEveryReservedOpcode) {
  for (std::uint8_t op : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) expect_fails(frame(side(), op, b("x")), error::bad_opcode, 1002);
}

TEST_P(Framing, FailsOnNonMinimalSixteenBitLength) {
  // 5 octets announced with the 16-bit form: 0x82 0x7E 0x00 0x05
  bytes wire = {0x82, static_cast<std::uint8_t>((side() == role::server ? 0x80 : 0) | 126), 0x00, 0x05};
  if (side() == role::server) wire.insert(wire.end(), {0, 0, 0, 0});
  wire.insert(wire.end(), {1, 2, 3, 4, 5});
  expect_fails(wire, error::bad_length_encoding, 1002);
}

TEST_P(Framing, FailsOnNonMinimalSixtyFourBitLength) {
  bytes wire = {0x82, static_cast<std::uint8_t>((side() == role::server ? 0x80 : 0) | 127), 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (side() == role::server) wire.insert(wire.end(), {0, 0, 0, 0});
  expect_fails(wire, error::bad_length_encoding, 1002);
}

TEST_P(Framing, FailsOnSixtyFourBitLengthWithMostSignificantBit) {
  bytes wire = {0x82, static_cast<std::uint8_t>((side() == role::server ? 0x80 : 0) | 127), 0x80, 0, 0, 0, 0, 0, 0, 0};
  if (side() == role::server) wire.insert(wire.end(), {0, 0, 0, 0});
  expect_fails(wire, error::bad_length_msb, 1002);
}

// Found by fuzz_differential_client: a header bad from its first octets whose masking key
// never arrives must still fail the connection (impl used to wait for the whole header).
TEST_P(Framing, FailsOnABadHeaderBeforeItsMaskingKeyArrives) {
  const bytes header_start = {0xF1, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0};  // RSV 7, 64-bit length with MSB set
  const run_result r = run(open_config(side()), header_start);
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front().substr(0, 7), "failed ");
  EXPECT_TRUE(r.close_tcp);
  const run_result two = run(open_config(side()), bytes{0x83, static_cast<std::uint8_t>(side() == role::server ? 0x85 : 0x05)});
  EXPECT_EQ(two.events.front(), "failed bad_opcode 1002");  // two octets are enough
}

// ---- §5.4 fragmentation

TEST_P(Framing, ReassemblesFragmentsWithPingInBetweenAndPongsFirst) {
  const bytes wire = cat({frame(side(), 1, b("fragment1"), false), frame(side(), 9, b("ping payload")),
                          frame(side(), 0, b("fragment2"))});
  const run_result r = both_ways(wire);
  EXPECT_EQ(r.events, (std::vector<std::string>{"ping ping payload", "message text fragment1fragment2"}));
  const auto frames = frames_written(r.output);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].substr(0, 17), "pong:ping payload");
}

TEST_P(Framing, AcceptsZeroLengthFragments) {
  const bytes wire = cat({frame(side(), 1, {}, false), frame(side(), 0, {}, false), frame(side(), 0, {})});
  EXPECT_EQ(both_ways(wire).events, std::vector<std::string>{"message text "});
}

TEST_P(Framing, FailsOnContinuationWithoutStart) {
  expect_fails(frame(side(), 0, b("non-continuation payload")), error::bad_continuation, 1002);
  expect_fails(frame(side(), 0, b("x"), false), error::bad_continuation, 1002);
}

TEST_P(Framing, FailsOnNewDataFrameInsideFragmentedMessage) {
  expect_fails(cat({frame(side(), 1, b("fragment1"), false), frame(side(), 1, b("fragment2"))}), error::bad_data_frame, 1002);
}

TEST_P(Framing, DeliversMessagesCompletedBeforeAFault) {
  const run_result r = both_ways(cat({frame(side(), 1, b("Hello, world!")), frame(side(), 1, b("again"), true, 2),
                                      frame(side(), 9, b("ping"))}));
  EXPECT_EQ(r.events.front(), "message text Hello, world!");
  for (const auto& f : frames_written(r.output)) EXPECT_EQ(f.find("pong"), std::string::npos) << "answered a ping after failing";
}

// ---- §5.5 control frames

TEST_P(Framing, FailsOnFragmentedControlFrames) {
  for (std::uint8_t op : {8, 9, 10}) expect_fails(frame(side(), op, b("fragment1"), false), error::bad_control_fragmented, 1002);
}

TEST_P(Framing, FailsOnPingOf126ButAnswersPingOf125) {
  expect_fails(frame(side(), 9, bytes(126, 0xFE)), error::bad_control_length, 1002);
  const run_result ok = both_ways(frame(side(), 9, bytes(125, 0xFE)));
  EXPECT_EQ(frames_written(ok.output).size(), 1u);
}

TEST_P(Framing, AnswersTenPingsInOrder) {
  bytes wire;
  for (int i = 0; i < 10; ++i) {
    const bytes f = frame(side(), 9, b("payload-" + std::to_string(i)));
    wire.insert(wire.end(), f.begin(), f.end());
  }
  const auto frames = frames_written(both_ways(wire).output);
  ASSERT_EQ(frames.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(frames[i].substr(0, 14), "pong:payload-" + std::to_string(i));
}

TEST_P(Framing, IgnoresUnsolicitedPong) {
  const run_result r = both_ways(frame(side(), 10, b("unsolicited pong payload")));
  EXPECT_EQ(r.events, std::vector<std::string>{"pong unsolicited pong payload"});
  EXPECT_TRUE(r.output.empty());
}

// ---- sending

TEST_P(Framing, SendsFragmentedMessages) {
  connection c(open_config(side()));
  ASSERT_EQ(c.send_text("abcdefg", 3), error::none);
  const auto frames = frames_written(c.take_output());
  const std::string m = side() == role::client ? " [masked]" : "";
  EXPECT_EQ(frames, (std::vector<std::string>{"text:abc (more)" + m, "cont:def (more)" + m, "cont:g" + m}));
}

TEST_P(Framing, RefusesToSendInvalidTextOrLongControlFrames) {
  connection c(open_config(side()));
  EXPECT_EQ(c.send_text(std::string_view("\xed\xa0\x80")), error::bad_utf8);
  EXPECT_EQ(c.send_ping(bytes(126, 1)), error::bad_control_length);
  EXPECT_TRUE(c.take_output().empty());
}

TEST_P(Framing, InPlaceReceiveGivesTheSameMessagesAsCopyingReceive) {
  bytes wire = cat({frame(side(), 1, b("one")), frame(side(), 2, bytes(300, 7)), frame(side(), 1, b("t"), false),
                    frame(side(), 0, b("wo"))});
  const run_result copying = run(open_config(side()), wire);
  connection c(open_config(side()));
  c.receive_data_in_place(wire);
  std::vector<std::string> got;
  for (const auto& e : c.events()) got.push_back(describe_event(e));
  EXPECT_EQ(got, copying.events);
}

}  // namespace
}  // namespace wsconform::impl
