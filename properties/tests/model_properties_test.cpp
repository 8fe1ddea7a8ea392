// Properties of the model on its own: the frame grammar round-trips under every chunking,
// the reference UTF-8 validator is chunking-invariant, and the endpoint model's decisions do
// not depend on how its input was cut.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "model/endpoint.hpp"
#include "model/utf8.hpp"
#include "properties/generators.hpp"

namespace wsconform::properties {
namespace {

using model::Bytes;

RC_GTEST_PROP(FrameGrammar, encode_then_decode_is_identity_under_any_chunking, ()) {
  const auto frames = *gen_some(1, 3, gen_frame());
  Bytes wire;
  for (const auto& f : frames) {
    const Bytes b = model::encode_frame(f);
    wire.insert(wire.end(), b.begin(), b.end());
  }
  const auto cuts = *gen_cuts(wire.size());
  model::FrameDecoder decoder;
  std::vector<model::DecodeEvent> events;
  std::vector<model::Frame> got;
  for (auto part : split(wire, cuts)) {
    events.clear();
    decoder.feed(part, events);  // payload views last until the next feed
    for (auto& e : events) {
      if (auto* h = std::get_if<model::HeaderDecoded>(&e)) got.push_back({h->header, {}});
      if (auto* p = std::get_if<model::PayloadDecoded>(&e)) got.back().payload.insert(got.back().payload.end(), p->data.begin(), p->data.end());
    }
  }
  RC_ASSERT(got == frames);
  RC_ASSERT(decoder.at_frame_boundary());
}

RC_GTEST_PROP(Utf8Reference, incremental_equals_whole_for_any_split, ()) {
  const Bytes text = *rc::gen::oneOf(gen_bytes(40),
                                     rc::gen::map(rc::gen::arbitrary<std::string>(), [](const std::string& s) {
                                       return Bytes(s.begin(), s.end());
                                     }));
  const auto whole = model::validate_utf8(text);
  model::Utf8Validator v;
  for (auto part : split(text, *gen_cuts(text.size()))) v.feed(part);
  const auto pieces = v.finish();
  RC_ASSERT(whole.has_value() == pieces.has_value());
  if (whole) {
    RC_ASSERT(whole->offset == pieces->offset);
    RC_ASSERT(whole->rule == pieces->rule);
  }
}

// fragment.receive-any-split, from the model's side: chunking changes neither the cause,
// nor the obligations, nor the grade of a silent endpoint.
RC_GTEST_PROP(EndpointModel, decisions_do_not_depend_on_chunking, ()) {
  const auto role = *rc::gen::element(model::Role::server, model::Role::client);
  const auto frames = *gen_some(1, 4, gen_frame());
  Bytes wire;
  for (auto f : frames) {
    const Bytes b = model::encode_frame(f);
    wire.insert(wire.end(), b.begin(), b.end());
  }
  model::Endpoint whole(role), pieces(role);
  whole.peer_sent(wire);
  for (auto part : split(wire, *gen_cuts(wire.size()))) pieces.peer_sent(part);
  RC_ASSERT(whole.fail_cause().has_value() == pieces.fail_cause().has_value());
  if (whole.fail_cause()) RC_ASSERT(whole.fail_cause()->rules == pieces.fail_cause()->rules);
  RC_ASSERT(whole.allowed().size() == pieces.allowed().size());
  whole.finish();
  pieces.finish();
  RC_ASSERT(whole.grade() == pieces.grade());
}

}  // namespace
}  // namespace wsconform::properties
