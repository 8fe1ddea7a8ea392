// fuzz_pmd_inflate: one compressed message (RFC 7692 §7.2.2) as impl receives it, in frames
// and chunks chosen by the input, under an inflated-size limit chosen by the input; the model's
// own DEFLATE reader is the oracle. Checks: no crash, no growth past the limit; impl delivers
// exactly what the model inflates, fails with 1009 where the model passes the limit, and fails
// on data the model finds corrupt - except data cut inside a block, which impl (like every
// zlib-based receiver) may deliver as far as it goes.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz/input_reader.hpp"
#include "impl/connection.hpp"
#include "model/inflate.hpp"

using namespace wsconform;

namespace {
[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "%s\n", what);
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader in(data, size);
  const std::uint8_t knobs = in.byte();
  const std::size_t limit = std::size_t{1} << (8 + (knobs & 15));  // 256 octets .. 8 MiB
  const std::size_t fragment = 1 + in.byte();
  const std::size_t chunk = 1 + in.byte() * 4u;
  const auto payload_span = in.rest();
  const std::vector<std::uint8_t> payload(payload_span.begin(), payload_span.end());

  // The message as a server writes it to a client: text or binary, fragmented.
  std::vector<std::uint8_t> wire;
  const std::uint8_t opcode = (knobs & 16) ? 1 : 2;
  std::size_t at = 0;
  do {
    const std::size_t n = std::min(fragment, payload.size() - at);
    const bool fin = at + n == payload.size();
    std::uint8_t header[10];
    std::size_t h = 0;
    header[h++] = static_cast<std::uint8_t>((fin ? 0x80 : 0) | (at == 0 ? 0x40 | opcode : 0));
    if (n < 126) {
      header[h++] = static_cast<std::uint8_t>(n);
    } else {
      header[h++] = 126;
      header[h++] = static_cast<std::uint8_t>(n >> 8);
      header[h++] = static_cast<std::uint8_t>(n);
    }
    wire.insert(wire.end(), header, header + h);
    wire.insert(wire.end(), payload.begin() + static_cast<std::ptrdiff_t>(at), payload.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
  } while (at < payload.size());

  impl::config cfg;
  cfg.side = impl::role::client;
  cfg.start_open = true;
  cfg.random = [](std::span<std::uint8_t> out) {
    for (auto& o : out) o = 0x5a;
  };
  cfg.start_deflate = impl::deflate_agreement{};
  cfg.limits.max_message_size = limit;
  impl::connection client(cfg);
  std::vector<std::uint8_t> delivered;
  bool got_message = false, failed = false;
  impl::error why = impl::error::none;
  for (std::size_t i = 0; i < wire.size(); i += chunk) {
    client.receive_data(std::span(wire).subspan(i, std::min(chunk, wire.size() - i)));
    for (const auto& e : client.events()) {
      if (e.kind == impl::event_kind::message) {
        got_message = true;
        delivered.assign(e.data.begin(), e.data.end());
      }
      if (e.kind == impl::event_kind::failed) {
        failed = true;
        why = e.err;
      }
    }
  }
  if (delivered.size() > limit) finding("impl delivered more than its limit");

  model::PmdInflater reader(15, false);
  const model::InflatedMessage m = reader.message(payload, limit);
  if (m.limit_reached) {
    // 1009, or - text found invalid on the way to the limit - 1007 first.
    const bool utf8_first = opcode == 1 && why == impl::error::bad_utf8;
    if (!(failed && (why == impl::error::message_too_big || utf8_first)))
      finding("the message inflates past the limit and impl did not fail with 1009");
    return 0;
  }
  if (m.error && m.error->fault != model::InflateFault::truncated) {
    if (!failed) finding("the model finds the data corrupt and impl did not fail");
    return 0;
  }
  if (m.error) {  // cut inside a block: impl may deliver what came, or fail
    if (got_message && (delivered.size() > m.data.size() || !std::equal(delivered.begin(), delivered.end(), m.data.begin())))
      finding("impl delivered something other than a prefix of the data before the cut");
    return 0;
  }
  const bool text_invalid = opcode == 1 && failed && why == impl::error::bad_utf8;
  if (text_invalid) return 0;
  if (!got_message) finding("the model inflates the message and impl did not deliver it");
  if (delivered != m.data) finding("impl delivered other octets than the model inflates");
  return 0;
}
