#include "model/rfc_examples.hpp"

namespace wsconform::model {
namespace {

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

Frame frame(opcode op, bool fin, Bytes payload, std::optional<MaskKey> mask = std::nullopt) {
  Frame f{make_header(op, payload.size(), fin, mask), std::move(payload)};
  return f;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace

std::vector<RfcExample> rfc_section_5_7_examples() {
  const MaskKey key{0x37, 0xfa, 0x21, 0x3d};
  Bytes binary256(256);
  for (std::size_t i = 0; i < binary256.size(); ++i) binary256[i] = static_cast<std::uint8_t>(i);
  Bytes binary64k(65536);
  for (std::size_t i = 0; i < binary64k.size(); ++i) binary64k[i] = static_cast<std::uint8_t>(i * 7);

  return {
      {"single-frame unmasked text \"Hello\"", Role::server,
       {0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f},
       {frame(opcode::text, true, text("Hello"))}},
      {"single-frame masked text \"Hello\"", Role::client,
       {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58},
       {frame(opcode::text, true, text("Hello"), key)}},
      {"fragmented unmasked text \"Hel\" + \"lo\"", Role::server,
       {0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f},
       {frame(opcode::text, false, text("Hel")), frame(opcode::continuation, true, text("lo"))}},
      {"unmasked ping \"Hello\"", Role::server,
       {0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f},
       {frame(opcode::ping, true, text("Hello"))}},
      {"masked pong \"Hello\"", Role::client,
       {0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58},
       {frame(opcode::pong, true, text("Hello"), key)}},
      {"256-byte unmasked binary", Role::server,
       concat({{0x82, 0x7E, 0x01, 0x00}, binary256}),
       {frame(opcode::binary, true, binary256)}},
      {"64 KiB unmasked binary", Role::server,
       concat({{0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00}, binary64k}),
       {frame(opcode::binary, true, binary64k)}},
  };
}

}  // namespace wsconform::model
