// runner/ on its own: the timers' order, the wire log's bounds, the script's timers and
// CloseOnMessages, and the case modes' Autobahn result strings - each against a small
// scripted target, no judge involved.
#include <gtest/gtest.h>

#include "cases/builders.hpp"
#include "runner/case_mode.hpp"
#include "runner/tester.hpp"
#include "runner/timers.hpp"
#include "runner/wire_log.hpp"
#include "target/impl_target.hpp"

namespace wsconform::runner {
namespace {

using namespace cases::build;
using cases::CloseAfter;
using cases::CloseOnMessages;

TEST(Timers, same_time_runs_in_the_order_set_earlier_times_first) {
  Timers t;
  std::string order;
  t.at(2.0, [&] { order += "c"; });
  t.at(1.0, [&] { order += "a"; });
  t.at(1.0, [&] { order += "b"; });
  while (!t.empty()) t.take_next()();
  EXPECT_EQ(order, "abc");
}

TEST(WireLog, rows_keep_the_first_64_octets_and_the_log_stops_at_its_bound_saying_so) {
  CaseRun run;
  const Bytes big(1000, 0x41);
  append_row(run, octets_row(WireEntry::Kind::tx_octets, big, false), 0.5);
  ASSERT_EQ(run.wirelog.size(), 1u);
  EXPECT_EQ(run.wirelog[0].octets.size(), kLogMax);
  EXPECT_EQ(run.wirelog[0].length, 1000u);
  EXPECT_DOUBLE_EQ(run.wirelog[0].time, 0.5);
  run.create_wirelog = false;  // a bulk phase: nothing is kept
  append_row(run, wire_row(WireEntry::Kind::rx_octets), 1.0);
  EXPECT_EQ(run.wirelog.size(), 1u);
  run.create_wirelog = true;
  for (std::size_t i = 0; i < kMaxWireLogRows + 10; ++i) append_row(run, wire_row(WireEntry::Kind::rx_octets), 2.0);
  EXPECT_EQ(run.wirelog.size(), kMaxWireLogRows);
  EXPECT_TRUE(run.wirelog_truncated);
}

cases::Case scripted(std::vector<cases::Action> script) {
  cases::Case c = make("t.1", "test", "test");
  c.script = std::move(script);
  c.close = tester_closes();
  return c;
}

TEST(Tester, close_after_fires_on_the_virtual_clock_and_the_close_handshake_completes) {
  target::ImplTarget impl;
  const CaseRun run = run_case(scripted({frame(1, cases::bytes_of("hi")), CloseAfter{3}}), impl);
  ASSERT_EQ(run.received.size(), 1u);
  EXPECT_EQ(run.received[0], cases::text_message("hi"));
  EXPECT_TRUE(run.closed_by_me);
  EXPECT_TRUE(run.was_clean);
  EXPECT_NEAR(run.case_end - run.case_start, 3.0, 0.01);  // virtual seconds, not wall seconds
}

TEST(Tester, close_on_messages_closes_with_1000_as_soon_as_the_count_is_reached) {
  target::ImplTarget impl;
  const CaseRun run =
      run_case(scripted({frame(1, cases::bytes_of("a")), frame(2, cases::bytes_of("b")), CloseOnMessages{2}, CloseAfter{50}}), impl);
  EXPECT_EQ(run.received.size(), 2u);
  EXPECT_EQ(run.local_close_code, std::optional<std::uint16_t>{1000});
  EXPECT_LT(run.case_end - run.case_start, 1.0);
}

TEST(Tester, tester_as_server_answers_the_clients_handshake_and_masks_nothing) {
  target::ImplTarget client(impl::role::client);
  TesterOptions o;
  o.as_server = true;
  const CaseRun run = run_case(scripted({frame(1, cases::bytes_of("hi")), CloseAfter{1}}), client, o);
  EXPECT_NE(run.http_response.find("101 Switching Protocols"), std::string::npos);
  ASSERT_EQ(run.received.size(), 1u);
  for (const auto& e : run.wirelog) {
    if (e.kind == WireEntry::Kind::tx_frame) {
      EXPECT_FALSE(e.masked);
    }
  }
}

TEST(CaseModes, echo_length_says_ok_or_names_the_length_as_autobahn_does) {
  cases::Case c = make("9.1.1", "test", "test");
  c.grading = cases::Grading::echo_length;
  c.echo_opcode = 1;
  c.echo_length = 4;
  c.echo_timeout = 10;
  struct Control final : CaseControl {
    CaseRun run;
    bool closed = false;
    CaseRun& record() override { return run; }
    void send(const cases::SendFrame&) override {}
    void close(std::uint16_t) override { closed = true; }
    void wire_log(bool) override {}
    void send_message(const cases::SendMessage&) override {}
    void close_after(double) override {}
    bool is_server() const override { return false; }
    const std::optional<model::PmdAgreement>& deflate_agreement() const override { return agreement; }
    void snapshot_traffic() override {}
    void messages_sent(std::size_t, std::size_t) override {}
    std::optional<model::PmdAgreement> agreement;
  } ok, short_one;
  auto m = mode_for(c);
  ASSERT_TRUE(m);
  m->on_open(ok);
  EXPECT_EQ(ok.run.check, std::optional(runner::CaseRun::Check::failed));
  EXPECT_EQ(ok.run.result, "Did not receive message within 10 seconds.");
  m->on_message(ok, cases::bytes_of("abcd"), false);
  EXPECT_EQ(ok.run.check, std::optional(runner::CaseRun::Check::passed));
  EXPECT_EQ(ok.run.result, "Received text message of length 4.");
  EXPECT_TRUE(ok.closed);
  auto m2 = mode_for(c);
  m2->on_open(short_one);
  m2->on_message(short_one, cases::bytes_of("abc"), false);
  EXPECT_EQ(short_one.run.check, std::optional(runner::CaseRun::Check::failed));
  EXPECT_EQ(short_one.run.result, "Expected text message with payload of length 4, but got 3.");
}

}  // namespace
}  // namespace wsconform::runner

