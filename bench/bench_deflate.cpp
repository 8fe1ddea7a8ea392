// permessage-deflate against raw zlib at the same level and window, in the same run: impl's
// compress-and-frame and its inflate-and-validate (UTF-8 for text) on 16 KiB messages with
// context takeover, on three kinds of data; the model's own DEFLATE reader (a reference, no
// goal); and the extension-header parser on a 64 KiB pathological value.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "bench/ratio.hpp"
#include "impl/connection.hpp"
#include "impl/permessage_deflate.hpp"
#include "model/inflate.hpp"

namespace wsconform::bench {
namespace {

using bytes = std::vector<std::uint8_t>;
constexpr std::size_t kMessage = 16 << 10, kMessages = 64;  // 1 MiB per iteration
constexpr int kLevel = 6;
constexpr std::size_t kRead = 64 << 10;  // octets per receive call in the inflate benchmarks

// 0: JSON-like records (compresses to ~5%), 1: word text (~35%), 2: noisy binary (~85%).
bytes corpus(int kind) {
  bytes out;
  std::uint32_t x = 12345;
  const char* words[] = {"permessage ", "deflate ", "window ", "sliding ", "context ", "takeover ", "message ", "frame "};
  while (out.size() < kMessage * kMessages) {
    x = x * 1103515245u + 12345u;
    if (kind == 0) {
      const std::string rec = "{\"id\":" + std::to_string(out.size() % 9973) + ",\"name\":\"user\",\"active\":true},";
      out.insert(out.end(), rec.begin(), rec.end());
    } else if (kind == 1) {
      const std::string w = words[(x >> 16) % 8];
      out.insert(out.end(), w.begin(), w.end());
      if ((x >> 8) % 5 == 0) out.push_back(static_cast<std::uint8_t>('a' + (x >> 20) % 26));
    } else {
      out.push_back(static_cast<std::uint8_t>((x >> 24) & ((x >> 8) % 3 ? 0xff : 0x0f)));
    }
  }
  out.resize(kMessage * kMessages);
  return out;
}

std::span<const std::uint8_t> message(const bytes& c, std::size_t i) { return std::span(c).subspan(i * kMessage, kMessage); }

// Raw zlib: one stream, Z_SYNC_FLUSH per message, the 4-octet tail dropped (what §7.2.1 asks).
std::vector<bytes> zlib_compress_messages(const bytes& c) {
  z_stream z{};
  deflateInit2(&z, kLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::vector<bytes> out;
  for (std::size_t i = 0; i < kMessages; ++i) {
    bytes m(deflateBound(&z, kMessage) + 16);
    const auto in = message(c, i);
    z.next_in = const_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = m.data();
    z.avail_out = static_cast<uInt>(m.size());
    deflate(&z, Z_SYNC_FLUSH);
    m.resize(m.size() - z.avail_out - 4);
    out.push_back(std::move(m));
  }
  deflateEnd(&z);
  return out;
}

void deflate_zlib(benchmark::State& state) {
  const bytes c = corpus(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(zlib_compress_messages(c));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.size()));
}

void deflate_impl(benchmark::State& state) {
  const bytes c = corpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    impl::config cfg;
    cfg.side = impl::role::server;
    cfg.start_open = true;
    cfg.start_deflate = impl::deflate_agreement{};
    cfg.deflate.level = kLevel;
    impl::connection s(cfg);
    for (std::size_t i = 0; i < kMessages; ++i) {
      s.send_binary(message(c, i));
      benchmark::DoNotOptimize(s.output().data());
      s.consume_output(s.output().size());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.size()));
}

void inflate_zlib(benchmark::State& state) {
  const bytes c = corpus(static_cast<int>(state.range(0)));
  const auto compressed = zlib_compress_messages(c);
  bytes out(kMessage + 1024);
  const std::uint8_t tail[4] = {0, 0, 0xff, 0xff};
  // One stream for the whole run, as a long-lived connection has (the first message refers
  // to nothing before it, so the same messages can be inflated again and again).
  z_stream z{};
  inflateInit2(&z, -15);
  for (auto _ : state) {
    for (const auto& m : compressed) {
      for (auto [p, n] : {std::pair{m.data(), m.size()}, std::pair{tail, std::size_t{4}}}) {
        z.next_in = const_cast<Bytef*>(p);
        z.avail_in = static_cast<uInt>(n);
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        inflate(&z, Z_SYNC_FLUSH);
      }
      benchmark::DoNotOptimize(out.data());
    }
  }
  inflateEnd(&z);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.size()));
}

