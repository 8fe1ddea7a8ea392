// 7.x close handling (§5.5.1, §7): what the peer does after the tester's Close, and which
// close codes and bodies it accepts.
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {
Case close_case(std::string id, std::string description, std::string expectation, std::vector<Action> script,
                ExpectedClose close, std::vector<RuleId> rules) {
  Case c = make(std::move(id), std::move(description), std::move(expectation));
  c.script = std::move(script);
  c.script.push_back(KillAfter{1});
  c.expected[Behavior::ok] = {};
  c.close = std::move(close);
  c.grading = Grading::wrong_code_fails;
  c.suppress_close = true;
  c.rules = std::move(rules);
  return c;
}
}  // namespace

void add_close_cases(std::vector<Case>& out) {
  {
    Case c = make("7.1.1", "Send a text message \"Hello World!\".", "The peer echoes it; the tester then closes normally.");
    c.script = {frame(opcode::text, bytes_of("Hello World!")), KillAfter{1}};
    c.expected[Behavior::ok] = {text_message("Hello World!")};
    c.close = tester_closes();
    c.grading = Grading::wrong_code_fails;
    c.rules = {r::close_reply};
    out.push_back(std::move(c));
  }
  out.push_back(close_case("7.1.2", "Send Close 1000, then a second (empty) Close frame.",
                           "The peer answers the first Close normally and ignores the second.",
                           {SendClose{1000, std::nullopt}, frame(opcode::close)}, tester_closes(), {r::close_reply, r::close_may_stop_processing_after_sent}));
  out.push_back(close_case("7.1.3", "Send Close 1000, then a Ping.", "The peer answers the Close and does not answer the Ping.",
                           {SendClose{1000, std::nullopt}, frame(opcode::ping)}, tester_closes(), {r::ping_reply, r::close_reply}));
  out.push_back(close_case("7.1.4", "Send Close 1000, then a text message.", "The peer answers the Close and ignores the message.",
                           {SendClose{1000, std::nullopt}, frame(opcode::text, bytes_of("Hello World!"))}, tester_closes(),
                           {r::invalid_data_after_close, r::close_reply}));
  out.push_back(close_case("7.1.5", "Send the first fragment of a text message, Close 1000, then the final fragment.",
                           "The peer answers the Close and delivers nothing.",
                           {frame(opcode::text, bytes_of("fragment1"), false), SendClose{1000, std::nullopt}, frame(opcode::continuation, bytes_of("fragment2"), true)},
                           tester_closes(), {r::invalid_data_after_close, r::close_reply}));
  {
    Case c = make("7.1.6", "Send a 256 KiB text message, the text \"Hello World!\", Close 1000 and a Ping back to back.",
                  "Informational: whether the peer echoed the messages before it processed the Close depends on its design.");
    c.script = {[] {
                  SendFrame f = frame(opcode::text, bytes_of("BAsd7&jh23"));
                  f.payload_len = 256 * 1024;
                  return f;
                }(),
                frame(opcode::text, bytes_of("Hello World!")), SendClose{1000, std::nullopt}, frame(opcode::ping), KillAfter{1}};
    c.expected[Behavior::ok] = {text_message("Hello World!")};
    c.expected[Behavior::non_strict] = {};
    c.close = tester_closes();
    c.grading = Grading::informational;
    c.suppress_close = true;
    c.rules = {r::close_reply_may_finish_message, r::close_may_stop_processing_after_sent};
    out.push_back(std::move(c));
  }
  out.push_back(close_case("7.3.1", "Send a Close frame without a body.", "The peer answers with a Close (empty, or 1000).",
                           {SendClose{std::nullopt, std::nullopt}}, tester_closes(), {r::close_code_optional, r::close_reply}));
  out.push_back(close_case("7.3.2", "Send a Close frame whose body is the single octet \"a\".",
                           "The peer fails the connection (a body must start with a 2-octet code): Close 1002 or a TCP drop.",
                           {SendClose{std::nullopt, bytes_of("a")}}, {true, {1002}, false, false}, {r::close_payload_code_first}));
  out.push_back(close_case("7.3.3", "Send Close 1000 without a reason.", "The peer answers the Close normally.",
                           {SendClose{1000, std::nullopt}}, tester_closes(), {r::close_reply}));
  out.push_back(close_case("7.3.4", "Send Close 1000 with the reason \"Hello World!\".", "The peer answers the Close normally.",
                           {SendClose{1000, bytes_of("Hello World!")}}, tester_closes(), {r::close_reply}));
  out.push_back(close_case("7.3.5", "Send Close 1000 with a 123-octet reason (a 125-octet body, the most a control frame holds).",
                           "The peer answers the Close normally.", {SendClose{1000, repeat("*", 123)}}, tester_closes(),
                           {r::control_payload_max, r::close_reply}));
  out.push_back(close_case("7.3.6", "Send Close 1000 with a 124-octet reason (a 126-octet body, one too many).",
                           "The peer fails the connection: Close 1002 or a TCP drop.", {SendClose{1000, repeat("*", 124)}},
                           {true, {1002}, false, false}, {r::control_payload_max}));
  out.push_back(close_case("7.5.1", "Send Close 1000 whose reason is invalid UTF-8 (κόσμε, ED A0 80, \"edited\").",
                           "The peer fails the connection: Close 1002 or 1007, or a TCP drop.",
                           {SendClose{1000, hex("cebae1bdb9cf83cebcceb5eda080656469746564")}}, {true, {1002, 1007}, false, false},
                           {r::close_reason_utf8}));
  const std::uint16_t valid[] = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
  for (std::size_t i = 0; i < std::size(valid); ++i) {
    const std::uint16_t code = valid[i];
    const RuleId rule = code >= 4000 ? r::close_code_private_range : code >= 3000 ? r::close_code_library_range : r::close_code_defined;
    out.push_back(close_case("7.7." + std::to_string(i + 1), "Send Close with the valid code " + std::to_string(code) + ".",
                             "The peer answers cleanly with 1000 or the same code.", {SendClose{code, std::nullopt}},
                             {true, {1000, code}, true, false}, {rule, r::close_reply_code}));
  }
  const std::uint16_t invalid[] = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};
  for (std::size_t i = 0; i < std::size(invalid); ++i) {
    const std::uint16_t code = invalid[i];
    const RuleId rule = code < 1000                      ? r::close_code_unused_range
                        : code == 1004                   ? r::close_code_reserved_1004
                        : (code == 1005 || code == 1006) ? r::close_code_not_sendable
                                                         : r::close_code_unassigned;
    out.push_back(close_case("7.9." + std::to_string(i + 1), "Send Close with the invalid code " + std::to_string(code) + ".",
                             "The peer fails the connection: Close 1002 or a TCP drop.", {SendClose{code, std::nullopt}},
                             {true, {1002}, false, false}, {rule, r::close_code_1002_protocol_error}));
  }
  for (int i = 0; i < 2; ++i) {
    const std::uint16_t code = i == 0 ? 5000 : 65535;
    out.push_back(close_code_beyond_4999_case("7.13." + std::to_string(i + 1),
                                              "Send Close with the code " + std::to_string(code) + ", which the RFC never assigns.", code));
  }
}

}  // namespace wsconform::cases
