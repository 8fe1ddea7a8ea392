// 1.x framing: single text and binary frames at every payload length form (§5.2), and
// 2.x pings and pongs (§5.5.2, §5.5.3).
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

void add_framing_cases(std::vector<Case>& out) {
  // 1.1.x text of '*', 1.2.x binary of 0xFE: 0, 125, 126, 127, 128, 65535, 65536 octets,
  // and 65536 written in chops of 997 octets.
  const std::size_t sizes[] = {0, 125, 126, 127, 128, 65535, 65536, 65536};
  for (int binary = 0; binary < 2; ++binary) {
    for (int i = 0; i < 8; ++i) {
      const std::size_t n = sizes[i];
      const bool chop = i == 7;
      const char* kind = binary ? "binary" : "text";
      Case c = make("1." + std::to_string(binary + 1) + "." + std::to_string(i + 1),
                    std::string("Send a ") + kind + " message of " + std::to_string(n) + " octets in one frame" +
                        (chop ? ", written to the socket in pieces of 997 octets." : "."),
                    std::string("The peer echoes the ") + kind + " message unchanged; the tester then closes normally.");
      const Bytes payload = repeat(binary ? "\xfe" : "*", n);
      SendFrame f = frame(binary ? 2 : 1, payload);
      if (chop) f.chop = 997;
      c.script = {f, KillAfter{n > 128 ? 10.0 : 1.0}};
      c.expected[Behavior::ok] = {message(payload, binary != 0)};
      c.close = tester_closes();
      c.rules = {r::frame_length_minimal, r::receive_message_assembly, r::fragment_receive_any_split};
      out.push_back(std::move(c));
    }
  }
}

void add_ping_cases(std::vector<Case>& out) {
  auto ping_case = [&](std::string id, std::string what, Bytes payload, std::optional<std::size_t> chop, double close_after) {
    Case c = make(std::move(id), "Send a Ping " + what + ".", "The peer answers with a Pong carrying the same payload.");
    SendFrame f = frame(opcode::ping, payload);
    f.chop = chop;
    c.script = {f, CloseAfter{close_after}};
    c.expected[Behavior::ok] = {pong(payload)};
    c.close = tester_closes();
    c.rules = {r::ping_reply, r::pong_payload_echo};
    out.push_back(std::move(c));
  };
  ping_case("2.1", "without payload", {}, std::nullopt, 1);
  ping_case("2.2", "with the text payload \"Hello, world!\"", bytes_of("Hello, world!"), std::nullopt, 1);
  ping_case("2.3", "with the binary payload 00 ff fe fd fc fb 00 ff", hex("00fffefdfcfb00ff"), std::nullopt, 1);
  ping_case("2.4", "with 125 octets of 0xFE, the largest a control frame may carry", repeat("\xfe", 125), std::nullopt, 1);
  {
    Case c = make("2.5", "Send a Ping with 126 octets of 0xFE, one more than a control frame may carry.",
                  "The peer fails the connection (protocol error) and sends no Pong.");
    c.script = {frame(opcode::ping, repeat("\xfe", 126)), KillAfter{1}};
    c.expected[Behavior::ok] = {};
    c.close = peer_fails(1002);
    c.rules = {r::control_payload_max};
    out.push_back(std::move(c));
  }
  ping_case("2.6", "with 125 octets of 0xFE, written one octet at a time", repeat("\xfe", 125), 1, 2);
  {
    Case c = make("2.7", "Send an unsolicited Pong without payload, then Close 1000.",
                  "The peer ignores the Pong and answers the Close.");
    c.script = {frame(opcode::pong), SendClose{1000, std::nullopt}, CloseAfter{1}};
    c.expected[Behavior::ok] = {};
    c.close = tester_closes();
    c.rules = {r::pong_unsolicited, r::close_reply};
    out.push_back(std::move(c));
  }
  {
    Case c = make("2.8", "Send an unsolicited Pong with payload \"unsolicited pong payload\", then Close 1000.",
                  "The peer ignores the Pong and answers the Close.");
    c.script = {frame(opcode::pong, bytes_of("unsolicited pong payload")), SendClose{1000, std::nullopt}, CloseAfter{1}};
    c.expected[Behavior::ok] = {};
    c.close = tester_closes();
    c.rules = {r::pong_unsolicited, r::close_reply};
    out.push_back(std::move(c));
  }
  {
    Case c = make("2.9", "Send an unsolicited Pong, then a Ping with payload \"ping payload\".",
                  "The peer ignores the Pong and answers the Ping with a Pong of the same payload.");
    c.script = {frame(opcode::pong, bytes_of("unsolicited pong payload")), frame(opcode::ping, bytes_of("ping payload")), CloseAfter{1}};
    c.expected[Behavior::ok] = {pong(bytes_of("ping payload"))};
    c.close = tester_closes();
    c.rules = {r::pong_unsolicited, r::ping_reply};
    out.push_back(std::move(c));
  }
  for (int chop = 0; chop < 2; ++chop) {
    Case c = make(chop ? "2.11" : "2.10",
                  std::string("Send ten Pings with payloads \"payload-0\" to \"payload-9\" back to back") +
                      (chop ? ", every octet in its own write." : "."),
                  "The peer answers each Ping with its own Pong, in order (the RFC allows answering only the last; Autobahn checks all ten).");
    c.expected[Behavior::ok] = {};
    for (int i = 0; i < 10; ++i) {
      SendFrame f = frame(opcode::ping, bytes_of("payload-" + std::to_string(i)));
      if (chop) f.chop = 1;
      c.script.push_back(f);
      c.expected[Behavior::ok].push_back(pong(bytes_of("payload-" + std::to_string(i))));
    }
    c.script.push_back(CloseAfter{3});
    c.close = tester_closes();
    c.rules = {r::ping_reply, r::pong_latest_only};
    out.push_back(std::move(c));
  }
}

}  // namespace wsconform::cases
