// fuzz_impl_connection: impl's endpoint, either role, fed a byte stream in fuzzer-chosen
// chunks, starting with the opening handshake half the time, with permessage-deflate half the
// time (negotiated or agreed from the start). Checks: no crash, no hang, no
// unbounded allocation (ASan/UBSan and libFuzzer's limits), and the sending API keeps working.
#include "differential/differential.hpp"
#include "impl/connection.hpp"

using namespace wsconform;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto in = differential::parse_input({data, size});
  impl::config cfg;
  cfg.side = in.role == model::Role::server ? impl::role::server : impl::role::client;
  cfg.start_open = (data[0] & 4) == 0;
  cfg.limits.max_message_size = 1 << 20;
  cfg.client.host = "example";
  // permessage-deflate offered and accepted in the handshake, or agreed from the start.
  if (data[0] & 8) {
    cfg.server.deflate.enabled = true;
    cfg.client.deflate.enabled = true;
    if (cfg.start_open) cfg.start_deflate = impl::deflate_agreement{};
  }
  std::uint32_t seed = 1;
  cfg.random = [&seed](std::span<std::uint8_t> out) {
    for (auto& o : out) o = static_cast<std::uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
  };
  impl::connection conn(cfg);
  for (const auto& a : in.actions) {
    const auto* chunk = std::get_if<differential::PeerChunk>(&a);
    if (!chunk) continue;
    const auto& c = chunk->octets;
    conn.receive_data(c);
    for (const auto& e : conn.events())
      if (e.kind == impl::event_kind::message) (void)(e.text ? conn.send_text(e.data) : conn.send_binary(e.data));
    (void)conn.take_output();
    if (conn.should_close_tcp()) break;
  }
  if (in.peer_closes) conn.receive_eof();
  return 0;
}
