// The adapter contract, held by every adapter this build has (wslay, beast): an endpoint starts
// OPEN, echoes through the target, answers a Ping, fails on a protocol error, and closes TCP after
// the closing handshake; the differential replay drives it in both roles with the model judging.
#include <gtest/gtest.h>

#include <cstring>

#include "adapter/adapter_target.hpp"
#include "adapter/built_adapters.hpp"
#include "differential/differential.hpp"
#include "model/frame.hpp"

namespace wsconform::adapter {
namespace {

model::Bytes masked(model::opcode op, const model::Bytes& payload) {
  return model::encode_frame(model::make_header(op, payload.size(), true, model::MaskKey{1, 2, 3, 4}), payload);
}

class AdapterContract : public testing::TestWithParam<BuiltAdapter> {
 protected:
  const wsc_adapter& adapter() const { return *GetParam().get(); }
};

const char* kRequest =
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

TEST_P(AdapterContract, handshake_server_replies_101_then_the_library_echoes_a_message) {
  AdapterTarget t(adapter());
  ASSERT_EQ(t.error(), "");
  t.receive(std::span(reinterpret_cast<const std::uint8_t*>(kRequest), std::strlen(kRequest)));
  const auto head = t.take_output();
  const std::string response(head.begin(), head.end());
  EXPECT_EQ(response.rfind("HTTP/1.1 101", 0), 0u) << response;
  EXPECT_NE(response.find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), std::string::npos);  // §4.2.2's example accept
  t.receive(masked(model::opcode::text, {'h', 'i'}));
  const auto echo = t.take_output();
  EXPECT_EQ(echo, (model::Bytes{0x81, 0x02, 'h', 'i'}));
  ASSERT_EQ(t.take_deliveries().size(), 1u);
}

TEST_P(AdapterContract, frame_rsv_fail_the_library_fails_the_connection_with_1002) {
  AdapterTarget t(adapter());
  t.receive(std::span(reinterpret_cast<const std::uint8_t*>(kRequest), std::strlen(kRequest)));
  (void)t.take_output();
  auto bad = masked(model::opcode::text, {'x'});
  bad[0] |= 0x40;  // RSV1
  t.receive(bad);
  const auto out = t.take_output();
  ASSERT_GE(out.size(), 4u);
  EXPECT_EQ(out[0], 0x88);
  EXPECT_EQ((out[2] << 8) | out[3], 1002);
}

TEST_P(AdapterContract, close_server_closes_tcp_after_the_closing_handshake) {
  AdapterTarget t(adapter());
  t.receive(std::span(reinterpret_cast<const std::uint8_t*>(kRequest), std::strlen(kRequest)));
  (void)t.take_output();
  t.receive(masked(model::opcode::close, {0x03, 0xe8}));
  const auto out = t.take_output();
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out[0], 0x88);
  EXPECT_TRUE(t.closed_tcp());
}

TEST_P(AdapterContract, ping_reply_the_library_answers_a_ping_with_its_payload) {
  AdapterTarget t(adapter());
  t.receive(std::span(reinterpret_cast<const std::uint8_t*>(kRequest), std::strlen(kRequest)));
  (void)t.take_output();
  t.receive(masked(model::opcode::ping, {'p', 'q'}));
  EXPECT_EQ(t.take_output(), (model::Bytes{0x8a, 0x02, 'p', 'q'}));
  EXPECT_FALSE(t.closed_tcp());
}

// The same replay the differential fuzzers run, with the library in place of impl/: a valid stream in
// each role leaves the model's allowed set nowhere.
TEST_P(AdapterContract, receive_message_assembly_replay_in_both_roles_stays_allowed) {
  for (const auto role : {model::Role::server, model::Role::client}) {
    const bool server = role == model::Role::server;
    const auto frame = [&](model::opcode op, const model::Bytes& p, bool fin = true) {
      return model::encode_frame(model::make_header(op, p.size(), fin, server ? std::optional(model::MaskKey{9, 8, 7, 6}) : std::nullopt), p);
    };
    std::vector<model::Bytes> chunks = {frame(model::opcode::text, {'a', 'b'}, false), frame(model::opcode::ping, {'p'}),
                                        frame(model::opcode::continuation, {'c'}), frame(model::opcode::close, {0x03, 0xe8})};
    const auto outcome = differential::run(differential::stream_input(role, true, chunks), true, &adapter());
    EXPECT_FALSE(outcome.violation()) << model::to_string(role) << ": " << outcome.first_violation();
  }
}

INSTANTIATE_TEST_SUITE_P(Built, AdapterContract, testing::ValuesIn(built_adapters()),
                         [](const testing::TestParamInfo<BuiltAdapter>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace wsconform::adapter
