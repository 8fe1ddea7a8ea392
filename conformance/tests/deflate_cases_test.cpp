// The permessage-deflate cases (12.x, 13.x, z3.pmd.*) against deliberately broken builds of
// impl/: a wrapper rewrites what reaches impl/ or what leaves it, so each case sees exactly the
// wire a library with that bug would produce. The correct impl/ is OK on all of them
// (golden/impl.tsv); each broken one is caught by the case named in the test.
#include <gtest/gtest.h>

#include <functional>
#include <sstream>

#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "conformance/run.hpp"
#include "target/impl_target.hpp"

namespace wsconform::conformance {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Rewrite = std::function<Bytes(Bytes)>;

Bytes same(Bytes b) { return b; }

// Replaces `from` by `to` in the first chunk holding it (the HTTP heads arrive whole here).
Rewrite replace_once(std::string from, std::string to) {
  auto done = std::make_shared<bool>(false);
  return [from, to, done](Bytes b) {
    if (*done) return b;
    std::string s(b.begin(), b.end());
    const auto at = s.find(from);
    if (at == std::string::npos) return b;
    *done = true;
    s.replace(at, from.size(), to);
    return Bytes(s.begin(), s.end());
  };
}

// impl/ with a bug: its input or its output rewritten; `declared_limit` is what it claims to
// accept (a library that does not enforce its own limit on inflated data).
class BrokenImpl final : public target::Target {
 public:
  BrokenImpl(impl::role side, Rewrite inbound, Rewrite outbound, impl::limits limits = target::ImplTarget::catalogue_limits(),
             std::optional<std::uint64_t> declared_limit = std::nullopt)
      : impl_(side, limits), in_(std::move(inbound)), out_(std::move(outbound)), declared_(declared_limit) {}
  std::string agent() const override { return "broken-impl"; }
  void receive(std::span<const std::uint8_t> octets) override { impl_.receive(in_(Bytes(octets.begin(), octets.end()))); }
  void receive_eof() override { impl_.receive_eof(); }
  Bytes take_output() override { return out_(impl_.take_output()); }
  bool closed_tcp() const override { return impl_.closed_tcp(); }
  void time_passed(double now) override { impl_.time_passed(now); }
  bool reports_deliveries() const override { return true; }
  std::vector<target::Delivery> take_deliveries() override { return impl_.take_deliveries(); }
  std::optional<std::uint64_t> max_message_size() const override { return declared_ ? declared_ : impl_.max_message_size(); }

