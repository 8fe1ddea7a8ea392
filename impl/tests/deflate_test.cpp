// impl/'s permessage-deflate (RFC 7692): negotiation in both roles, RFC 7692 §7.2.3's examples,
// round trips under every agreement, RSV1 placement, and the inflated-size limit against a
// 1 GiB decompression bomb with a bound on the memory it may take.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

#include "impl/http.hpp"
#include "wire.hpp"

// Every allocation through operator new, counted, so a test can bound what a call allocates
// (zlib's own fixed-size state is allocated with malloc and is not counted).
namespace {
std::atomic<std::size_t> g_live{0}, g_peak{0};
}  // namespace
void* operator new(std::size_t n) {
  void* p = std::malloc(n + 16);
  if (!p) throw std::bad_alloc();
  *static_cast<std::size_t*>(p) = n;
  const std::size_t live = g_live += n;
  std::size_t peak = g_peak.load();
  while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
  }
  return static_cast<char*>(p) + 16;
}
void operator delete(void* p) noexcept {
  if (!p) return;
  char* base = static_cast<char*>(p) - 16;
  g_live -= *reinterpret_cast<std::size_t*>(base);
  std::free(base);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

namespace wsconform::impl {
namespace {

using namespace testing;

config deflating(role r, deflate_agreement a = {}, std::size_t min_size = 0) {
  config c = open_config(r);
  c.start_deflate = a;
  c.deflate.min_size = min_size;
  return c;
}

// RFC 7692 §7.2.3, as a server sends them (unmasked) to a client.
TEST(PmdImpl, pmd_payload_inflate_rfc7692_examples_arrive_whole_in_every_chunking) {
  struct Example {
    const char* name;
    bytes wire;
    std::vector<std::string> events;
  };
  const std::vector<std::string> hello = {"message text Hello"};
  const std::vector<Example> examples = {
      {"7.2.3.1", hex("c107f248cdc9c90700"), hello},
      {"7.2.3.1 fragmented", hex("4103f248cd8004c9c90700"), hello},
      {"7.2.3.2", hex("c107f248cdc9c90700c105f200110000"), {"message text Hello", "message text Hello"}},
      {"7.2.3.3", hex("c10b000500faff48656c6c6f00"), hello},
      {"7.2.3.4 bfinal", hex("c108f348cdc9c9070000"), hello},
      {"7.2.3.5", hex("c10df24805000000ffffcac9c90700"), hello},
      {"7.2.3.6", hex("c10100"), {"message text "}},
  };
  for (const auto& ex : examples) {
    for (std::size_t chunk : {0u, 1u, 2u, 3u}) {
      const run_result r = run(deflating(role::client), ex.wire, chunk);
      EXPECT_EQ(r.events, ex.events) << ex.name << " chunk " << chunk;
    }
  }
}

// The §7.2.3.4 message, then one referring back into it: the history survives a BFINAL block.
TEST(PmdImpl, pmd_payload_bfinal_next_message_may_refer_back_into_it) {
  // "Hello" with BFINAL, then a fixed block: one reference of length 5, distance 5.
  const run_result r = run(deflating(role::client), cat({hex("c108f348cdc9c9070000"), hex("c105f200110000")}));
  EXPECT_EQ(r.events, (std::vector<std::string>{"message text Hello", "message text Hello"}));
}

TEST(PmdImpl, pmd_payload_empty_fragment_and_zero_length_payload_are_empty_messages) {
  // §7.2.3.6: "Hello" in a non-final frame ending in a whole 00 00 ff ff, then a final 00.
  EXPECT_EQ(run(deflating(role::client), cat({hex("410bf248cdc9c907000000ffff"), hex("800100")})).events,
            std::vector<std::string>{"message text Hello"});
  EXPECT_EQ(run(deflating(role::client), cat({hex("c100"), hex("c107f248cdc9c90700")})).events,
            (std::vector<std::string>{"message text ", "message text Hello"}));
}

TEST(PmdImpl, pmd_rsv1_first_frame_only_continuation_with_rsv1_fails_1002) {
  const run_result r = run(deflating(role::client), cat({hex("4103f248cd"), hex("c004c9c90700")}));
  EXPECT_EQ(r.events, std::vector<std::string>({"failed bad_rsv1_placement 1002", "closed unclean"}));
}

TEST(PmdImpl, pmd_rsv1_control_frame_ping_with_rsv1_fails_1002) {
  const run_result r = run(deflating(role::client), hex("c900"));
  EXPECT_EQ(r.events, std::vector<std::string>({"failed bad_rsv1_placement 1002", "closed unclean"}));
  // Without permessage-deflate RSV1 is a §5.2 failure, first frame or not.
  EXPECT_EQ(run(open_config(role::client), hex("c107f248cdc9c90700")).events,
            std::vector<std::string>({"failed bad_rsv 1002", "closed unclean"}));
}

TEST(PmdImpl, pmd_payload_corrupt_data_fails_1002) {
  const run_result r = run(deflating(role::client), hex("c103ffffff"));
  EXPECT_EQ(r.events, std::vector<std::string>({"failed bad_compressed_data 1002", "closed unclean"}));
}

// Data cut inside a block (the sender broke §7.2.1), or a block zlib would only reject once
// more input came (an empty code-length code, found by fuzz_pmd_inflate): failed at the
// message's end, never delivered as a silently shorter message.
TEST(PmdImpl, pmd_payload_tail_data_ending_inside_a_block_fails_1002) {
  for (const char* wire : {"c102f248", "c1090d00000048000200 00"}) {
    std::string w(wire);
    w.erase(std::remove(w.begin(), w.end(), ' '), w.end());
    const run_result r = run(deflating(role::client), hex(w));
    EXPECT_EQ(r.events, std::vector<std::string>({"failed bad_compressed_data 1002", "closed unclean"})) << wire;
  }
}

TEST(PmdImpl, pmd_utf8_after_inflate_invalid_inflated_text_fails_1007) {
  // A stored block holding "ok" C0 AF (an overlong '/').
  const run_result r = run(deflating(role::client), hex("c10a000400fbff6f6bc0af00"));
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front(), "failed bad_utf8 1007");
}

// Everything one endpoint compresses, the other inflates back, under every agreement.
TEST(PmdImpl, round_trip_every_agreement_every_fragmentation_equals_the_messages) {
  std::vector<bytes> messages = {{}, b("a"), b("Hello"), bytes(70000, 'x')};
  bytes noise(5000);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<std::uint8_t>((i * 7919) >> 3);
  messages.push_back(noise);
  for (int bits : {8, 9, 12, 15})
    for (bool reset : {false, true})
      for (std::size_t fragment : {0u, 1u, 100u}) {
        config sender = deflating(role::server, {bits, reset, false});
        connection s(sender);
        for (const auto& m : messages) ASSERT_EQ(s.send_binary(m, fragment), error::none);
        const bytes wire = s.take_output();
        connection c(deflating(role::client));
        c.receive_data(wire);
        std::vector<bytes> got;
        for (const auto& e : c.events())
          if (e.kind == event_kind::message) got.emplace_back(e.data.begin(), e.data.end());
        EXPECT_EQ(got, messages) << "window " << bits << " reset " << reset << " fragment " << fragment;
      }
}

TEST(PmdImpl, messages_below_min_size_go_uncompressed_with_rsv1_clear) {
  connection s(deflating(role::server, {}, 64));
  ASSERT_EQ(s.send_text("short"), error::none);
  EXPECT_EQ(s.take_output(), hex("810573686f7274"));
  ASSERT_EQ(s.send_text(std::string(100, 'a')), error::none);
  EXPECT_EQ(s.take_output()[0], 0xc1);
}

// 1 GiB of zeros, deflated (about 1 MiB), sent to an endpoint whose limit is 512 KiB: refused
// with 1009 while inflating, and the endpoint never holds more than its limit plus one step.
TEST(PmdImpl, pmd_limit_inflated_size_1_gib_zero_bomb_is_refused_with_1009_under_1_mib_growth) {
  bytes compressed;
  {
    z_stream z{};
    ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
    const bytes zeros(1 << 20, 0);
    bytes out(1 << 16);
    for (int mib = 0; mib < 1024; ++mib) {
      z.next_in = const_cast<Bytef*>(zeros.data());
      z.avail_in = static_cast<uInt>(zeros.size());
      const int flush = mib == 1023 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
      do {
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, flush);
        compressed.insert(compressed.end(), out.data(), out.data() + (out.size() - z.avail_out));
      } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    compressed.resize(compressed.size() - 4);
  }
  EXPECT_LT(compressed.size(), 2u << 20);
  const bytes wire = frame(role::server, 0x2, compressed, true, 4);
  config cfg = deflating(role::server);
  cfg.limits.max_message_size = 512 << 10;
  connection server(cfg);
  const std::size_t before = g_live.load();
  g_peak = before;
  server.receive_data(wire);
  const std::size_t growth = g_peak.load() - before;
  std::vector<std::string> events;
  for (const auto& e : server.events()) events.push_back(describe_event(e));
  EXPECT_EQ(events, std::vector<std::string>({"failed message_too_big 1009", "closed unclean"}));
  EXPECT_LT(growth, 1u << 20) << "bytes allocated while refusing the bomb";
}

// A compressed message inflating to exactly the limit is a message like any other, and what
// follows it (here the peer's Close) is read as usual - whole or in network-sized chunks.
TEST(PmdImpl, pmd_limit_inflated_size_exactly_at_the_limit_is_delivered_and_the_next_frame_read) {
  const std::size_t limit = 1 << 20;
  bytes compressed;
  {
    z_stream z{};
    ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    bytes message(limit, 0xFE);
    compressed.resize(deflateBound(&z, static_cast<uLong>(message.size())) + 16);
    z.next_in = message.data();
    z.avail_in = static_cast<uInt>(message.size());
    z.next_out = compressed.data();
    z.avail_out = static_cast<uInt>(compressed.size());
    deflate(&z, Z_SYNC_FLUSH);
    compressed.resize(compressed.size() - z.avail_out - 4);
    deflateEnd(&z);
  }
  for (role side : {role::client, role::server}) {
    bytes input = frame(side, 0x2, compressed, true, 4);  // as the peer sends to `side` (masked to a server)
    const bytes close = frame(side, 0x8, hex("03e8"), true, 0);
    input.insert(input.end(), close.begin(), close.end());
    for (std::size_t chunk : {0u, 1460u, 65536u}) {
      config cfg = deflating(side);
      cfg.limits.max_message_size = limit;
      const run_result r = run(cfg, input, chunk);
      ASSERT_GE(r.events.size(), 2u) << "chunk " << chunk << ": " << r.events.front();
      EXPECT_EQ(r.events[0].rfind("message binary", 0), 0u) << "chunk " << chunk;
      EXPECT_EQ(r.events[1], "close 1000 ") << "chunk " << chunk;
    }
  }
}

// ---- negotiation

std::string request_with(std::string_view extensions) {
  return "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: " +
         std::string(extensions) + "\r\n\r\n";
}

std::string accepted_by_server(std::string_view offers, deflate_server_policy policy = {true}) {
  server_options o;
  o.deflate = policy;
  const auto parsed = parse_http_request(request_with(offers), {});
  const server_answer a = answer_request(parsed.head, o);
  EXPECT_EQ(a.err, error::none);
  return a.extensions;
}

TEST(PmdImpl, pmd_offer_decline_invalid_server_declines_bad_offers_and_takes_the_fallback) {
  EXPECT_EQ(accepted_by_server("permessage-deflate"), "permessage-deflate");
  for (const char* bad : {"permessage-deflate; foo", "permessage-deflate; server_max_window_bits=7", "permessage-deflate; server_max_window_bits=16",
                          "permessage-deflate; server_max_window_bits=08", "permessage-deflate; server_max_window_bits",
                          "permessage-deflate; client_no_context_takeover=1", "permessage-deflate; server_no_context_takeover; server_no_context_takeover"})
    EXPECT_EQ(accepted_by_server(bad), "") << bad;
  EXPECT_EQ(accepted_by_server("permessage-deflate; server_max_window_bits=7, permessage-deflate; server_max_window_bits=10"),
            "permessage-deflate; server_max_window_bits=10");
  // A malformed list is not accepted at all; the upgrade still goes through.
  EXPECT_EQ(accepted_by_server("permessage-deflate; client_max_window_bits=\"10, permessage-deflate,11\""), "");
}

TEST(PmdImpl, pmd_server_no_context_takeover_accepted_by_echoing_it_and_window_8_honoured) {
  EXPECT_EQ(accepted_by_server("permessage-deflate; server_no_context_takeover; client_max_window_bits"),
            "permessage-deflate; server_no_context_takeover");
  EXPECT_EQ(accepted_by_server("permessage-deflate; server_max_window_bits=8"), "permessage-deflate; server_max_window_bits=8");
  EXPECT_EQ(accepted_by_server("permessage-deflate; client_max_window_bits=10", {true, false, true, 9}),
            "permessage-deflate; client_no_context_takeover; client_max_window_bits=9");
  EXPECT_EQ(accepted_by_server("permessage-deflate", {true, false, false, 9}), "permessage-deflate");  // not offered: not asked
  EXPECT_EQ(accepted_by_server("permessage-deflate", {false}), "");
}

error client_check_of(std::string_view response_extensions, deflate_client_offer offer) {
  client_options o;
  o.host = "h";
  o.deflate = offer;
  std::string resp = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: " +
                     std::string(response_extensions) + "\r\n\r\n";
  const auto parsed = parse_http_response(resp, {});
  return check_response(parsed.head, "dGhlIHNhbXBsZSBub25jZQ==", o).err;
}

TEST(PmdImpl, pmd_response_fail_invalid_client_fails_on_every_response_its_offer_does_not_allow) {
  const deflate_client_offer plain{true};
  EXPECT_EQ(client_check_of("permessage-deflate", plain), error::none);
  EXPECT_EQ(client_check_of("permessage-deflate; server_max_window_bits=12", plain), error::none);
  for (const char* bad : {"permessage-deflate; foo", "permessage-deflate; server_max_window_bits=0", "permessage-deflate; server_max_window_bits=99",
                          "permessage-deflate; server_max_window_bits=abc", "permessage-deflate; client_max_window_bits",
                          "permessage-deflate, permessage-deflate"})
    EXPECT_EQ(client_check_of(bad, plain), error::bad_deflate_response) << bad;
  const deflate_client_offer no_window{true, false, 0, false};
  EXPECT_EQ(client_check_of("permessage-deflate; client_max_window_bits=10", no_window), error::bad_deflate_response);
  const deflate_client_offer asks{true, true, 10};
  EXPECT_EQ(client_check_of("permessage-deflate; server_max_window_bits=10", asks), error::bad_deflate_response);  // no server_no_context_takeover
  EXPECT_EQ(client_check_of("permessage-deflate; server_no_context_takeover; server_max_window_bits=11", asks), error::bad_deflate_response);
  EXPECT_EQ(client_check_of("permessage-deflate; server_no_context_takeover; server_max_window_bits=9", asks), error::none);
  EXPECT_EQ(client_check_of("x-webkit-deflate-frame", plain), error::bad_extension);
}

TEST(PmdImpl, client_offer_and_server_answer_agree_end_to_end) {
  config client;
  client.side = role::client;
  client.random = counter_random();
  client.client.host = "h";
  client.client.deflate = {true, true, 10, true, false};
  config server;
  server.side = role::server;
  server.server.deflate = {true};
  connection c(client), s(server);
  s.receive_data(c.take_output());
  c.receive_data(s.take_output());
  ASSERT_TRUE(s.deflate_agreed());
  ASSERT_TRUE(c.deflate_agreed());
  ASSERT_EQ(c.send_text(std::string(200, 'z')), error::none);
  s.receive_data(c.take_output());
  ASSERT_EQ(s.events().size(), 1u);
  EXPECT_EQ(describe_event(s.events()[0]), "message text " + std::string(200, 'z'));
}

}  // namespace
}  // namespace wsconform::impl
