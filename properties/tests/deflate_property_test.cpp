// impl/'s permessage-deflate against the model's own DEFLATE reading (RFC 7692): whatever impl
// compresses, under any agreement, the model inflates back to the message, with no reference
// beyond the agreed window or into an earlier message when context takeover was given up; and
// impl inflates every compressed stream the same as the model, fed in any chunking.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "impl/connection.hpp"
#include "model/frame.hpp"
#include "model/inflate.hpp"
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

}  // namespace
}  // namespace wsconform::properties
