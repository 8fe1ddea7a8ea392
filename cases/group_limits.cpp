// 9.x limits and performance (§10.4): large messages, many fragments, tiny writes and
// sequential round trips; 10.1.1 the tester's own fragmentation.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {
std::string size_text(std::size_t n) {
  if (n >= (1u << 20)) return std::to_string(n >> 20) + " MiB";
  if (n >= 1024) return std::to_string(n >> 10) + " KiB";
  return std::to_string(n) + " octets";
}

Case echo_case(std::string id, std::string description, std::vector<Action> script, std::uint8_t opcode, std::size_t length,
               double timeout) {
  Case c = make(std::move(id), std::move(description),
                "The peer echoes a " + std::string(opcode == 1 ? "text" : "binary") + " message of " + size_text(length) +
                    " within " + std::to_string(static_cast<int>(timeout)) + " s (type and length are checked).");
  c.script = {WireLog{false}};
  c.script.insert(c.script.end(), script.begin(), script.end());
  c.script.push_back(CloseAfter{timeout});
  c.close = tester_closes();
  c.grading = Grading::echo_length;
  c.report_time = true;
  c.echo_opcode = opcode;
  c.echo_length = length;
  c.echo_timeout = timeout;
  c.rules = {r::limits_message_too_big, r::receive_message_assembly};
  return c;
}
}  // namespace

void add_limits_cases(std::vector<Case>& out) {
  // 9.1 text / 9.2 binary: one frame of 64 KiB .. 16 MiB.
  const std::size_t sizes[] = {64u << 10, 256u << 10, 1u << 20, 4u << 20, 8u << 20, 16u << 20};
  const double text_wait[] = {10, 10, 100, 100, 100, 100};
  const double binary_wait[] = {10, 10, 10, 10, 100, 100};
  for (int binary = 0; binary < 2; ++binary)
    for (int i = 0; i < 6; ++i) {
      SendFrame f = frame(binary ? 2 : 1, binary ? hex("00fe23faf0") : bytes_of("BAsd7&jh23"));
      f.payload_len = sizes[i];
      out.push_back(echo_case("9." + std::to_string(binary + 1) + "." + std::to_string(i + 1),
                              "Send a " + std::string(binary ? "binary" : "text") + " message of " + size_text(sizes[i]) + " in one frame.",
                              {f}, binary ? 2 : 1, sizes[i], binary ? binary_wait[i] : text_wait[i]));
    }
  // 9.3 text / 9.4 binary: 4 MiB in fragments of 64 octets .. 4 MiB.
  const std::size_t fragments[] = {64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304};
  for (int binary = 0; binary < 2; ++binary)
    for (int i = 0; i < 9; ++i) {
      const std::size_t total = 4u << 20;
      const Bytes pattern = bytes_of(binary && i == 0 ? "\xfe" : "*");
      out.push_back(echo_case("9." + std::to_string(binary + 3) + "." + std::to_string(i + 1),
                              "Send a " + std::string(binary ? "binary" : "text") + " message of 4 MiB in fragments of " +
                                  size_text(fragments[i]) + ".",
                              {send_message(static_cast<std::uint8_t>(binary ? 2 : 1), pattern, fragments[i], total)}, binary ? 2 : 1, total, 100));
    }
  // 9.5 text / 9.6 binary: one 1 MiB frame written in chops of 64 .. 2048 octets.
  for (int binary = 0; binary < 2; ++binary)
    for (int i = 0; i < 6; ++i) {
      const std::size_t chop = std::size_t{64} << i;
      SendFrame f = frame(binary ? 2 : 1, binary ? hex("00fe23faf0") : bytes_of("BAsd7&jh23"));
      f.payload_len = 1u << 20;
      f.chop = chop;
      out.push_back(echo_case("9." + std::to_string(binary + 5) + "." + std::to_string(i + 1),
                              "Send a " + std::string(binary ? "binary" : "text") + " message of 1 MiB in one frame, written in pieces of " +
                                  std::to_string(chop) + " octets.",
                              {f}, binary ? 2 : 1, 1u << 20, 1000));
    }
  // 9.7 text / 9.8 binary: 1000 round trips, each message sent when the previous echo arrived.
  const std::size_t rt_sizes[] = {0, 16, 64, 256, 1024, 4096};
  const double rt_wait[] = {60, 60, 60, 120, 240, 480};
  for (int binary = 0; binary < 2; ++binary)
    for (int i = 0; i < 6; ++i) {
      Case c = make("9." + std::to_string(binary + 7) + "." + std::to_string(i + 1),
                    "Send 1000 " + std::string(binary ? "binary" : "text") + " messages of " + size_text(rt_sizes[i]) +
                        ", each after the echo of the previous one (round-trip latency).",
                    "The peer echoes every message (type and length are checked) within " +
                        std::to_string(static_cast<int>(rt_wait[i])) + " s in total.");
      c.script = {WireLog{false}, CloseAfter{rt_wait[i]}};
      c.close = tester_closes();
      c.grading = Grading::round_trips;
      c.report_time = true;
      c.echo_opcode = binary ? 2 : 1;
      c.echo_length = rt_sizes[i];
      c.round_trip_count = 1000;
      c.echo_timeout = rt_wait[i];
      c.rules = {r::receive_message_assembly};
      out.push_back(std::move(c));
    }
  {
    Case c = make("10.1.1", "Send a 64 KiB text message that the tester fragments into frames of 1300 octets.",
                  "The peer echoes the message; the tester sent exactly 1 text frame and 50 continuation frames.");
    const Bytes payload = repeat("*", 65536);
    c.script = {send_message(1, payload, 1300), KillAfter{10}};
    c.expected[Behavior::ok] = {message(payload, false)};
    c.close = tester_closes();
    c.grading = Grading::frame_count;
    c.auto_fragment_size = 1300;
    c.rules = {r::fragment_any_size, r::receive_message_assembly};
    out.push_back(std::move(c));
  }
}

}  // namespace wsconform::cases