 private:
  target::ImplTarget impl_;
  Rewrite in_, out_;
  std::optional<std::uint64_t> declared_;
};

CaseResult run_one(const std::string& id, target::Target& target, bool target_is_client) {
  const auto selected = cases::select(cases::catalogue(), {id}, {});
  EXPECT_EQ(selected.size(), 1u) << id;
  runner::TesterOptions tester;
  tester.as_server = target_is_client;
  return run_judged_case(*selected.front(), 1, target, tester);
}

std::string why(const CaseResult& r) {
  std::ostringstream s;
  s << r.autobahn.behavior << "/" << r.autobahn.behavior_close << " model " << r.model.behavior << ": " << r.run.result;
  for (const auto& f : r.model.findings) s << " " << f.rule << "[" << model::to_string(f.grade) << "] " << f.detail << ";";
  return s.str();
}
bool found(const CaseResult& r, const std::string& rule) {
  for (const auto& f : r.model.findings)
    if (f.grade != model::Grade::strict && f.rule == rule) return true;
  return false;
}

TEST(DeflateCases, z3_pmd_window_bits_16_catches_a_server_that_accepts_an_offer_outside_8_to_15) {
  // impl/ reads "16" as "15" (a parser that clamps instead of declining) and accepts.
  BrokenImpl t(impl::role::server, replace_once("server_max_window_bits=16", "server_max_window_bits=15"), same);
  const auto r = run_one("z3.pmd.window-bits.16", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << why(r);
  EXPECT_EQ(r.autobahn.behavior, cases::Behavior::failed) << why(r);
  EXPECT_TRUE(found(r, "extension.response-offered-only") || found(r, "pmd.offer.decline-invalid")) << why(r);
}

TEST(DeflateCases, z3_pmd_window_bits_7_and_16_catch_a_client_that_carries_on_after_an_answer_outside_8_to_15) {
  for (const char* bits : {"7", "16"}) {
    // impl/ as client reads the server's window as 9 and carries on.
    BrokenImpl t(impl::role::client, replace_once(std::string("client_max_window_bits=") + bits, "client_max_window_bits=9"), same);
    const auto r = run_one(std::string("z3.pmd.window-bits.") + bits, t, true);
    EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << bits << " " << why(r);
    EXPECT_TRUE(found(r, "pmd.window-bits.value")) << bits << " " << why(r);
  }
}

TEST(DeflateCases, z3_pmd_window_bits_correct_impl_is_ok_in_both_roles_at_every_edge) {
  for (const char* bits : {"7", "8", "9", "15", "16"})
    for (bool client : {false, true}) {
      BrokenImpl t(client ? impl::role::client : impl::role::server, same, same);
      const auto r = run_one(std::string("z3.pmd.window-bits.") + bits, t, client);
      EXPECT_EQ(r.model.behavior, cases::Behavior::ok) << bits << (client ? " client " : " server ") << why(r);
    }
}

TEST(DeflateCases, z3_pmd_limit_over_catches_a_server_that_does_not_limit_the_inflated_size) {
  // Declares 1 MiB, takes up to 16 MiB: the compressed message of 1 MiB + 1 comes back.
  BrokenImpl t(impl::role::server, same, same, target::ImplTarget::catalogue_limits(), 1u << 20);
  const auto r = run_one("z3.pmd.limit.over", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << why(r);
  EXPECT_EQ(r.autobahn.behavior, cases::Behavior::failed) << why(r);
}

TEST(DeflateCases, autobahn_12_1_1_catches_a_server_whose_echo_comes_back_changed) {
  // A server that loses one octet of every compressed echo (a window bug) - the echo check says so.
  auto flip_last = [](Bytes b) {
    if (b.size() > 2 && (b[0] & 0x40)) b.back() ^= 0x01;  // a compressed frame: change its last octet
    return b;
  };
  BrokenImpl t(impl::role::server, same, flip_last);
  const auto r = run_one("12.1.1", t, false);
  EXPECT_EQ(r.autobahn.behavior, cases::Behavior::failed) << why(r);
  EXPECT_NE(r.model.behavior, cases::Behavior::ok) << why(r);
}

TEST(DeflateCases, autobahn_13_x_unimplemented_when_the_server_declines_every_offer) {
  // A server without permessage-deflate (impl/ reads the offer as an unknown extension and
  // declines it): UNIMPLEMENTED, as Autobahn says, and nothing wrong in the model's reading.
  BrokenImpl t(impl::role::server, replace_once("permessage-deflate", "x-no-such-extension"), same);
  const auto r = run_one("13.1.1", t, false);
  EXPECT_EQ(r.autobahn.behavior, cases::Behavior::unimplemented) << why(r);
  EXPECT_EQ(r.model.behavior, cases::Behavior::ok) << why(r);
}

// ---- pmd.negotiate.*: each form caught where a library reads it leniently, both roles.

TEST(DeflateCases, pmd_negotiate_correct_impl_is_ok_on_every_form_in_both_roles) {
  for (const auto* c : cases::select(cases::catalogue(), {"pmd.negotiate.*"}, {}))
    for (bool client : {false, true}) {
      BrokenImpl t(client ? impl::role::client : impl::role::server, same, same);
      const auto r = run_one(c->id, t, client);
      EXPECT_EQ(r.model.behavior, cases::Behavior::ok) << c->id << (client ? " client " : " server ") << why(r);
      EXPECT_EQ(r.autobahn.behavior, cases::Behavior::ok) << c->id << (client ? " client " : " server ") << why(r);
    }
}

TEST(DeflateCases, pmd_negotiate_unknown_parameter_catches_a_server_that_ignores_it_and_accepts) {
  BrokenImpl t(impl::role::server, replace_once("; x-wsconform=1", ""), same);
  const auto r = run_one("pmd.negotiate.unknown-parameter", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << why(r);
  EXPECT_TRUE(found(r, "pmd.offer.decline-invalid")) << why(r);
}

TEST(DeflateCases, pmd_negotiate_window_bits_16_catches_a_server_that_clamps_it_and_accepts_instead_of_the_fallback) {
  BrokenImpl t(impl::role::server, replace_once("server_max_window_bits=16,", "server_max_window_bits=15,"), same);
  const auto r = run_one("pmd.negotiate.window-bits-16", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << why(r);
  EXPECT_TRUE(found(r, "pmd.offer.decline-invalid")) << why(r);
}

TEST(DeflateCases, pmd_negotiate_bare_catches_a_server_that_answers_an_unoffered_client_window) {
  // The answer Firefox's bare offer once got from servers: client_max_window_bits it never offered.
  BrokenImpl t(impl::role::server, same,
               replace_once("Extensions: permessage-deflate\r\n", "Extensions: permessage-deflate; client_max_window_bits=15\r\n"));
  const auto r = run_one("pmd.negotiate.bare", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << why(r);
  EXPECT_TRUE(found(r, "pmd.client-max-window-bits.offered-only")) << why(r);
}

TEST(DeflateCases, pmd_offer_refusal_a_server_that_refuses_the_handshake_on_an_invalid_offer_is_non_strict_not_failed) {
  // The server answers 426 (it reads the request as another version): a refusal, not a decline.
  BrokenImpl t(impl::role::server, replace_once("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"), same);
  const auto r = run_one("pmd.negotiate.unknown-parameter", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::non_strict) << why(r);
  EXPECT_EQ(r.autobahn.behavior, cases::Behavior::non_strict) << why(r);
  EXPECT_TRUE(found(r, "pmd.offer.refusal")) << why(r);
}

TEST(DeflateCases, pmd_negotiate_pathological_header_catches_a_server_that_never_answers_it) {
  // A parser lost in backtracking: the request is never answered.
  BrokenImpl t(impl::role::server, [](Bytes b) {
    const std::string s(b.begin(), b.end());
    return s.find("x-wsconform; a=\"") == std::string::npos ? b : Bytes{};
  }, same);
  const auto r = run_one("pmd.negotiate.pathological-header", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << why(r);
  EXPECT_TRUE(found(r, "handshake.server-replies")) << why(r);
}

TEST(DeflateCases, pmd_negotiate_pathological_header_a_server_that_closes_without_an_answer_is_non_strict_not_failed) {
  // A server whose header limit (8 KiB in some) ends the request: it closes at once, no 4xx.
  struct Closing final : target::Target {
    std::string agent() const override { return "closes-on-long-header"; }
    void receive(std::span<const std::uint8_t>) override { closed_ = true; }
    void receive_eof() override { closed_ = true; }
    Bytes take_output() override { return {}; }
    bool closed_tcp() const override { return closed_; }
    void time_passed(double) override {}
    bool closed_ = false;
  } t;
  const auto r = run_one("pmd.negotiate.pathological-header", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::non_strict) << why(r);
  EXPECT_EQ(r.autobahn.behavior, cases::Behavior::non_strict) << why(r);
  EXPECT_TRUE(found(r, "handshake.server-replies")) << why(r);
}

TEST(DeflateCases, pmd_negotiate_catches_a_client_that_takes_an_answer_it_must_fail_on) {
  struct Lenient {
    const char* id;
    const char* from;
    const char* to;
    const char* rule;
  };
  for (const Lenient& l : {Lenient{"pmd.negotiate.unknown-parameter", "; x-wsconform=1", "", "pmd.response.fail-invalid"},
                           Lenient{"pmd.negotiate.two-offers", "permessage-deflate, permessage-deflate", "permessage-deflate", "pmd.response.single"},
                           Lenient{"pmd.negotiate.window-bits-no-value", "client_max_window_bits\r\n", "client_max_window_bits=15\r\n",
                                   "pmd.client-max-window-bits.offered-only"}}) {
    // impl/ as client reads the answer without the part it must fail on, and carries on.
    BrokenImpl t(impl::role::client, replace_once(l.from, l.to), same);
    const auto r = run_one(l.id, t, true);
    EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << l.id << " " << why(r);
    EXPECT_TRUE(found(r, l.rule)) << l.id << " " << why(r);
  }
}

// ---- pmd.*: receivers that mishandle a valid shape, as their output shows it on the wire.

// impl/ as server, but its `n`th data message's first frame (counting from 1) is replaced by
// `instead`. Walks the frames of each output chunk (whole frames here: in process).
Rewrite nth_data_frame_replaced(int n, Bytes instead) {
  auto seen = std::make_shared<int>(0);
  return [n, instead, seen](Bytes b) {
    Bytes out;
    std::size_t at = 0;
    while (at + 2 <= b.size()) {
      std::size_t header = 2, length = b[at + 1] & 0x7f;
      if (length == 126) header = 4, length = (std::size_t{b[at + 2]} << 8) | b[at + 3];
      if (length == 127) {
        header = 10, length = 0;
        for (int i = 0; i < 8; ++i) length = (length << 8) | b[at + 2 + static_cast<std::size_t>(i)];
      }
      if (b[at + 1] & 0x80) header += 4;
      const std::size_t end = std::min(b.size(), at + header + length);
      const int op = b[at] & 0x0f;
      if ((op == 1 || op == 2) && ++*seen == n) out.insert(out.end(), instead.begin(), instead.end());
      else out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(end));
      at = end;
    }
    out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(at), b.end());
    return out;
  };
}

TEST(DeflateCases, pmd_shapes_catch_a_server_that_fails_the_connection_on_valid_data) {
  // A receiver that cannot take one of the shapes (two frames, a reference into the previous
  // message, a stored block, a BFINAL block, two blocks, the empty final fragment, an empty
  // message, a reference at the window's edge) fails the connection (1002) instead of echoing.
  for (const char* id : {"pmd.rfc7692.7.2.3.1", "pmd.rfc7692.7.2.3.1-fragmented", "pmd.rfc7692.7.2.3.2", "pmd.rfc7692.7.2.3.3",
                         "pmd.rfc7692.7.2.3.4", "pmd.rfc7692.7.2.3.5", "pmd.rfc7692.7.2.3.6", "pmd.empty-message", "pmd.window-edge"}) {
    BrokenImpl t(impl::role::server, same, nth_data_frame_replaced(1, {0x88, 0x02, 0x03, 0xea}));
    const auto r = run_one(id, t, false);
    EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << id << " " << why(r);
    EXPECT_EQ(r.autobahn.behavior, cases::Behavior::failed) << id << " " << why(r);
  }
}

TEST(DeflateCases, pmd_rfc7692_7_2_3_4_catches_a_server_whose_inflater_stops_after_a_bfinal_block) {
  // After the BFINAL block its decompressor is at the end of a stream: the next message comes
  // out empty (a compressed empty text message, c1 01 00).
  BrokenImpl t(impl::role::server, same, nth_data_frame_replaced(2, {0xc1, 0x01, 0x00}));
  const auto r = run_one("pmd.rfc7692.7.2.3.4", t, false);
  EXPECT_EQ(r.autobahn.behavior, cases::Behavior::failed) << why(r);
  EXPECT_NE(r.autobahn.result.find("echo 2 differs"), std::string::npos) << why(r);
}

TEST(DeflateCases, pmd_limit_over_fragmented_catches_a_server_that_does_not_limit_across_fragments) {
  BrokenImpl t(impl::role::server, same, same, target::ImplTarget::catalogue_limits(), 1u << 20);
  const auto r = run_one("pmd.limit.over-fragmented", t, false);
  EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << why(r);
  BrokenImpl correct(impl::role::server, same, same);
  const auto ok = run_one("pmd.limit.over-fragmented", correct, false);
  EXPECT_EQ(ok.model.behavior, cases::Behavior::ok) << why(ok);
}

TEST(DeflateCases, pmd_negotiate_each_form_catches_a_server_that_reads_it_leniently) {
  // Each server reads the form as a lenient parser would (inbound) or answers beyond its offer
  // (outbound); the case names the rule it breaks.
  struct Lenient {
    const char* id;
    Rewrite inbound, outbound;
    const char* rule;
  };
  const std::string ext = "Sec-WebSocket-Extensions: permessage-deflate";
  const std::vector<Lenient> servers = {
      {"pmd.negotiate.repeated-parameter", replace_once("; client_max_window_bits=10,", ","), same, "pmd.offer.decline-invalid"},
      {"pmd.negotiate.window-bits-7", replace_once("server_max_window_bits=7,", "server_max_window_bits=8,"), same, "pmd.offer.decline-invalid"},
      {"pmd.negotiate.window-bits-leading-zero", replace_once("server_max_window_bits=08,", "server_max_window_bits=8,"), same,
       "pmd.offer.decline-invalid"},
      {"pmd.negotiate.window-bits-no-value", replace_once("; server_max_window_bits,", ","), same, "pmd.offer.decline-invalid"},
      {"pmd.negotiate.takeover-with-value", replace_once("client_no_context_takeover=1,", "client_no_context_takeover,"), same,
       "pmd.offer.decline-invalid"},
      {"pmd.negotiate.unoffered-extension", same, replace_once(ext + "; server_no_context_takeover", ext + "; server_no_context_takeover, x-wsconform"),
       "extension.response-offered-only"},
      {"pmd.negotiate.two-offers", same, replace_once("server_max_window_bits=10", "server_max_window_bits=10, permessage-deflate"),
       "pmd.response.single"},
      {"pmd.negotiate.quoted-value", replace_once("; server_max_window_bits=\"10\"", ""), same, "pmd.server-max-window-bits.accepted"},
      {"pmd.negotiate.server-window-larger", same, replace_once("server_max_window_bits=10", "server_max_window_bits=15"),
       "pmd.server-max-window-bits.accepted"},
      {"pmd.negotiate.client-window-unoffered", same, replace_once(ext, ext + "; client_max_window_bits=12"),
       "pmd.client-max-window-bits.offered-only"},
  };
  for (const auto& l : servers) {
    BrokenImpl t(impl::role::server, l.inbound, l.outbound);
    const auto r = run_one(l.id, t, false);
    EXPECT_EQ(r.model.behavior, cases::Behavior::failed) << l.id << " " << why(r);
    EXPECT_TRUE(found(r, l.rule)) << l.id << " " << why(r);
  }
}

}  // namespace
}  // namespace wsconform::conformance
