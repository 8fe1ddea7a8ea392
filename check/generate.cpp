#include "check/generate.hpp"

#include "model/utf8.hpp"

namespace wsconform::check {
namespace {

namespace gen = rc::gen;

Bytes utf8_of(const std::vector<std::uint32_t>& code_points) {
  Bytes out;
  for (std::uint32_t c : code_points) {
    if (c < 0x80) {
      out.push_back(static_cast<std::uint8_t>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<std::uint8_t>(0xC0 | (c >> 6)));
      out.push_back(static_cast<std::uint8_t>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<std::uint8_t>(0xE0 | (c >> 12)));
      out.push_back(static_cast<std::uint8_t>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<std::uint8_t>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<std::uint8_t>(0xF0 | (c >> 18)));
      out.push_back(static_cast<std::uint8_t>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<std::uint8_t>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<std::uint8_t>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// Scalar values of every encoded length, ASCII most often (shrinks toward "a").
rc::Gen<std::uint32_t> gen_scalar() {
  return gen::weightedOneOf<std::uint32_t>({{6, gen::inRange<std::uint32_t>(0x61, 0x7b)},
                                            {2, gen::inRange<std::uint32_t>(0, 0x80)},
                                            {1, gen::inRange<std::uint32_t>(0x80, 0x800)},
                                            {1, gen::inRange<std::uint32_t>(0x800, 0xD800)},
                                            {1, gen::inRange<std::uint32_t>(0xE000, 0x10000)},
                                            {1, gen::inRange<std::uint32_t>(0x10000, 0x110000)}});
}

rc::Gen<Bytes> gen_valid_utf8() {
  return gen::map(gen::container<std::vector<std::uint32_t>>(gen_scalar()), utf8_of);
}

// Octets no UTF-8 decoder may take (RFC 3629): a lone continuation, an overlong form, a
// surrogate, past U+10FFFF, a sequence cut short, octets that never appear.
rc::Gen<Bytes> gen_broken_sequence() {
  return gen::elementOf(std::vector<Bytes>{{0x80}, {0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF},
                                           {0xF4, 0x90, 0x80, 0x80}, {0xF5}, {0xFE}, {0xFF}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98}});
}

// Valid UTF-8 with a broken sequence at any point.
rc::Gen<Bytes> gen_broken_utf8() {
  return gen::map(gen::tuple(gen_valid_utf8(), gen_broken_sequence(), gen::arbitrary<std::size_t>()),
                  [](const std::tuple<Bytes, Bytes, std::size_t>& t) {
                    auto [text, bad, at] = t;
                    const std::size_t pos = text.empty() ? 0 : at % (text.size() + 1);
                    text.insert(text.begin() + static_cast<std::ptrdiff_t>(pos), bad.begin(), bad.end());
                    return text;
                  });
}

rc::Gen<Bytes> gen_octets(std::size_t max) {
  return gen::mapcat(gen::inRange<std::size_t>(0, max + 1),
                     [](std::size_t n) { return gen::container<Bytes>(n, gen::arbitrary<std::uint8_t>()); });
}

// Offsets to cut or split at; most verbs go in one piece.
rc::Gen<std::vector<std::size_t>> gen_offsets(std::size_t below) {
  return gen::weightedOneOf<std::vector<std::size_t>>(
      {{3, gen::just(std::vector<std::size_t>{})},
       {2, gen::container<std::vector<std::size_t>>(gen::inRange<std::size_t>(1, below))}});
}

rc::Gen<Message> gen_message() {
  const auto text = gen::map(gen::tuple(gen::weightedOneOf<Bytes>({{4, gen_valid_utf8()}, {1, gen_broken_utf8()}}),
                                        gen_offsets(40), gen_offsets(60)),
                             [](const std::tuple<Bytes, std::vector<std::size_t>, std::vector<std::size_t>>& t) {
                               return Message{true, std::get<0>(t), std::get<1>(t), std::get<2>(t)};
                             });
  const auto binary = gen::map(gen::tuple(gen::weightedOneOf<Bytes>({{4, gen_octets(64)}, {1, gen_octets(300)}}), gen_offsets(300),
                                          gen_offsets(320)),
                               [](const std::tuple<Bytes, std::vector<std::size_t>, std::vector<std::size_t>>& t) {
                                 return Message{false, std::get<0>(t), std::get<1>(t), std::get<2>(t)};
                               });
  return gen::weightedOneOf<Message>({{3, text}, {1, binary}});
}

rc::Gen<Control> gen_control() {
  return gen::map(gen::tuple(gen::arbitrary<bool>(), gen::weightedOneOf<Bytes>({{5, gen_octets(20)}, {1, gen_octets(125)}}), gen_offsets(20)),
                  [](const std::tuple<bool, Bytes, std::vector<std::size_t>>& t) {
                    return Control{std::get<0>(t), std::get<1>(t), std::get<2>(t)};
                  });
}

rc::Gen<Interleaved> gen_interleaved() {
  return gen::map(gen::tuple(gen_message(), gen_control()), [](const std::tuple<Message, Control>& t) {
    Interleaved i{std::get<0>(t), std::get<1>(t)};
    if (i.message.splits.empty()) i.message.splits.push_back(i.message.payload.size() / 2);
    if (i.message.payload.size() < 2) i.message.payload.resize(2, 'x');
    return i;
  });
}

// Codes at every edge of §7.4 (defined, reserved, unassigned, registered, private, out of
// range) and any other 16-bit value.
rc::Gen<std::optional<std::uint16_t>> gen_close_code() {
  return gen::weightedOneOf<std::optional<std::uint16_t>>(
      {{1, gen::just(std::optional<std::uint16_t>{})},
       {6, gen::map(gen::element<std::uint16_t>(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 0, 999, 1004, 1005, 1006, 1012,
                                                1013, 1014, 1015, 1016, 1100, 2000, 2999, 3000, 3999, 4000, 4999, 5000, 65535),
                    [](std::uint16_t c) { return std::optional(c); })},
       {1, gen::map(gen::arbitrary<std::uint16_t>(), [](std::uint16_t c) { return std::optional(c); })}});
}

rc::Gen<Close> gen_close() {
  return gen::map(gen::tuple(gen_close_code(), gen::weightedOneOf<Bytes>({{4, gen_valid_utf8()}, {1, gen_broken_utf8()}, {1, gen_octets(130)}})),
                  [](const std::tuple<std::optional<std::uint16_t>, Bytes>& t) {
                    Close c{std::get<0>(t), std::get<1>(t)};
                    if (!c.code) c.reason.clear();
                    return c;
                  });
}

rc::Gen<RawFrame> gen_raw_frame() {
  return gen::map(gen::tuple(gen::inRange<int>(0, 16), gen::arbitrary<bool>(), gen::weightedOneOf<std::uint8_t>({{2, gen::just<std::uint8_t>(0)}, {1, gen::inRange<std::uint8_t>(0, 8)}}),
                             gen::weightedOneOf<bool>({{5, gen::just(false)}, {1, gen::just(true)}}),
                             gen::element<std::uint8_t>(0, 0, 16, 64), gen::weightedOneOf<Bytes>({{4, gen_octets(16)}, {1, gen_octets(130)}}),
                             gen::weightedOneOf<std::size_t>({{4, gen::just<std::size_t>(0)}, {1, gen::inRange<std::size_t>(1, 16)}})),
                  [](const std::tuple<int, bool, std::uint8_t, bool, std::uint8_t, Bytes, std::size_t>& t) {
                    const auto& [op, fin, rsv, against, bits, payload, keep] = t;
                    return RawFrame{static_cast<std::uint8_t>(op), fin, rsv, against, bits, payload, keep};
                  });
}

template <class T>
rc::Gen<Verb> as_verb(rc::Gen<T> g) {
  return gen::map(std::move(g), [](T v) { return Verb(std::move(v)); });
}

}  // namespace

rc::Gen<Verb> gen_verb() {
  return gen::weightedOneOf<Verb>({{6, as_verb(gen_message())},
                                   {2, as_verb(gen_control())},
                                   {2, as_verb(gen_interleaved())},
                                   {1, as_verb(gen_close())},
                                   {2, as_verb(gen_raw_frame())},
                                   {1, gen::just(Verb(CloseTcp{}))}});
}

rc::Gen<std::vector<Verb>> gen_program() { return gen::container<std::vector<Verb>>(gen_verb()); }

rc::Shrinkable<std::vector<Verb>> draw_program(std::uint64_t seed, std::uint64_t index, int max_size) {
  const rc::Random random(rc::Random::Key{seed, index, 0x77736366u, 0});
  const int size = max_size <= 0 ? 0 : static_cast<int>(index % static_cast<std::uint64_t>(max_size + 1));
  return gen_program()(random, size);
}

}  // namespace wsconform::check