// The compressed messages as a server's frames, sent to impl as a client: text for the
// text corpora (validated after inflating), binary for the noise; kind 3 is the JSON-like
// corpus sent as binary, to show what the UTF-8 check costs at 5 GB/s of inflated output.
void inflate_impl(benchmark::State& state) {
  const int kind = static_cast<int>(state.range(0));
  const bytes c = corpus(kind == 3 ? 0 : kind);
  bytes wire;
  for (const auto& m : zlib_compress_messages(c)) {
    std::uint8_t h[10];
    const std::size_t n = impl::write_frame_header(h, true, kind >= 2 ? 2 : 1, m.size(), nullptr, 4);
    wire.insert(wire.end(), h, h + n);
    wire.insert(wire.end(), m.begin(), m.end());
  }
  impl::config cfg;
  cfg.side = impl::role::client;
  cfg.start_open = true;
  cfg.random = [](std::span<std::uint8_t> o) { std::fill(o.begin(), o.end(), 1); };
  cfg.start_deflate = impl::deflate_agreement{};
  impl::connection client(cfg);  // one connection for the whole run, like the baseline's stream
  for (auto _ : state) {
    // In 64 KiB reads, as from a socket: a call's messages stay valid until the next call.
    std::size_t delivered = 0;
    for (std::size_t at = 0; at < wire.size(); at += kRead) {
      client.receive_data(std::span(wire).subspan(at, std::min(kRead, wire.size() - at)));
      delivered += client.events().size();
    }
    if (delivered != kMessages) state.SkipWithError("not every message was delivered");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.size()));
}

void inflate_model(benchmark::State& state) {
  const bytes c = corpus(static_cast<int>(state.range(0)));
  const auto compressed = zlib_compress_messages(c);
  for (auto _ : state) {
    model::PmdInflater reader(15, false);
    for (const auto& m : compressed) benchmark::DoNotOptimize(reader.message(m, 1u << 20).data.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.size()));
}

// CVE-2020-7662's shape: an unclosed quoted-string of backslash pairs, 64 KiB. Baseline: a
// plain 64 KiB offer list of the same length, read by the same parser.
void offer_parse(benchmark::State& state) {
  std::string value;
  if (state.range(0) == 1) {
    value = "permessage-deflate; x=\"";
    while (value.size() < (64u << 10)) value += "\\\\";
  } else {
    while (value.size() < (64u << 10)) value += "permessage-deflate; client_max_window_bits, ";
  }
  impl::deflate_server_policy policy;
  policy.enabled = true;
  for (auto _ : state) benchmark::DoNotOptimize(impl::accept_deflate_offer(value, policy));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * value.size()));
}

BENCHMARK(deflate_zlib)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(deflate_impl)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(inflate_zlib)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(inflate_impl)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);
BENCHMARK(inflate_model)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(offer_parse)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

register_comparison d0("deflate_impl/0", "deflate_zlib/0", ">= 0.9x (JSON-like)", 0.9);
register_comparison d1("deflate_impl/1", "deflate_zlib/1", ">= 0.9x (words)", 0.9);
register_comparison d2("deflate_impl/2", "deflate_zlib/2", ">= 0.9x (noisy binary)", 0.9);
register_comparison i0("inflate_impl/0", "inflate_zlib/0", ">= 0.9x (JSON-like, text)", 0.9);
register_comparison i1("inflate_impl/1", "inflate_zlib/1", ">= 0.9x (words, text)", 0.9);
register_comparison i2("inflate_impl/2", "inflate_zlib/2", ">= 0.9x (noisy binary)", 0.9);
register_comparison i3("inflate_impl/3", "inflate_zlib/0", ">= 0.9x (JSON-like as binary: no UTF-8 check)", 0.9);
register_comparison m0("inflate_model/0", "inflate_zlib/0", "(reference, no goal)", 0.0);
register_comparison m2("inflate_model/2", "inflate_zlib/2", "(reference, no goal)", 0.0);
register_comparison p1("offer_parse/1", "offer_parse/0", ">= 0.5x (pathological vs plain; 64 KiB < 1 ms)", 0.5);

}  // namespace
}  // namespace wsconform::bench
