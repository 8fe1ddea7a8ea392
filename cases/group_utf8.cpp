// 6.x UTF-8 handling (§5.6, §8.1): valid text that must be echoed however it is split, and
// invalid text the peer must fail on - as early as the octets allow (6.4.x).
#include "cases/builders.hpp"
#include "cases/catalogue.hpp"
#include "model/utf8.hpp"

namespace wsconform::cases {
using namespace build;
namespace r = model::rule;

namespace {

const Bytes kKosme = hex("cebae1bdb9cf83cebcceb5");  // κόσμε
const Bytes kHelloUtf8 = hex("48656c6c6f2dc2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121");  // Hello-µ@ßöäüàá-UTF-8!!

Case valid_text(std::string id, std::string description, std::vector<Action> script, Bytes echoed) {
  Case c = make(std::move(id), std::move(description), "The peer echoes the text message unchanged.");
  c.script = std::move(script);
  c.expected[Behavior::ok] = {message(std::move(echoed), false)};
  c.close = tester_closes();
  c.rules = {r::utf8_split_across_frames, r::receive_message_assembly};
  return c;
}

Case invalid_text(std::string id, std::string description, std::vector<Action> script) {
  Case c = make(std::move(id), std::move(description),
                "The peer fails the connection with 1007 (invalid payload) and echoes nothing.");
  c.script = std::move(script);
  c.expected[Behavior::ok] = {};
  c.close = peer_fails_utf8();
  c.rules = {r::utf8_invalid_fail, r::close_code_1007_invalid_data};
  return c;
}

struct Sequence {
  bool valid;
  std::string hex;
};

std::string to_hex(std::span<const std::uint8_t> octets) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string h;
  for (std::uint8_t x : octets) {
    h += digits[x >> 4];
    h += digits[x & 15];
  }
  return h;
}

// 6.5 - 6.23: single-frame texts from the classic UTF-8 decoder stress test, by section.
struct Section {
  const char* title;
  std::vector<Sequence> sequences;
};

Bytes lonely_starts(unsigned from, unsigned to) {  // each start octet followed by a space
  Bytes b;
  for (unsigned x = from; x < to; ++x) {
    b.push_back(static_cast<std::uint8_t>(x));
    b.push_back(0x20);
  }
  return b;
}

std::vector<Section> stress_sections() {
  std::vector<Section> s;
  s.push_back({"valid sequences", {{true, "68656c6c6f24776f726c64"}, {true, "68656c6c6fc2a2776f726c64"},
                                   {true, "68656c6c6fe282ac776f726c64"}, {true, "68656c6c6ff0a4ada2776f726c64"},
                                   {true, "cebae1bdb9cf83cebcceb5"}}});
  s.push_back({"prefixes of a valid multi-octet text", {}});  // filled below from the model
  s.push_back({"first sequence of each length", {{true, "00"}, {true, "c280"}, {true, "e0a080"}, {true, "f0908080"}}});
  s.push_back({"five- and six-octet forms", {{false, "f888808080"}, {false, "fc8480808080"}}});
  s.push_back({"last sequence of each length", {{true, "7f"}, {true, "dfbf"}, {true, "efbfbf"}, {true, "f48fbfbf"}}});
  s.push_back({"last four-, five- and six-octet forms", {{false, "f7bfbfbf"}, {false, "fbbfbfbfbf"}, {false, "fdbfbfbfbfbf"}}});
  s.push_back({"other boundaries", {{true, "ed9fbf"}, {true, "ee8080"}, {true, "efbfbd"}, {true, "f48fbfbf"}, {false, "f4908080"}}});
  s.push_back({"unexpected continuation octets", {{false, "80"}, {false, "bf"}, {false, "80bf"}, {false, "80bf80"},
                                                  {false, "80bf80bf"}, {false, "80bf80bf80"}, {false, "80bf80bf80bf"},
                                                  {false, ""}}});  // 80..be, filled below
  s.push_back({"lonely start octets followed by a space", {}});
  s.push_back({"sequences missing their last continuation octet",
               {{false, "c0"}, {false, "e080"}, {false, "f08080"}, {false, "f8808080"}, {false, "fc80808080"},
                {false, "df"}, {false, "efbf"}, {false, "f7bfbf"}, {false, "fbbfbfbf"}, {false, "fdbfbfbfbf"}}});
  s.push_back({"concatenated incomplete sequences", {{false, "c0e080f08080f8808080fc80808080dfefbff7bfbffbbfbfbffdbfbfbfbf"}}});
  s.push_back({"impossible octets", {{false, "fe"}, {false, "ff"}, {false, "fefeffff"}}});
  s.push_back({"overlong '/'", {{false, "c0af"}, {false, "e080af"}, {false, "f08080af"}, {false, "f8808080af"}, {false, "fc80808080af"}}});
  s.push_back({"maximal overlong sequences", {{false, "c1bf"}, {false, "e09fbf"}, {false, "f08fbfbf"}, {false, "f887bfbfbf"},
                                              {false, "fc83bfbfbfbf"}}});
  s.push_back({"overlong NUL", {{false, "c080"}, {false, "e08080"}, {false, "f0808080"}, {false, "f880808080"}, {false, "fc8080808080"}}});
  s.push_back({"single surrogates", {{false, "eda080"}, {false, "edadbf"}, {false, "edae80"}, {false, "edafbf"},
                                     {false, "edb080"}, {false, "edbe80"}, {false, "edbfbf"}}});
  s.push_back({"paired surrogates", {{false, "eda080edb080"}, {false, "eda080edbfbf"}, {false, "edadbfedb080"},
                                     {false, "edadbfedbfbf"}, {false, "edae80edb080"}, {false, "edae80edbfbf"},
                                     {false, "edafbfedb080"}, {false, "edafbfedbfbf"}}});
  s.push_back({"noncharacters (valid)", {}});
  s.push_back({"specials U+FFF9 - U+FFFF (valid)", {{true, "efbfb9"}, {true, "efbfba"}, {true, "efbfbb"}, {true, "efbfbc"},
                                                    {true, "efbfbd"}, {true, "efbfbe"}, {true, "efbfbf"}}});
  return s;
}

}  // namespace

