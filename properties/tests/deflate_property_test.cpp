// impl/'s permessage-deflate against the model's own DEFLATE reading (RFC 7692): whatever impl
// compresses, under any agreement, the model inflates back to the message, with no reference
// beyond the agreed window or into an earlier message when context takeover was given up; and
// impl inflates every compressed stream the same as the model, fed in any chunking.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "boundaries/boundaries.hpp"
#include "impl/connection.hpp"
#include "impl/permessage_deflate.hpp"
#include "model/frame.hpp"
#include "model/inflate.hpp"
#include "model/pmd_negotiation.hpp"
#include "properties/generators.hpp"

namespace wsconform::properties {
namespace {

using model::Bytes;

// Messages that compress with long and short back-references: pieces of a small vocabulary,
// some repeated from earlier messages, some noise.
rc::Gen<std::vector<Bytes>> gen_messages() {
  return rc::gen::exec([] {
    const std::vector<std::string> words = {"permessage", "deflate", "window", "{\"id\":", "0000", " ", "\n", "Hello"};
    const int count = *rc::gen::inRange(1, 8);
    std::vector<Bytes> out;
    for (int i = 0; i < count; ++i) {
      Bytes m;
      const int pieces = *rc::gen::inRange(0, 400);
      for (int p = 0; p < pieces; ++p) {
        if (*rc::gen::inRange(0, 10) == 0) {
          m.push_back(*rc::gen::arbitrary<std::uint8_t>());
        } else {
          const std::string& w = words[*rc::gen::inRange<std::size_t>(0, words.size())];
          m.insert(m.end(), w.begin(), w.end());
        }
      }
      out.push_back(std::move(m));
    }
    return out;
  });
}

struct WireMessage {
  bool compressed = false;
  Bytes payload;  // the frames' payloads joined
};

// The frames impl wrote, read back with the model's decoder, as whole messages.
std::vector<WireMessage> messages_on_the_wire(const Bytes& wire) {
  const auto decoded = model::decode_frames(wire);
  RC_ASSERT(!decoded.stopped);
  std::vector<WireMessage> out;
  for (const auto& f : decoded.frames) {
    if (f.header.op != model::opcode::continuation) {
      RC_ASSERT(!f.header.rsv2 && !f.header.rsv3);
      out.push_back({f.header.rsv1, {}});
    } else {
      RC_ASSERT(!f.header.rsv1);  // pmd.rsv1.first-frame-only
    }
    out.back().payload.insert(out.back().payload.end(), f.payload.begin(), f.payload.end());
  }
  return out;
}

RC_GTEST_PROP(DeflateVsModel, impl_compressed_messages_inflate_in_the_model_within_the_agreed_window, ()) {
  const int bits = *rc::gen::inRange(8, 16);
  const bool reset = *rc::gen::arbitrary<bool>();
  const std::size_t fragment = *rc::gen::element<std::size_t>(0, 1, 7, 300);
  const auto messages = *gen_messages();
  impl::config cfg;
  cfg.side = impl::role::server;
  cfg.start_open = true;
  cfg.start_deflate = impl::deflate_agreement{bits, reset, false};
  cfg.deflate.min_size = *rc::gen::element<std::size_t>(0, 64);
  cfg.deflate.level = *rc::gen::inRange(1, 10);
  impl::connection server(cfg);
  for (const auto& m : messages) RC_ASSERT(server.send_binary(m, fragment) == impl::error::none);
  const auto wire = messages_on_the_wire(server.take_output());
  RC_ASSERT(wire.size() == messages.size());
  model::PmdInflater reader(bits, reset);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    RC_ASSERT(wire[i].compressed == (messages[i].size() >= cfg.deflate.min_size));
    if (!wire[i].compressed) {
      RC_ASSERT(wire[i].payload == messages[i]);
      continue;
    }
    const auto m = reader.message(wire[i].payload, std::size_t{1} << 24);
    RC_ASSERT(!m.error);
    RC_ASSERT(!m.breach);  // pmd.window.sender-bound, pmd.no-context-takeover.reset
    RC_ASSERT(m.data == messages[i]);
  }
}

RC_GTEST_PROP(DeflateVsModel, impl_inflates_what_the_model_inflates_in_any_chunking, ()) {
  const auto messages = *gen_messages();
  // A client compresses (masked frames); the server under test inflates them in chunks.
  impl::config sender;
  sender.side = impl::role::client;
  sender.start_open = true;
  sender.random = [n = std::uint64_t{1}](std::span<std::uint8_t> out) mutable {
    for (auto& o : out) o = static_cast<std::uint8_t>((n = n * 6364136223846793005ull + 1) >> 56);
  };
  sender.start_deflate = impl::deflate_agreement{};
  sender.deflate.min_size = 0;
  impl::connection client(sender);
  for (const auto& m : messages) RC_ASSERT(client.send_binary(m, *rc::gen::element<std::size_t>(0, 5)) == impl::error::none);
  const Bytes wire = client.take_output();
  impl::config receiver;
  receiver.side = impl::role::server;
  receiver.start_open = true;
  receiver.start_deflate = impl::deflate_agreement{};
  impl::connection server(receiver);
  const std::size_t chunk = *rc::gen::inRange<std::size_t>(1, 64);
  std::vector<Bytes> got;
  for (std::size_t at = 0; at < wire.size(); at += chunk) {
    server.receive_data(std::span(wire).subspan(at, std::min(chunk, wire.size() - at)));
    for (const auto& e : server.events()) {
      RC_ASSERT(e.kind != impl::event_kind::failed);
      if (e.kind == impl::event_kind::message && !e.text) got.emplace_back(e.data.begin(), e.data.end());
    }
  }
  RC_ASSERT(got == messages);
}

// The window-bits values Z3 finds at the edges of the model's own rules (7/8, 8/9, 15/16), in
// every parameter and both roles: impl's server accepts an offer iff the model reads it valid,
// and impl's client takes a response iff the model does.
TEST(PmdEquivalence, pmd_window_bits_value_z3_edges_impl_and_model_agree_in_both_roles) {
  const auto points = boundaries::window_bits_points(boundaries::enumerate_all());
  ASSERT_FALSE(points.empty());
  impl::deflate_server_policy policy;
  policy.enabled = true;
  for (int v : points)
    for (const char* param : {"server_max_window_bits", "client_max_window_bits"}) {
      const std::string offer = "permessage-deflate; " + std::string(param) + "=" + std::to_string(v);
      const auto model_offers = model::read_offer_header(offer);
      ASSERT_EQ(model_offers.offers.size(), 1u);
      EXPECT_EQ(impl::accept_deflate_offer(offer, policy).has_value(), model_offers.offers[0].offer.has_value()) << offer;
      const auto items = impl::parse_extension_list(offer);
      ASSERT_TRUE(items.has_value());
      impl::deflate_client_offer client;
      client.enabled = true;
      client.client_max_window_bits = true;
      model::PmdOffer model_client;
      model_client.client_max_window_bits = true;
      const bool model_takes = model::read_response_header(offer, std::span(&model_client, 1)).agreement.has_value();
      EXPECT_EQ(impl::check_deflate_response((*items)[0], client).err == impl::error::none, model_takes) << offer;
    }
}

// The inflated sizes Z3 puts either side of a declared limit: exactly the limit is delivered,
// one octet more is refused with 1009, by impl and by the model alike.
TEST(PmdEquivalence, pmd_limit_inflated_size_z3_edges_impl_and_model_agree) {
  const std::uint64_t limit = 4096;
  for (std::uint64_t size : boundaries::inflated_limit_points(limit)) {
    const Bytes message(size, 'x');
    impl::config sender;
    sender.side = impl::role::server;
    sender.start_open = true;
    sender.start_deflate = impl::deflate_agreement{};
    sender.deflate.min_size = 0;
    impl::connection server(sender);
    ASSERT_EQ(server.send_binary(message), impl::error::none);
    const Bytes wire = server.take_output();
    impl::config receiver;
    receiver.side = impl::role::client;
    receiver.start_open = true;
    receiver.random = [](std::span<std::uint8_t> o) { std::fill(o.begin(), o.end(), 7); };
    receiver.start_deflate = impl::deflate_agreement{};
    receiver.limits.max_message_size = limit;
    impl::connection client(receiver);
    client.receive_data(wire);
    const bool impl_delivered = !client.events().empty() && client.events()[0].kind == impl::event_kind::message;
    const auto frames = model::decode_frames(wire);
    ASSERT_EQ(frames.frames.size(), 1u);
    model::PmdInflater reader(15, false);
    const auto m = reader.message(frames.frames[0].payload, limit);
    EXPECT_EQ(impl_delivered, !m.limit_reached) << size;
    EXPECT_EQ(impl_delivered, size <= limit) << size;
    if (!impl_delivered) {
      EXPECT_EQ(client.events()[0].err, impl::error::message_too_big) << size;
    }
  }
}

}  // namespace
}  // namespace wsconform::properties
