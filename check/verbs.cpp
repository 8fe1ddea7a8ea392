#include "check/verbs.hpp"

#include <algorithm>
#include <sstream>

#include "model/frame.hpp"

namespace wsconform::check {
namespace {

// The key the tester masks with toward a server: any 32-bit value is a key (§5.3); a fixed one
// keeps every write of a replay identical.
constexpr model::MaskKey kMaskKey{0x9e, 0x37, 0x79, 0xb9};

std::vector<std::size_t> inside(std::vector<std::size_t> offsets, std::size_t size) {
  std::erase_if(offsets, [size](std::size_t o) { return o == 0 || o >= size; });
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  return offsets;
}

std::vector<Bytes> cut(const Bytes& wire, const std::vector<std::size_t>& cuts) {
  std::vector<Bytes> pieces;
  std::size_t at = 0;
  for (std::size_t c : inside(cuts, wire.size())) {
    pieces.emplace_back(wire.begin() + static_cast<std::ptrdiff_t>(at), wire.begin() + static_cast<std::ptrdiff_t>(c));
    at = c;
  }
  pieces.emplace_back(wire.begin() + static_cast<std::ptrdiff_t>(at), wire.end());
  return pieces;
}

Bytes encode(model::FrameHeader h, const Bytes& payload, bool masked) {
  h.masked = masked;
  if (masked) h.mask_key = kMaskKey;
  return model::encode_frame(h, payload);
}

std::string octets(const Bytes& b) {
  std::ostringstream o;
  o << b.size() << (b.size() == 1 ? " octet" : " octets");
  return o.str();
}

std::string pieces(const std::vector<Bytes>& writes) {
  return writes.size() == 1 ? "" : ", written in " + std::to_string(writes.size()) + " pieces";
}

// The frames of a message; a control frame goes after fragment `control_after` (if any).
Bytes message_wire(const Message& m, bool masked, const Control* control, std::size_t& fragments) {
  const auto splits = inside(m.splits, m.payload.size());
  fragments = splits.size() + 1;
  Bytes wire;
  std::size_t at = 0;
  for (std::size_t i = 0; i <= splits.size(); ++i) {
    const std::size_t end = i < splits.size() ? splits[i] : m.payload.size();
    const Bytes part(m.payload.begin() + static_cast<std::ptrdiff_t>(at), m.payload.begin() + static_cast<std::ptrdiff_t>(end));
    const auto op = i > 0 ? model::opcode::continuation : m.text ? model::opcode::text : model::opcode::binary;
    const Bytes f = encode(model::make_header(op, part.size(), i == splits.size()), part, masked);
    wire.insert(wire.end(), f.begin(), f.end());
    if (control && i == 0) {
      const auto cop = control->ping ? model::opcode::ping : model::opcode::pong;
      const Bytes c = encode(model::make_header(cop, control->payload.size()), control->payload, masked);
      wire.insert(wire.end(), c.begin(), c.end());
    }
    at = end;
  }
  return wire;
}

std::string message_what(const Message& m, std::size_t fragments) {
  return std::string("peer sends a ") + (m.text ? "text" : "binary") + " message of " + octets(m.payload) +
         (fragments > 1 ? " in " + std::to_string(fragments) + " fragments" : "");
}

}  // namespace

Step lower(const Verb& verb, model::Role target_role) {
  const bool masked = target_role == model::Role::server;
  Step s;
  if (const auto* m = std::get_if<Message>(&verb)) {
    std::size_t fragments = 0;
    s.writes = cut(message_wire(*m, masked, nullptr, fragments), m->cuts);
    s.what = message_what(*m, fragments) + pieces(s.writes);
  } else if (const auto* c = std::get_if<Control>(&verb)) {
    const auto op = c->ping ? model::opcode::ping : model::opcode::pong;
    s.writes = cut(encode(model::make_header(op, c->payload.size()), c->payload, masked), c->cuts);
    s.what = std::string("peer sends a ") + (c->ping ? "Ping" : "Pong") + " of " + octets(c->payload) + pieces(s.writes);
  } else if (const auto* i = std::get_if<Interleaved>(&verb)) {
    std::size_t fragments = 0;
    s.writes = cut(message_wire(i->message, masked, &i->control, fragments), i->message.cuts);
    s.what = message_what(i->message, fragments) + " with a " + (i->control.ping ? "Ping" : "Pong") + " of " +
             octets(i->control.payload) + " after its first frame" + pieces(s.writes);
  } else if (const auto* cl = std::get_if<Close>(&verb)) {
    s.kind = Step::Kind::close;
    s.code = cl->code;
    s.reason = cl->reason;
    s.what = "peer sends Close " + (cl->code ? std::to_string(*cl->code) + " with a reason of " + octets(cl->reason) : "without a code");
  } else if (const auto* r = std::get_if<RawFrame>(&verb)) {
    const auto op = static_cast<model::opcode>(r->opcode & 0x0f);
    model::FrameHeader h = model::make_header(op, r->payload.size(), r->fin);
    h.rsv1 = r->rsv & 4;
    h.rsv2 = r->rsv & 2;
    h.rsv3 = r->rsv & 1;
    if (r->length_bits == 16 && r->payload.size() <= 0xffff) h.form = model::length_form::bits16;
    if (r->length_bits == 64) h.form = model::length_form::bits64;
    Bytes wire = encode(h, r->payload, masked != r->against_role);
    const bool cut_short = r->keep > 0 && r->keep < wire.size();
    if (cut_short) wire.resize(r->keep);
    s.writes = {wire};
    std::ostringstream o;
    o << "peer sends a raw " << model::name_of(op) << " frame, FIN=" << r->fin << " RSV=" << int(r->rsv)
      << ((masked != r->against_role) ? " masked" : " unmasked") << ", length " << r->payload.size()
      << (h.form == model::length_form::bits16 ? " in the 16-bit form" : h.form == model::length_form::bits64 ? " in the 64-bit form" : "");
    if (cut_short) o << ", only its first " << r->keep << " octets";
    s.what = o.str();
  } else {
    s.kind = Step::Kind::close_tcp;
    s.what = "peer closes TCP";
  }
  return s;
}

std::vector<Step> lower(const std::vector<Verb>& verbs, model::Role target_role) {
  std::vector<Step> steps;
  steps.reserve(verbs.size());
  for (const auto& v : verbs) steps.push_back(lower(v, target_role));
  return steps;
}

}  // namespace wsconform::check
