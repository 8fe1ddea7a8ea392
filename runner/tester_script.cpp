// A case's script, action by action, and its mode's hooks (Autobahn's per-case code).
#include <algorithm>

#include "runner/deflate_by_hand.hpp"
#include "runner/tester_session.hpp"

namespace wsconform::runner::detail {

void Tester::run_actions(const std::vector<Action>& actions) {
  for (const auto& a : actions) {
    std::visit([this](const auto& x) { act(x); }, a);
  }
}

void Tester::act(const cases::SendRaw& r) {
  if (state_ == State::open) write(r.octets, r.sync, std::nullopt);
}

void Tester::act(const cases::DropTcp& d) {
  if (state_ == State::closed) return;
  if (!queue_.empty()) {  // the writes before it go out first
    at(now_ + (target_.realtime() ? opt_.realtime_chop_delay : opt_.chop_delay), [this, d] { act(d); });
    return;
  }
  settle();
  drop_connection();
}

void Tester::act(const cases::SendAtLimit& m) {
  if (state_ != State::open) return;
  const auto limit = target_.max_message_size();
  if (!limit) {
    run_.check = CaseRun::Check::not_run;
    run_.result = "The target's maximum message size is not known (give it with --max-message-size).";
    send_close_frame(1000, std::nullopt, false);
    return;
  }
  const auto size = static_cast<std::int64_t>(*limit) + m.excess;
  if (m.compressed) {
    if (!deflate_) {
      run_.check = CaseRun::Check::not_run;
      run_.result = "permessage-deflate was not agreed, so no compressed message can be sent.";
      send_close_frame(1000, std::nullopt, false);
      return;
    }
    cases::SendMessage c;
    c.opcode = 2;
    c.payload = {0xFE};
    c.payload_len = static_cast<std::size_t>(std::max<std::int64_t>(0, size));
    c.compressed = true;
    c.fragment_size = m.fragment_size;
    c.chop = m.chop;
    return send_message(c);
  }
  cases::SendFrame f;
  f.opcode = 2;
  f.payload = {0xFE};
  f.payload_len = static_cast<std::size_t>(std::max<std::int64_t>(0, size));
  send_frame(f);
}

void Tester::act(const cases::SendWindowEdge&) {
  if (state_ != State::open) return;
  if (!pmd_) {
    run_.check = CaseRun::Check::not_run;
    run_.result = "permessage-deflate was not agreed, so no compressed message can be sent.";
    send_close_frame(1000, std::nullopt, false);
    return;
  }
  const int bits = opt_.as_server ? pmd_->server_max_window_bits : pmd_->client_max_window_bits;
  Bytes literal(std::size_t{1} << bits);
  std::uint32_t x = 0x9e3779b9u;  // letters, no run a compressor would shorten
  for (auto& b : literal) {
    x = x * 1664525u + 1013904223u;
    b = static_cast<std::uint8_t>('a' + (x >> 24) % 26);
  }
  constexpr std::size_t kMatch = 258;
  cases::SendFrame f;
  f.opcode = static_cast<std::uint8_t>(vocab::opcode::text);
  f.rsv = 4;  // RSV1: compressed (RFC 7692 §6)
  f.payload = payload_with_match_at_distance(literal, kMatch);
  Bytes inflated = literal;
  for (std::size_t i = 0; i < kMatch; ++i) inflated.push_back(inflated[inflated.size() - literal.size()]);
  run_.expected_echoes.push_back(cases::message(std::move(inflated), false));
  send_frame(f);
}

void Tester::act(const cases::KillAfter& k) {
  log(timer_row(WireEntry::Kind::kill, k.seconds));
  at(now_ + k.seconds, [this] {
    if (state_ == State::closed) return;
    log(row(WireEntry::Kind::kill_fired));
    // Still closing when the case's time is up: the tester gave up waiting for the target.
    if (state_ == State::closing) {
      run_.failed_by_me = true;
      failed_by_me_ = true;
      return drop_connection(/*after_waiting=*/true);
    }
    fail_connection(1001, "Going Away");
  });
}

void Tester::act(const cases::CloseAfter& c) {
  log(timer_row(WireEntry::Kind::close_timer, c.seconds));
  at(now_ + c.seconds, [this] {
    if (state_ == State::closed) return;
    log(row(WireEntry::Kind::close_timer_fired));
    send_close_frame(std::nullopt, std::nullopt, false);
  });
}

void Tester::act(const cases::WireLog& w) {
  if (w.on == run_.create_wirelog) return;
  run_.create_wirelog = true;
  WireEntry e = row(WireEntry::Kind::wirelog);
  e.on = w.on;
  log(e);
  run_.create_wirelog = w.on;
}

void Tester::act(const cases::Wait& w) {
  WireEntry e = row(WireEntry::Kind::wait);
  e.delay = w.seconds;
  e.tag = w.tag;
  log(e);
  const cases::Wait* wait = &w;
  at(now_ + w.seconds, [this, wait] {
    if (state_ == State::closed) return;
    WireEntry f = row(WireEntry::Kind::wait_fired);
    f.tag = wait->tag;
    log(f);
    if (wait->only_if_open && state_ != State::open) return;
    if (wait->record_timeout) run_.received.push_back(cases::timeout(wait->tag));
    run_actions(wait->then);
  });
}

void Tester::on_open_grading() {
  if (mode_) mode_->on_open(*this);
}

void Tester::on_message(Bytes payload, bool binary) {
  if (mode_ && mode_->on_message(*this, payload, binary)) return;
  on_event({Event::Kind::message, std::move(payload), binary});
  if (close_on_messages_ != 0 && ++messages_seen_ == close_on_messages_) send_close_frame(1000, std::nullopt, false);
}

void Tester::on_event(Event e) {
  if (run_.received.size() >= kMaxReceivedEvents || run_.received_octets + e.payload.size() > kMaxReceivedOctets) {
    // A flood past anything a case expects: keep what came, and stop reading a target that
    // will not stop writing (its verdict is already decided by the events kept).
    run_.received_truncated = true;
    drop_connection();
    return;
  }
  run_.received_octets += e.payload.size();
  run_.received.push_back(std::move(e));
  // Autobahn's finishWhenDone: when the events equal every expected list, close.
  if (case_.expected.empty()) return;
  for (const auto& [verdict, events] : case_.expected)
    if (events != run_.received) return;
  if (case_.close.closed_by_me && !case_.suppress_close) send_close_frame(case_.close.codes.front(), std::nullopt, false);
}

}  // namespace wsconform::runner::detail
