// §5.2 frame grammar: decoding, encoding, chunking invariance, and the facts of a header.
#include <gtest/gtest.h>

#include <random>

#include "model/frame.hpp"
#include "model/rfc_examples.hpp"
#include "trace.hpp"

namespace wsconform::model {
namespace {

using testing::bytes;

TEST(FrameDecoder, rfc_5_7_examples_decode_exactly_whole_and_in_every_chunk_size) {
  for (const auto& ex : rfc_section_5_7_examples()) {
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3},
                              std::size_t{5}, std::size_t{7}, std::size_t{13}, std::size_t{4096}}) {
      const auto got = decode_frames_chunked(ex.octets, chunk);
      EXPECT_EQ(got.frames, ex.frames) << ex.name << " chunk " << chunk;
      EXPECT_FALSE(got.stopped) << ex.name;
      EXPECT_FALSE(got.trailing_partial) << ex.name;
    }
  }
}

TEST(FrameEncoder, rfc_5_7_examples_encode_back_to_the_same_octets) {
  for (const auto& ex : rfc_section_5_7_examples()) {
    Bytes again;
    for (const auto& f : ex.frames) {
      const Bytes b = encode_frame(f);
      again.insert(again.end(), b.begin(), b.end());
    }
    EXPECT_EQ(again, ex.octets) << ex.name;
  }
}

TEST(FrameEncoder, round_trip_every_length_form_and_boundary) {
  for (std::uint64_t len : {0ull, 1ull, 125ull, 126ull, 127ull, 65535ull, 65536ull, 70000ull}) {
    for (bool masked : {false, true}) {
      Bytes payload(len);
      for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 31);
      Frame f{make_header(opcode::binary, len, true, masked ? std::optional(MaskKey{1, 2, 3, 4}) : std::nullopt),
              payload};
      const Bytes wire = encode_frame(f);
      EXPECT_EQ(wire.size(), f.header.header_size() + len);
      EXPECT_EQ(decode_frames(wire).frames, std::vector<Frame>{f}) << len;
      EXPECT_EQ(decode_frames_chunked(wire, 1).frames, std::vector<Frame>{f}) << len;
    }
  }
}

TEST(FrameDecoder, all_sixteen_opcodes_named_and_classified) {
  for (int v = 0; v < 16; ++v) {
    const auto op = static_cast<opcode>(v);
    EXPECT_FALSE(name_of(op).empty());
    EXPECT_EQ(is_control(op), v >= 8);
    EXPECT_EQ(is_reserved(op), (v >= 3 && v <= 7) || v >= 11);
    const Bytes wire = encode_frame(make_header(op, 0), {});
    EXPECT_EQ(decode_frames(wire).frames.at(0).header.op, op);
  }
}

TEST(FrameDecoder, frame_length_msb_zero_stops_without_allocating_the_claim) {
  // 0x82 0x7F then 2^63 as the length: nothing may be sized by it.
  const Bytes wire{0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0, 0xAA, 0xBB};
  for (std::size_t chunk : {std::size_t{1}, std::size_t{0}}) {
    const auto got = decode_frames_chunked(wire, chunk);
    ASSERT_TRUE(got.stopped.has_value());
    EXPECT_EQ(got.stopped->rule, rule::frame_length_msb_zero);
    EXPECT_EQ(got.stopped->offset, 9u);  // the last octet of the length field
    EXPECT_TRUE(got.frames.empty());
  }
}

