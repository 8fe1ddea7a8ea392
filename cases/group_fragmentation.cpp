// 5.x fragmentation (§5.4): fragmented messages, control frames between fragments, and
// continuation frames where none may come.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

void add_fragmentation_cases(std::vector<Case>& out) {
  const Bytes f1 = bytes_of("fragment1"), f2 = bytes_of("fragment2");
  for (int i = 0; i < 2; ++i) {
    const std::uint8_t op = i == 0 ? 9 : 10;
    Case c = make(i == 0 ? "5.1" : "5.2",
                  std::string("Send a ") + (i == 0 ? "Ping" : "Pong") + " with FIN clear, then a continuation frame.",
                  "The peer fails the connection: control frames are never fragmented.");
    c.script = {frame(op, f1, false), frame(opcode::continuation, f2, true), KillAfter{1}};
    c.expected[Behavior::ok] = {};
    c.close = peer_fails(1002);
    c.rules = {r::control_no_fragment};
    out.push_back(std::move(c));
  }
  const Shaping shapes[] = {Shaping::burst, Shaping::sync, Shaping::chop1};
  const char* shape_text[] = {"", " Each frame in its own write.", " Every octet in its own write."};
  for (int s = 0; s < 3; ++s) {  // 5.3 - 5.5
    Case c = make("5." + std::to_string(3 + s), std::string("Send a text message in two fragments.") + shape_text[s],
                  "The peer echoes the reassembled message \"fragment1fragment2\".");
    c.script = {shaped(frame(opcode::text, f1, false), shapes[s]), shaped(frame(opcode::continuation, f2, true), shapes[s]), CloseAfter{1}};
    c.expected[Behavior::ok] = {text_message("fragment1fragment2")};
    c.close = tester_closes();
    c.rules = {r::receive_message_assembly, r::fragment_order};
    out.push_back(std::move(c));
  }
  for (int s = 0; s < 3; ++s) {  // 5.6 - 5.8
    Case c = make("5." + std::to_string(6 + s),
                  std::string("Send a text message in two fragments with a Ping between them.") + shape_text[s],
                  "The peer answers the Ping before the message is complete, then echoes the message.");
    c.script = {shaped(frame(opcode::text, f1, false), shapes[s]), shaped(frame(opcode::ping, bytes_of("ping payload")), shapes[s]),
                shaped(frame(opcode::continuation, f2, true), shapes[s]), CloseAfter{1}};
    c.expected[Behavior::ok] = {pong(bytes_of("ping payload")), text_message("fragment1fragment2")};
    c.close = tester_closes();
    c.rules = {r::fragment_control_interleaved, r::ping_reply};
    out.push_back(std::move(c));
  }
  for (int fin = 1; fin >= 0; --fin) {  // 5.9 - 5.11 (FIN set), 5.12 - 5.14 (FIN clear)
    for (int s = 0; s < 3; ++s) {
      const int n = (fin ? 9 : 12) + s;
      Case c = make("5." + std::to_string(n),
                    std::string("Send a continuation frame with FIN ") + (fin ? "set" : "clear") +
                        " while no message is open, then a text message." + shape_text[s],
                    "The peer fails the connection on the continuation frame.");
      c.script = {shaped(frame(opcode::continuation, bytes_of("non-continuation payload"), fin != 0), shapes[s]),
                  shaped(frame(opcode::text, bytes_of("Hello, world!")), shapes[s]), KillAfter{1}};
      c.expected[Behavior::ok] = {};
      c.close = peer_fails(1002);
      c.rules = {r::fragment_continuation_without_start};
      out.push_back(std::move(c));
    }
  }
  {
    Case c = make("5.15", "Send a complete two-fragment text message, then a continuation frame with FIN clear, then a text frame.",
                  "The peer echoes the first message, then fails on the stray continuation. Failing before the echo went out is NON-STRICT.");
    c.script = {frame(opcode::text, f1, false), frame(opcode::continuation, f2, true), frame(opcode::continuation, bytes_of("fragment3"), false),
                frame(opcode::text, bytes_of("fragment4"), true), KillAfter{1}};
    c.expected[Behavior::ok] = {text_message("fragment1fragment2")};
    c.expected[Behavior::non_strict] = {};
    c.close = peer_fails(1002);
    c.rules = {r::fragment_continuation_without_start};
    out.push_back(std::move(c));
  }
  for (int i = 0; i < 2; ++i) {  // 5.16 (FIN clear first), 5.17 (FIN set first)
    Case c = make(i == 0 ? "5.16" : "5.17",
                  std::string("Twice: a continuation frame with FIN ") + (i == 0 ? "clear" : "set") +
                      ", a text frame with FIN clear, a continuation frame with FIN set.",
                  "The peer fails the connection on the first continuation frame.");
    for (int k = 0; k < 2; ++k) {
      c.script.push_back(frame(opcode::continuation, bytes_of("fragment1"), i == 1));
      c.script.push_back(frame(opcode::text, bytes_of("fragment2"), false));
      c.script.push_back(frame(opcode::continuation, bytes_of("fragment3"), true));
    }
    c.script.push_back(KillAfter{1});
    c.expected[Behavior::ok] = {};
    c.close = peer_fails(1002);
    c.rules = {r::fragment_continuation_without_start};
    out.push_back(std::move(c));
  }
  {
    Case c = make("5.18", "Send a text frame with FIN clear, then another text frame (not a continuation).",
                  "The peer fails the connection: a new message may not start inside another.");
    c.script = {frame(opcode::text, f1, false), frame(opcode::text, f2, true), KillAfter{1}};
    c.expected[Behavior::ok] = {};
    c.close = peer_fails(1002);
    c.rules = {r::fragment_interleaved};
    out.push_back(std::move(c));
  }
  for (int sync = 0; sync < 2; ++sync) {  // 5.19, 5.20
    Case c = make(sync ? "5.20" : "5.19",
                  std::string("Send a text message in five fragments with a Ping after the second and after the fourth, "
                              "pausing one second after the first Ping.") +
                      (sync ? " Each frame in its own write." : ""),
                  "The peer answers the first Ping during the pause, before the message is complete; then the second "
                  "Ping; then echoes the whole message.");
    auto sh = [&](SendFrame f) { return sync ? synced(std::move(f)) : f; };
    Wait part2{1.0, "", false, false, {}};
    part2.then = {sh(frame(opcode::continuation, bytes_of("fragment3"), false)), sh(frame(opcode::continuation, bytes_of("fragment4"), false)),
                  sh(frame(opcode::ping, bytes_of("pongme 2!"))), sh(frame(opcode::continuation, bytes_of("fragment5"), true)), CloseAfter{1}};
    c.script = {sh(frame(opcode::text, f1, false)), sh(frame(opcode::continuation, f2, false)), sh(frame(opcode::ping, bytes_of("pongme 1!"))), part2};
    c.expected[Behavior::ok] = {pong(bytes_of("pongme 1!")), pong(bytes_of("pongme 2!")),
                        text_message("fragment1fragment2fragment3fragment4fragment5")};
    c.close = tester_closes();
    c.rules = {r::fragment_control_interleaved, r::ping_reply_promptly};
    out.push_back(std::move(c));
  }
}

}  // namespace wsconform::cases