void add_utf8_cases(std::vector<Case>& out) {
  // 6.1 empty payloads and fragments.
  out.push_back(valid_text("6.1.1", "Send an empty text message.", {frame(opcode::text), CloseAfter{1}}, {}));
  out.push_back(valid_text("6.1.2", "Send a text message as three empty fragments.",
                           {frame(opcode::text, {}, false), frame(opcode::continuation, {}, false), frame(opcode::continuation, {}, true), CloseAfter{1}}, {}));
  out.push_back(valid_text("6.1.3", "Send a text message as an empty fragment, \"middle frame payload\", and an empty fragment.",
                           {frame(opcode::text, {}, false), frame(opcode::continuation, bytes_of("middle frame payload"), false), frame(opcode::continuation, {}, true), CloseAfter{1}},
                           bytes_of("middle frame payload")));
  // 6.2 valid text split in ways that do and do not respect code points.
  out.push_back(valid_text("6.2.1", "Send \"Hello-µ@ßöäüàá-UTF-8!!\" as one frame.", {send_message(1, kHelloUtf8, 0), CloseAfter{1}},
                           kHelloUtf8));
  out.push_back(valid_text("6.2.2", "Send \"Hello-µ@ßöäüàá-UTF-8!!\" in two fragments split on a code point boundary.",
                           {frame(opcode::text, Bytes(kHelloUtf8.begin(), kHelloUtf8.begin() + 15), false),
                            frame(opcode::continuation, Bytes(kHelloUtf8.begin() + 15, kHelloUtf8.end()), true), CloseAfter{1}},
                           kHelloUtf8));
  out.push_back(valid_text("6.2.3", "Send \"Hello-µ@ßöäüàá-UTF-8!!\" in one-octet fragments, splitting code points.",
                           {send_message(1, kHelloUtf8, 1), CloseAfter{1}}, kHelloUtf8));
  out.push_back(valid_text("6.2.4", "Send κόσμε in one-octet fragments, splitting code points.", {send_message(1, kKosme, 1), CloseAfter{1}},
                           kKosme));
  // 6.3 invalid text (a surrogate), whole and in one-octet fragments.
  const Bytes bad = cat({kKosme, hex("eda080"), bytes_of("edited")});
  out.push_back(invalid_text("6.3.1", "Send κόσμε, the surrogate ED A0 80, \"edited\" as one text frame.", {send_message(1, bad, 0), KillAfter{1}}));
  out.push_back(invalid_text("6.3.2", "The same invalid text in one-octet fragments.", {send_message(1, bad, 1), KillAfter{1}}));

  // 6.4 fail fast: κόσμε, then F4 90 80 80 (would be U+110000: invalid at the 0x90), then
  // "edited", in three parts a second apart. OK: failed once the bad part arrived (timeout A
  // only); NON-STRICT: only once the message was complete (timeouts A and B).
  const Bytes p1 = kKosme, p2 = hex("f4908080"), p3 = bytes_of("edited");
  const Bytes whole = cat({p1, p2, p3});
  auto fail_fast = [&](std::string id, std::string description, std::vector<Action> part1, std::vector<Action> part2,
                       std::vector<Action> part3) {
    Case c = make(std::move(id), std::move(description),
                  "The peer fails with 1007 as soon as the part that makes the text invalid arrives (OK); failing only "
                  "at the end of the message is NON-STRICT; failing on the first, still valid part, or never, is FAILED.");
    part3.push_back(KillAfter{1});
    Wait b{1.0, "B", true, true, std::move(part3)};
    part2.push_back(std::move(b));
    Wait a{1.0, "A", true, true, std::move(part2)};
    c.script = std::move(part1);
    c.script.push_back(std::move(a));
    c.expected[Behavior::ok] = {timeout("A")};
    c.expected[Behavior::non_strict] = {timeout("A"), timeout("B")};
    c.close = peer_fails_utf8();
    c.rules = {r::utf8_fail_fast, r::utf8_max_code_point, r::utf8_invalid_fail};
    out.push_back(std::move(c));
  };
  fail_fast("6.4.1", "Send the invalid text in three fragments, one second apart: κόσμε | F4 90 80 80 | \"edited\".",
            {frame(opcode::text, p1, false)}, {frame(opcode::continuation, p2, false)}, {frame(opcode::continuation, p3, true)});
  fail_fast("6.4.2", "Send the invalid text in three fragments split at the bad octet: κόσμε F4 | 90 | 80 80 \"edited\".",
            {frame(opcode::text, Bytes(whole.begin(), whole.begin() + 12), false)}, {frame(opcode::continuation, Bytes{whole[12]}, false)},
            {frame(opcode::continuation, Bytes(whole.begin() + 13, whole.end()), true)});
  fail_fast("6.4.3", "Send the invalid text as one frame whose payload arrives in three writes: κόσμε | F4 90 80 80 | \"edited\".",
            {BeginFrame{1, whole.size()}, FrameData{p1}}, {FrameData{p2}}, {FrameData{p3}});
  fail_fast("6.4.4", "Send the invalid text as one frame whose payload arrives in three writes split at the bad octet.",
            {BeginFrame{1, whole.size()}, FrameData{Bytes(whole.begin(), whole.begin() + 12)}}, {FrameData{Bytes{whole[12]}}},
            {FrameData{Bytes(whole.begin() + 13, whole.end())}});

  // 6.5 - 6.23
  std::vector<Section> sections = stress_sections();
  // 6.6: each prefix of κόσμε, valid iff the model's validator finds it complete.
  for (std::size_t n = 1; n <= kKosme.size(); ++n)
    sections[1].sequences.push_back({!model::validate_utf8(std::span(kKosme).first(n)).has_value(),
                                     to_hex(std::span(kKosme).first(n))});
  // 6.12.8: every continuation octet 80 .. BE in a row.
  Bytes run;
  for (unsigned b = 0x80; b < 0xBF; ++b) run.push_back(static_cast<std::uint8_t>(b));
  sections[7].sequences.back().hex = to_hex(run);
  // 6.13: lonely start octets of each length class.
  for (auto [from, to] : {std::pair{0xC0u, 0xDFu}, {0xE0u, 0xEFu}, {0xF0u, 0xF7u}, {0xF8u, 0xFBu}, {0xFCu, 0xFDu}})
    sections[8].sequences.push_back({false, to_hex(lonely_starts(from, to))});
  // 6.22: U+FFFE, U+FFFF and U+xFFFE, U+xFFFF of planes 1-16, all valid scalar values.
  sections[17].sequences = {{true, "efbfbe"}, {true, "efbfbf"}};
  for (unsigned plane = 1; plane <= 16; ++plane)
    for (unsigned last = 0; last < 2; ++last) {
      const unsigned v = (plane << 16) | 0xFFFE | last;
      const Bytes b = {static_cast<std::uint8_t>(0xF0 | (v >> 18)), static_cast<std::uint8_t>(0x80 | ((v >> 12) & 0x3F)),
                       static_cast<std::uint8_t>(0x80 | ((v >> 6) & 0x3F)), static_cast<std::uint8_t>(0x80 | (v & 0x3F))};
      sections[17].sequences.push_back({true, to_hex(b)});
    }

  for (std::size_t s = 0; s < sections.size(); ++s) {
    for (std::size_t k = 0; k < sections[s].sequences.size(); ++k) {
      const Sequence& q = sections[s].sequences[k];
      const std::string id = "6." + std::to_string(5 + s) + "." + std::to_string(k + 1);
      const Bytes payload = hex(q.hex);
      const std::string what = "Send a text frame from the UTF-8 stress test (" + std::string(sections[s].title) + "): " + q.hex + ".";
      if (q.valid) {
        Case c = valid_text(id, what, {send_message(1, payload, 0), KillAfter{0.5}}, payload);
        c.rules = {r::utf8_noncharacters_valid, r::receive_message_assembly};
        out.push_back(std::move(c));
      } else {
        out.push_back(invalid_text(id, what, {send_message(1, payload, 0), KillAfter{0.5}}));
      }
    }
  }
}

}  // namespace wsconform::cases