TEST(FrameDecoder, huge_claimed_length_holds_only_the_octets_that_arrived) {
  // A 2^62-octet claim followed by 3 octets: the decoder reports 3 payload octets, no more.
  const Bytes wire{0x82, 0x7F, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
  FrameDecoder d;
  std::vector<DecodeEvent> events;
  d.feed(wire, events);
  std::size_t payload = 0;
  for (auto& e : events)
    if (auto* p = std::get_if<PayloadDecoded>(&e)) payload += p->data.size();
  EXPECT_EQ(payload, 3u);
  EXPECT_FALSE(d.at_frame_boundary());
}

TEST(FrameDecoder, truncated_headers_are_partial_not_errors) {
  const Bytes full = encode_frame(make_header(opcode::text, 300, true, MaskKey{9, 9, 9, 9}), Bytes(300, 'x'));
  for (std::size_t cut = 1; cut < 8; ++cut) {
    const auto got = decode_frames(std::span(full).first(cut));
    EXPECT_TRUE(got.frames.empty());
    EXPECT_TRUE(got.trailing_partial) << cut;
    EXPECT_FALSE(got.stopped);
  }
}

// Property: whatever the octets, chunking never changes what is decoded.
TEST(FrameDecoder, decoding_is_chunking_invariant_on_garbage) {
  std::mt19937 rng(6455);
  for (int round = 0; round < 300; ++round) {
    Bytes junk(rng() % 200);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    if (!junk.empty() && rng() % 2) junk[std::min<std::size_t>(1, junk.size() - 1)] &= 0x7F;  // short lengths
    const auto whole = decode_frames(junk);
    const auto bytewise = decode_frames_chunked(junk, 1);
    const auto sevens = decode_frames_chunked(junk, 7);
    EXPECT_EQ(whole.frames, bytewise.frames);
    EXPECT_EQ(whole.frames, sevens.frames);
    EXPECT_EQ(whole.stopped.has_value(), bytewise.stopped.has_value());
    EXPECT_EQ(whole.trailing_partial, bytewise.trailing_partial);
  }
}

// ---- header_violations: each rule, and its absence when the header is right

std::vector<RuleId> violations(FrameHeader h, Role sender, std::uint8_t rsv_ok = 0) {
  return header_violations(h, FrameContext{sender, rsv_ok, false});
}
bool has(const std::vector<RuleId>& v, RuleId r) { return std::find(v.begin(), v.end(), r) != v.end(); }

TEST(HeaderFacts, mask_client_sends_masked_unmasked_client_frame_breaks_it) {
  EXPECT_TRUE(has(violations(make_header(opcode::text, 3), Role::client), rule::mask_client_sends_masked));
  EXPECT_TRUE(violations(make_header(opcode::text, 3, true, MaskKey{}), Role::client).empty());
}

TEST(HeaderFacts, mask_server_sends_unmasked_masked_server_frame_breaks_it) {
  EXPECT_TRUE(has(violations(make_header(opcode::text, 3, true, MaskKey{}), Role::server), rule::mask_server_sends_unmasked));
  EXPECT_TRUE(violations(make_header(opcode::text, 3), Role::server).empty());
}

TEST(HeaderFacts, frame_rsv_zero_each_bit_unless_negotiated) {
  for (std::uint8_t rsv = 1; rsv < 8; ++rsv) {
    FrameHeader h = make_header(opcode::binary, 1);
    h.rsv1 = rsv & 4;
    h.rsv2 = rsv & 2;
    h.rsv3 = rsv & 1;
    EXPECT_TRUE(has(violations(h, Role::server), rule::frame_rsv_zero)) << int(rsv);
    EXPECT_EQ(has(violations(h, Role::server, 4), rule::frame_rsv_zero), rsv != 4) << int(rsv);
  }
}

TEST(HeaderFacts, frame_opcode_reserved_data_and_control) {
  for (int v : {3, 4, 5, 6, 7})
    EXPECT_TRUE(has(violations(make_header(static_cast<opcode>(v), 0), Role::server), rule::frame_opcode_reserved_data)) << v;
  for (int v : {11, 12, 13, 14, 15})
    EXPECT_TRUE(has(violations(make_header(static_cast<opcode>(v), 0), Role::server), rule::frame_opcode_reserved_control)) << v;
  for (int v : {0, 1, 2, 8, 9, 10}) EXPECT_TRUE(violations(make_header(static_cast<opcode>(v), 0), Role::server).empty()) << v;
}

TEST(HeaderFacts, frame_length_minimal_non_minimal_forms_break_it) {
  FrameHeader h = make_header(opcode::binary, 124);
  h.form = length_form::bits16;  // the RFC's own example: 124 as 126, 0, 124
  EXPECT_TRUE(has(violations(h, Role::server), rule::frame_length_minimal));
  h = make_header(opcode::binary, 65535);
  h.form = length_form::bits64;
  EXPECT_TRUE(has(violations(h, Role::server), rule::frame_length_minimal));
  EXPECT_TRUE(violations(make_header(opcode::binary, 65536), Role::server).empty());
}

TEST(HeaderFacts, control_payload_max_126_breaks_it_125_does_not) {
  EXPECT_TRUE(has(violations(make_header(opcode::ping, 126), Role::server), rule::control_payload_max));
  EXPECT_TRUE(violations(make_header(opcode::ping, 125), Role::server).empty());
}

TEST(HeaderFacts, control_no_fragment_fin_clear_on_control_breaks_it) {
  for (auto op : {opcode::close, opcode::ping, opcode::pong})
    EXPECT_TRUE(has(violations(make_header(op, 0, false), Role::server), rule::control_no_fragment));
  EXPECT_TRUE(violations(make_header(opcode::text, 0, false), Role::server).empty());
}

}  // namespace
}  // namespace wsconform::model
