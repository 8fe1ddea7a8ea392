// impl/ limits (§10.4): frames and messages over the configured sizes fail with 1009 as soon
// as the header claims too much, and no buffer is sized by a claimed length.
#include <gtest/gtest.h>

#include "wire.hpp"

namespace wsconform::impl {
namespace {

using namespace testing;

class Limits : public ::testing::TestWithParam<role> {
 protected:
  role side() const { return GetParam(); }
  config limited(std::uint64_t frame, std::uint64_t message) {
    config c = open_config(side());
    c.limits.max_frame_size = frame;
    c.limits.max_message_size = message;
    return c;
  }
};
INSTANTIATE_TEST_SUITE_P(Roles, Limits, ::testing::Values(role::client, role::server), role_name);

TEST_P(Limits, FrameOverMaxFrameSizeFailsWith1009AtTheHeader) {
  const bytes f = frame(side(), 2, bytes(2000, 1));
  const bytes header_only(f.begin(), f.begin() + (side() == role::server ? 8 : 4));
  const run_result r = run(limited(1000, 1 << 20), header_only);
  EXPECT_EQ(r.events.front(), "failed frame_too_big 1009");
  EXPECT_EQ(frames_written(r.output).front().substr(0, 10), "close:1009");
}

TEST_P(Limits, MessageOverMaxMessageSizeAcrossFragmentsFailsWith1009) {
  const bytes wire = cat({frame(side(), 2, bytes(600, 1), false), frame(side(), 0, bytes(600, 1))});
  EXPECT_EQ(run(limited(1000, 1000), wire).events.front(), "failed message_too_big 1009");
}

TEST_P(Limits, HugeClaimedLengthFailsWithoutAllocating) {
  // A header claiming 2^62 octets: refused by the default 64 MiB limit before any buffer grows.
  bytes wire = {0x82, static_cast<std::uint8_t>((side() == role::server ? 0x80 : 0) | 127), 0x40, 0, 0, 0, 0, 0, 0, 0};
  if (side() == role::server) wire.insert(wire.end(), {1, 2, 3, 4});
  EXPECT_EQ(run(open_config(side()), wire).events.front(), "failed frame_too_big 1009");
}

TEST_P(Limits, MessageAtExactlyTheLimitIsDelivered) {
  const bytes wire = cat({frame(side(), 2, bytes(500, 1), false), frame(side(), 0, bytes(500, 2))});
  const run_result r = run(limited(1000, 1000), wire, 7);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].substr(0, 14), "message binary");
}

}  // namespace
}  // namespace wsconform::impl
