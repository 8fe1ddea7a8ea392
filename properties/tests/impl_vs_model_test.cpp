// impl/ against model/: random peer streams (valid and broken frames of every kind), cut
// into random chunks, go to both through differential::run; everything impl does - frames,
// deliveries, TCP close - is replayed into the model, which must find nothing outside the
// allowed set (no violation).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "differential/differential.hpp"
#include "model/endpoint.hpp"
#include "properties/counterexample.hpp"
#include "properties/generators.hpp"

namespace wsconform::properties {
namespace {

using model::Bytes;

// A frame as the peer of `receiver` would send it: mostly well-formed (right masking,
// no RSV, known opcodes), sometimes not.
rc::Gen<model::Frame> gen_peer_frame(model::Role receiver) {
  return rc::gen::exec([receiver] {
    model::Frame f = *gen_frame();
    const bool well_formed = *rc::gen::inRange(0, 4) != 0;
    if (well_formed) {
      f.header.rsv1 = f.header.rsv2 = f.header.rsv3 = false;
      const int op = *rc::gen::element(0, 1, 2, 8, 9, 10);
      f.header.op = static_cast<model::opcode>(op);
      if (model::is_control(f.header.op)) {
        f.payload.resize(std::min<std::size_t>(f.payload.size(), 125));
        f.header.fin = true;
        if (f.header.op == model::opcode::close && f.payload.size() >= 2) {
          const auto code = *rc::gen::element<std::uint16_t>(1000, 1001, 1002, 1004, 1005, 1007, 1012, 1016, 2999, 3000,
                                                                4999, 5000, 999, 0);
          f.payload[0] = static_cast<std::uint8_t>(code >> 8);
          f.payload[1] = static_cast<std::uint8_t>(code);
          for (std::size_t i = 2; i < f.payload.size(); ++i) f.payload[i] = 'a' + i % 26;
        }
      }
      if (f.header.op == model::opcode::text && *rc::gen::arbitrary<bool>())
        for (auto& c : f.payload) c = static_cast<std::uint8_t>('a' + c % 26);
      const auto mask = receiver == model::Role::server ? std::optional(*rc::gen::arbitrary<model::MaskKey>()) : std::nullopt;
      f.header = model::make_header(f.header.op, f.payload.size(), f.header.fin, mask);
    }
    return f;
  });
}

void check_role(model::Role role) {
  const auto frames = *gen_some(1, 6, gen_peer_frame(role));
  Bytes wire;
  for (const auto& f : frames) {
    const Bytes b = model::encode_frame(f);
    wire.insert(wire.end(), b.begin(), b.end());
  }
  const auto cuts = *gen_cuts(wire.size());
  std::vector<Bytes> chunks;
  for (auto part : split(wire, cuts)) chunks.emplace_back(part.begin(), part.end());
  // The one impl-vs-model replay (differential/): the peer closes TCP at the end, as a server
  // tester would.
  const auto input = differential::stream_input(role, true, chunks);
  const auto outcome = differential::run(input, false);
  if (outcome.violation())
    RC_FAIL("impl left the model's allowed set: " + outcome.first_violation() + "\n  replay: wsconform explain " +
            write_counterexample(input, "impl-vs-model-" + std::string(model::to_string(role))));
}

RC_GTEST_PROP(ImplVsModel, server_behaviour_is_always_allowed_by_the_model, ()) { check_role(model::Role::server); }
RC_GTEST_PROP(ImplVsModel, client_behaviour_is_always_allowed_by_the_model, ()) { check_role(model::Role::client); }

}  // namespace
}  // namespace wsconform::properties