// ---- deflate_by_hand: the window-edge payload decodes to its literal and the match, and its
// one back-reference sits exactly at the window's distance.
#include "model/inflate.hpp"
#include "runner/deflate_by_hand.hpp"

namespace wsconform::runner {
namespace {

Bytes letters(std::size_t n) {
  Bytes out(n);
  std::uint32_t x = 12345;
  for (auto& b : out) {
    x = x * 1103515245u + 12345u;
    b = static_cast<std::uint8_t>('a' + (x >> 16) % 26);
  }
  return out;
}

TEST(DeflateByHand, pmd_window_sender_bound_match_at_the_window_edge_decodes_within_that_window_only) {
  for (const int bits : {8, 9, 12, 15}) {
    const Bytes literal = letters(std::size_t{1} << bits);
    const Bytes payload = payload_with_match_at_distance(literal, 258);
    Bytes want = literal;
    for (int i = 0; i < 258; ++i) want.push_back(want[want.size() - literal.size()]);  // overlapping when 258 > distance
    model::PmdInflater at_edge(bits, false);
    const auto ok = at_edge.message(payload, 1u << 20);
    EXPECT_FALSE(ok.error) << bits;
    EXPECT_FALSE(ok.breach) << bits;
    EXPECT_EQ(ok.data, want) << bits;
    if (bits > 8) {  // one bit less: the same reference is out of the window
      model::PmdInflater smaller(bits - 1, false);
      const auto out = smaller.message(payload, 1u << 20);
      ASSERT_TRUE(out.breach) << bits;
      EXPECT_EQ(out.breach->distance, std::size_t{1} << bits);
    }
  }
}

}  // namespace
}  // namespace wsconform::runner
