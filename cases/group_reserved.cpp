// 3.x reserved bits and 4.x reserved opcodes (§5.2): a frame no extension gives meaning to.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {
const Bytes kHello = bytes_of("Hello, world!");

// A valid text, the bad frame, then a Ping: the peer echoes the text (OK) or fails before
// its echo went out (NON-STRICT), and never answers the Ping.
Case bad_after_valid(std::string id, std::string description, SendFrame bad, Shaping shaping, RuleId rule) {
  Case c = make(std::move(id), std::move(description),
                "The peer echoes the first message, then fails the connection on the bad frame and does not answer "
                "the Ping. Failing before the echo went out is NON-STRICT.");
  c.script = {shaped(frame(opcode::text, kHello), shaping), shaped(bad, shaping), shaped(frame(opcode::ping), shaping), KillAfter{1}};
  c.expected[Behavior::ok] = {text_message("Hello, world!")};
  c.expected[Behavior::non_strict] = {};
  c.close = peer_fails(1002);
  c.rules = {rule, r::fail_stop_processing};
  return c;
}

Case bad_alone(std::string id, std::string description, SendFrame bad, RuleId rule) {
  Case c = make(std::move(id), std::move(description), "The peer fails the connection (protocol error).");
  c.script = {bad, KillAfter{1}};
  c.expected[Behavior::ok] = {};
  c.close = peer_fails(1002);
  c.rules = {rule};
  return c;
}
}  // namespace

void add_reserved_cases(std::vector<Case>& out) {
  out.push_back(bad_alone("3.1", "Send a text frame \"Hello, world!\" with RSV = 1.", with_rsv(frame(opcode::text, kHello), 1), r::frame_rsv_fail));
  out.push_back(bad_after_valid("3.2", "Send a text message, then the same text with RSV = 2, then a Ping.",
                                with_rsv(frame(opcode::text, kHello), 2), Shaping::burst, r::frame_rsv_fail));
  out.push_back(bad_after_valid("3.3", "As 3.2 with RSV = 3, each frame in its own write.",
                                with_rsv(frame(opcode::text, kHello), 3), Shaping::sync, r::frame_rsv_fail));
  out.push_back(bad_after_valid("3.4", "As 3.2 with RSV = 4, every octet in its own write.",
                                with_rsv(frame(opcode::text, kHello), 4), Shaping::chop1, r::frame_rsv_fail));
  out.push_back(bad_alone("3.5", "Send a binary frame 00 ff fe fd fc fb 00 ff with RSV = 5.",
                          with_rsv(frame(opcode::binary, hex("00fffefdfcfb00ff")), 5), r::frame_rsv_fail));
  out.push_back(bad_alone("3.6", "Send a binary frame \"Hello, world!\" with RSV = 6.", with_rsv(frame(opcode::binary, kHello), 6),
                          r::frame_rsv_fail));
  out.push_back(bad_alone("3.7", "Send an empty Close frame with RSV = 7.", with_rsv(frame(opcode::close), 7), r::frame_rsv_fail));

  // 4.1.x reserved non-control opcodes, 4.2.x reserved control opcodes.
  struct Op {
    const char* id;
    std::uint8_t opcode;
    bool payload;
    int form;  // 0: alone, 1: after a valid text (burst), 2: ... each octet in its own write
  };
  const Op ops[] = {{"4.1.1", 3, false, 0}, {"4.1.2", 4, true, 0}, {"4.1.3", 5, false, 1}, {"4.1.4", 6, true, 1},
                    {"4.1.5", 7, true, 2},  {"4.2.1", 11, false, 0}, {"4.2.2", 12, true, 0}, {"4.2.3", 13, false, 1},
                    {"4.2.4", 14, true, 1}, {"4.2.5", 15, true, 2}};
  for (const Op& op : ops) {
    const RuleId rule = op.opcode < 8 ? r::frame_opcode_reserved_data : r::frame_opcode_reserved_control;
    const std::string name = "opcode " + std::to_string(op.opcode);
    if (op.form == 0) {
      const Bytes p = op.payload ? bytes_of("reserved opcode payload") : Bytes{};
      out.push_back(bad_alone(op.id, "Send a frame with reserved " + name + (op.payload ? " and a payload." : ", empty."),
                              frame(op.opcode, p), rule));
    } else {
      const Bytes p = op.payload ? kHello : Bytes{};
      out.push_back(bad_after_valid(op.id,
                                    "Send a text message, then a frame with reserved " + name + ", then a Ping" +
                                        (op.form == 2 ? ", every octet in its own write." : "."),
                                    frame(op.opcode, p), op.form == 2 ? Shaping::chop1 : Shaping::burst, rule));
    }
  }
}

}  // namespace wsconform::cases
