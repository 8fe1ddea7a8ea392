// The verbs lower to the octets RFC 6455 §5 describes: frames toward a server masked (§5.3),
// toward a client not; fragments as continuations (§5.4) with a control frame between them;
// cuts that change the writes, never the octets.
#include <gtest/gtest.h>

#include "check/verbs.hpp"
#include "model/frame.hpp"

namespace wsconform::check {
namespace {

Bytes joined(const Step& s) {
  Bytes all;
  for (const auto& w : s.writes) all.insert(all.end(), w.begin(), w.end());
  return all;
}

std::vector<model::FrameHeader> headers(const Bytes& wire) {
  model::FrameDecoder d;
  std::vector<model::DecodeEvent> events;
  d.feed(wire, events);
  std::vector<model::FrameHeader> out;
  for (const auto& e : events)
    if (const auto* h = std::get_if<model::HeaderDecoded>(&e)) out.push_back(h->header);
  return out;
}

TEST(CheckVerbs, frame_mask_by_role_toward_a_server_masked_toward_a_client_not) {
  const Verb v = Message{true, {'a', 'b', 'c'}, {}, {}};
  EXPECT_TRUE(headers(joined(lower(v, model::Role::server))).at(0).masked);
  EXPECT_FALSE(headers(joined(lower(v, model::Role::client))).at(0).masked);
}

TEST(CheckVerbs, fragment_continuations_with_a_ping_between_them) {
  const Verb v = Interleaved{Message{false, Bytes(10, 7), {4}, {}}, Control{true, {1, 2}, {}}};
  const auto h = headers(joined(lower(v, model::Role::server)));
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].op, model::opcode::binary);
  EXPECT_FALSE(h[0].fin);
  EXPECT_EQ(h[1].op, model::opcode::ping);
  EXPECT_EQ(h[2].op, model::opcode::continuation);
  EXPECT_TRUE(h[2].fin);
}

TEST(CheckVerbs, chops_change_the_writes_not_the_octets) {
  const Message whole{true, Bytes(20, 'x'), {}, {}};
  Message chopped = whole;
  chopped.cuts = {1, 2, 9, 9, 500};  // repeats and offsets past the end are dropped
  const auto a = lower(Verb(whole), model::Role::server), b = lower(Verb(chopped), model::Role::server);
  EXPECT_EQ(a.writes.size(), 1u);
  EXPECT_EQ(b.writes.size(), 4u);
  EXPECT_EQ(joined(a), joined(b));
}

TEST(CheckVerbs, frame_length_non_minimal_raw_frame_keeps_the_form_and_the_cut) {
  const Verb v = RawFrame{0x1, true, 0, false, 64, {'h', 'i'}, 0};
  const auto h = headers(joined(lower(v, model::Role::client)));
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].form, model::length_form::bits64);
  const auto cut = lower(Verb(RawFrame{0x1, true, 0, false, 0, {'h', 'i'}, 1}), model::Role::client);
  EXPECT_EQ(joined(cut).size(), 1u);
}

}  // namespace
}  // namespace wsconform::check
