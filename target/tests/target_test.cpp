// target/ on its own: impl/ as an in-process echo target in both roles (deliveries reported,
// its limit declared, a client's close timer on the virtual clock) and the model as a
// reference peer, each fed octets as the tester writes them.
#include <gtest/gtest.h>

#include <string>

#include "model/frame.hpp"
#include "target/impl_target.hpp"
#include "target/model_target.hpp"

namespace wsconform::target {
namespace {

const std::string kRequest =
    "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n";

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// A client's masked frame.
Bytes client_frame(model::opcode op, std::string_view payload) {
  return model::encode_frame(model::make_header(op, payload.size(), true, model::MaskKey{1, 2, 3, 4}), bytes(payload));
}

// Everything after the HTTP head of what a target wrote, decoded.
std::vector<model::Frame> frames_after_head(const Bytes& out) {
  const std::string s(out.begin(), out.end());
  const auto end = s.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos);
  return model::decode_frames(std::span(out).subspan(end + 4)).frames;
}

TEST(ImplTarget, echoes_every_message_reports_the_delivery_and_declares_its_limit) {
  ImplTarget t;
  t.receive(bytes(kRequest));
  t.receive(client_frame(model::opcode::text, "Hello"));
  const auto frames = frames_after_head(t.take_output());
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].header.op, model::opcode::text);
  EXPECT_EQ(frames[0].payload, bytes("Hello"));
  const auto d = t.take_deliveries();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].text);
  EXPECT_EQ(d[0].data, bytes("Hello"));
  EXPECT_EQ(t.max_message_size(), std::optional<std::uint64_t>(ImplTarget::catalogue_limits().max_message_size));
}

TEST(ImplTarget, server_closes_tcp_after_the_closing_handshake) {
  ImplTarget t;
  t.receive(bytes(kRequest));
  t.receive(client_frame(model::opcode::close, std::string("\x03\xe8", 2)));
  const auto frames = frames_after_head(t.take_output());
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].header.op, model::opcode::close);
  EXPECT_TRUE(t.closed_tcp());  // §5.5.1: the server closes TCP first
}

TEST(ModelTarget, fails_with_1002_on_a_reserved_opcode_as_the_reference_peer) {
  ModelTarget t;
  t.receive(bytes(kRequest));
  t.receive(model::encode_frame(model::make_header(static_cast<model::opcode>(3), 0, true, model::MaskKey{1, 2, 3, 4}), {}));
  const auto frames = frames_after_head(t.take_output());
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back().header.op, model::opcode::close);
  ASSERT_GE(frames.back().payload.size(), 2u);
  EXPECT_EQ((frames.back().payload[0] << 8) | frames.back().payload[1], 1002);
}

}  // namespace
}  // namespace wsconform::target
