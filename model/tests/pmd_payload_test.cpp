// RFC 7692 §6 and §7.2: the payload transformation, windows and context takeover as the model's
// own inflater reads them, the RFC's examples byte for byte, and the receiver's duties.
#include <gtest/gtest.h>

#include <string>

#include "deflate_writer.hpp"
#include "model/frame.hpp"
#include "model/inflate.hpp"
#include "model/pmd_receive.hpp"
#include "model/rfc_examples.hpp"

namespace wsconform::model {
namespace {

using testing::DeflateWriter;

InflateBytes text_of(std::string_view s) { return InflateBytes(s.begin(), s.end()); }
constexpr std::size_t kNoLimit = std::size_t{1} << 30;

TEST(PmdPayload, pmd_payload_inflate_every_rfc7692_7_2_3_example_decodes_exactly) {
  for (const auto& ex : rfc7692_section_7_2_3_examples()) {
    PmdInflater in(15, false);
    ASSERT_EQ(ex.messages.size(), ex.inflated.size());
    for (std::size_t i = 0; i < ex.messages.size(); ++i) {
      const auto m = in.message(ex.messages[i], kNoLimit);
      EXPECT_FALSE(m.error) << ex.name << ": " << to_string(m.error->fault);
      EXPECT_FALSE(m.breach) << ex.name;
      EXPECT_EQ(m.data, ex.inflated[i]) << ex.name << " message " << i;
    }
    // The frames on the wire carry exactly the payloads (fragments joined).
    Bytes joined;
    for (const auto& f : ex.frames) {
      const auto d = decode_frames(f);
      ASSERT_EQ(d.frames.size(), 1u) << ex.name;
      joined.insert(joined.end(), d.frames[0].payload.begin(), d.frames[0].payload.end());
    }
    Bytes all;
    for (const auto& m : ex.messages) all.insert(all.end(), m.begin(), m.end());
    EXPECT_EQ(joined, all) << ex.name;
  }
}

TEST(PmdPayload, pmd_payload_tail_payload_plus_00_00_ff_ff_is_whole_blocks) {
  // The writer ends with an empty stored block and drops its 00 00 ff ff, as §7.2.1 says.
  const auto payload = DeflateWriter().fixed_block().literals(text_of("abc")).end_of_block().payload();
  PmdInflater in(15, false);
  EXPECT_EQ(in.message(payload, kNoLimit).data, text_of("abc"));
  // Data cut inside a block (four octets too many removed) does not decode.
  auto cut = DeflateWriter().fixed_block().literals(text_of("abcdefgh")).end_of_block().payload();
  cut.resize(cut.size() - 4);
  const auto m = PmdInflater(15, false).message(cut, kNoLimit);
  ASSERT_TRUE(m.error);
  EXPECT_EQ(m.error->fault, InflateFault::truncated);
}

TEST(PmdPayload, pmd_payload_bfinal_message_and_the_next_one_are_taken) {
  PmdInflater in(15, false);
  const InflateBytes bfinal = {0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00};  // §7.2.3.4
  const auto first = in.message(bfinal, kNoLimit);
  EXPECT_TRUE(first.final_block);
  EXPECT_EQ(first.data, text_of("Hello"));
  // The next message refers back into the first one (python-websockets delivered it empty).
  const auto next = in.message(DeflateWriter().fixed_block().match(5, 5).end_of_block().payload(), kNoLimit);
  EXPECT_FALSE(next.error);
  EXPECT_EQ(next.data, text_of("Hello"));
}

TEST(PmdPayload, pmd_payload_empty_fragment_and_empty_message_decode_to_nothing) {
  PmdInflater in(15, false);
  EXPECT_TRUE(in.message(InflateBytes{0x00}, kNoLimit).data.empty());
  // §7.2.3.6: a fragment ending in a whole 00 00 ff ff, then a final fragment holding 00.
  auto joined = DeflateWriter().fixed_block().literals(text_of("Hi")).end_of_block().stored({}).octets();
  joined.push_back(0x00);
  const auto m = in.message(joined, kNoLimit);
  EXPECT_FALSE(m.error);
  EXPECT_EQ(m.data, text_of("Hi"));
  // A zero-length payload is taken as an empty message (as zlib-based receivers take it).
  EXPECT_TRUE(in.message({}, kNoLimit).data.empty());
}

TEST(PmdPayload, pmd_payload_corrupt_each_fault_is_named) {
  struct Case {
    InflateBytes payload;
    InflateFault fault;
  };
  const InflateBytes reserved = {0x07};  // BFINAL 1, BTYPE 11
  const InflateBytes stored_mismatch = {0x01, 0x05, 0x00, 0xfb, 0xff, 'H', 'e', 'l', 'l', 'o'};
  const InflateBytes too_many = DeflateWriter().bits(1, 1).bits(2, 2).bits(30, 5).bits(0, 5).bits(0, 4).octets();
  const InflateBytes before_data = DeflateWriter().fixed_block(true).match(3, 1).end_of_block().octets();
  const InflateBytes bad_distance = DeflateWriter().fixed_block(true).literal('a').code(1, 7).code(31, 5).octets();  // length 3, distance code 31
  for (const Case& c : {Case{reserved, InflateFault::reserved_block_type}, Case{stored_mismatch, InflateFault::stored_length_mismatch},
                        Case{too_many, InflateFault::too_many_codes}, Case{before_data, InflateFault::distance_beyond_data},
                        Case{bad_distance, InflateFault::bad_symbol}}) {
    const auto raw = inflate_raw(c.payload, kNoLimit);
    ASSERT_TRUE(raw.error) << to_string(c.fault);
    EXPECT_EQ(raw.error->fault, c.fault) << to_string(c.fault) << " got " << to_string(raw.error->fault);
    PmdInflater in(15, false);
    const auto ruling = receive_compressed(in, false, c.payload, kNoLimit);
    EXPECT_FALSE(ruling.deliver);
    EXPECT_EQ(ruling.rule, std::optional(rule::pmd_payload_corrupt));
  }
}

// Found by fuzz_differential_client: the bits left in a partly read octet after a block are
// the next block's header, not padding. Here they say BTYPE 11 while the message still arrives.
TEST(PmdPayload, pmd_payload_corrupt_a_block_header_in_the_last_octet_of_a_prefix_is_read) {
  const InflateBytes prefix = {0xf2, 0xcd, 0xc9, 0x48, 0xc9, 0x07, 0x78};
  const auto m = PmdInflater(9, true).peek(prefix, kNoLimit);
  ASSERT_TRUE(m.error);
  EXPECT_EQ(m.error->fault, InflateFault::reserved_block_type);
  EXPECT_EQ(m.data.size(), 5u);
}

TEST(PmdPayload, pmd_payload_corrupt_code_1002_and_1007_are_both_allowed) {
  PmdInflater in(15, false);
  const auto ruling = receive_compressed(in, true, InflateBytes{0xff, 0xff, 0xff}, kNoLimit);
  EXPECT_FALSE(ruling.deliver);
  EXPECT_EQ(ruling.fail_codes, (std::vector<std::uint16_t>{1002, 1007}));
}

TEST(PmdPayload, pmd_window_sender_bound_a_reference_beyond_2_to_the_n_is_a_breach) {
  InflateBytes six_hundred(600);
  for (std::size_t i = 0; i < six_hundred.size(); ++i) six_hundred[i] = static_cast<std::uint8_t>('a' + i % 26);
  const auto payload = DeflateWriter().fixed_block().literals(six_hundred).match(10, 600).end_of_block().payload();
  const auto nine = PmdInflater(9, false).message(payload, kNoLimit);
  EXPECT_FALSE(nine.error);  // it decodes (zlib's inflater takes it too) ...
  ASSERT_TRUE(nine.breach);  // ... but the sender agreed to 512 octets
  EXPECT_EQ(nine.breach->rule, rule::pmd_window_sender_bound);
  EXPECT_EQ(nine.breach->distance, 600u);
  EXPECT_FALSE(PmdInflater(10, false).message(payload, kNoLimit).breach);
  // Exactly 2^N is inside the window.
  const auto at_edge = DeflateWriter().fixed_block().literals(six_hundred).match(10, 512).end_of_block().payload();
  EXPECT_FALSE(PmdInflater(9, false).message(at_edge, kNoLimit).breach);
}

TEST(PmdPayload, pmd_no_context_takeover_reset_a_reference_into_an_earlier_message_is_a_breach) {
  const auto first = DeflateWriter().fixed_block().literals(text_of("abcdef")).end_of_block().payload();
  const auto second = DeflateWriter().fixed_block().literal('x').match(6, 7).end_of_block().payload();
  PmdInflater reset(15, true), takeover(15, false);
  EXPECT_FALSE(reset.message(first, kNoLimit).breach);
  const auto m = reset.message(second, kNoLimit);
  ASSERT_TRUE(m.breach);
  EXPECT_EQ(m.breach->rule, rule::pmd_no_context_takeover_reset);
  EXPECT_EQ(m.data, text_of("xabcdef"));
  takeover.message(first, kNoLimit);
  EXPECT_FALSE(takeover.message(second, kNoLimit).breach);
}

TEST(PmdPayload, pmd_rsv1_uncompressed_message_does_not_enter_the_window) {
  PmdInflater in(15, false);
  in.message(DeflateWriter().fixed_block().literals(text_of("abc")).end_of_block().payload(), kNoLimit);
  EXPECT_EQ(in.history_size(), 3u);  // an uncompressed message in between is never given to it
  // A text frame with RSV1 clear is a plain message under permessage-deflate.
  EXPECT_TRUE(header_violations(make_header(opcode::text, 3), FrameContext{Role::server, 0, false, true}).empty());
}

TEST(PmdPayload, pmd_limit_inflated_size_a_bomb_stops_at_the_limit_with_1009) {
  // 1 literal and 4,000 references of 258 (13 bits each with the fixed codes): 1 MiB from 6.5 KiB.
  DeflateWriter w;
  w.fixed_block().literal(0);
  for (int i = 0; i < 4000; ++i) w.match(258, 1);
  const auto bomb = w.end_of_block().payload();
  EXPECT_LT(bomb.size(), 7000u);
  PmdInflater in(15, false);
  const auto ruling = receive_compressed(in, false, bomb, 65536);
  EXPECT_FALSE(ruling.deliver);
  EXPECT_EQ(ruling.rule, std::optional(rule::pmd_limit_inflated_size));
  EXPECT_EQ(ruling.fail_codes, std::vector<std::uint16_t>{1009});
  EXPECT_EQ(ruling.data.size(), 65536u);  // nothing stored beyond the limit
  PmdInflater whole(15, false);
  EXPECT_TRUE(receive_compressed(whole, false, bomb, 1u << 20).deliver);
}

TEST(PmdPayload, pmd_utf8_after_inflate_text_is_checked_on_the_inflated_octets) {
  const InflateBytes invalid = {'o', 'k', 0xc0, 0xaf};
  const auto payload = DeflateWriter().stored(invalid).payload();
  PmdInflater a(15, false), b(15, false), c(15, false);
  const auto as_text = receive_compressed(a, true, payload, kNoLimit);
  EXPECT_FALSE(as_text.deliver);
  EXPECT_EQ(as_text.rule, std::optional(rule::pmd_utf8_after_inflate));
  EXPECT_EQ(as_text.fail_codes, std::vector<std::uint16_t>{1007});
  EXPECT_TRUE(receive_compressed(b, false, payload, kNoLimit).deliver);
  // A code point split across two stored blocks is one valid text.
  const InflateBytes euro = {0xe2, 0x82, 0xac};
  const auto split = DeflateWriter().stored(std::span(euro).first(1)).stored(std::span(euro).subspan(1)).payload();
  EXPECT_TRUE(receive_compressed(c, true, split, kNoLimit).deliver);
}

TEST(PmdFraming, pmd_rsv1_first_frame_only_continuation_with_rsv1_is_charged) {
  FrameHeader h = make_header(opcode::continuation, 3);
  h.rsv1 = true;
  EXPECT_EQ(header_violations(h, FrameContext{Role::server, 0, false, true}), std::vector<RuleId>{rule::pmd_rsv1_first_frame_only});
  FrameHeader first = make_header(opcode::binary, 3, false);
  first.rsv1 = true;
  EXPECT_TRUE(header_violations(first, FrameContext{Role::server, 0, false, true}).empty());
  // Without permessage-deflate RSV1 is the §5.2 failure it always was.
  EXPECT_EQ(header_violations(first, FrameContext{Role::server}), std::vector<RuleId>{rule::frame_rsv_zero});
}

TEST(PmdFraming, pmd_rsv1_control_frame_ping_pong_close_with_rsv1_are_charged) {
  for (opcode op : {opcode::ping, opcode::pong, opcode::close}) {
    FrameHeader h = make_header(op, 0);
    h.rsv1 = true;
    EXPECT_EQ(header_violations(h, FrameContext{Role::server, 0, false, true}), std::vector<RuleId>{rule::pmd_rsv1_control_frame});
  }
}

}  // namespace
}  // namespace wsconform::model
