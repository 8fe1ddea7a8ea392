// The closing handshake as Autobahn 0.10.9 runs it (sendCloseFrame, failConnection,
// onCloseFrame) and its timeouts.
#include "model/numeric_rules.hpp"
#include "runner/tester_session.hpp"

namespace wsconform::runner::detail {

void Tester::send_close_frame(std::optional<std::uint16_t> code, std::optional<Bytes> reason, bool is_reply) {
  if (state_ != State::open) return;
  Bytes body;
  if (code) body = {static_cast<std::uint8_t>(*code >> 8), static_cast<std::uint8_t>(*code)};
  if (reason) body.insert(body.end(), reason->begin(), reason->end());
  send_raw_frame(8, body, true, 0, std::nullopt, false);
  state_ = State::closing;
  run_.closed_by_me = !is_reply;
  run_.local_close_code = code;
  run_.local_close_reason = reason;
  if (run_.closed_by_me)
    give_up_after(opt_.close_handshake_timeout, &CaseRun::was_close_handshake_timeout,
               "peer did not respond (in time) in closing handshake");
}

void Tester::give_up_after(double timeout, bool CaseRun::*flag, const char* reason, bool while_connecting) {
  at(clock() + timeout, [this, flag, reason, while_connecting] {
    if (state_ == State::closed || (while_connecting && state_ != State::connecting)) return;
    run_.was_clean = false;
    run_.was_not_clean_reason = reason;
    run_.*flag = true;
    drop_connection(/*after_waiting=*/true);
  });
}

void Tester::fail_connection(std::uint16_t code, const std::string& reason) {
  if (state_ == State::closed) return;
  run_.failed_by_me = true;
  failed_by_me_ = true;
  if (state_ != State::closing) {
    const std::string r = reason.substr(0, 123);
    send_close_frame(code, Bytes(r.begin(), r.end()), false);
  } else {
    drop_connection();
  }
}

bool Tester::protocol_violation(const std::string& reason) {
  fail_connection(1002, reason);
  return false;
}

void Tester::drop_connection(bool after_waiting) {
  if (state_ == State::closed) return;
  run_.dropped_by_me = true;
  state_ = State::closed;
  trace(TraceStep::Kind::tester_closed, {}, false, after_waiting);
  target_.receive_eof();
  // An in-process target that closes TCP in answer to the tester's close does so at once: the
  // trace shows it, so an endpoint is not read as one that kept a lost connection (§7.2.1). (A
  // network target's close after ours cannot be told from our own.)
  if (!target_.realtime() && target_.closed_tcp()) trace(TraceStep::Kind::target_closed);
  connection_lost();
}

void Tester::on_close_frame(std::optional<std::uint16_t> code, std::optional<Bytes> reason) {
  run_.remote_close_code = code;
  const bool refused = code && (case_.tester_accepts_registered_codes
                           ? !model::numeric::close_code_valid(*code)
                           : (*code < 1000 || (*code <= 2999 && !allowed_close_code(*code)) || *code >= 5000));
  if (code && refused)
    protocol_violation("invalid close code " + std::to_string(*code));
  if (reason) {
    if (model::validate_utf8(*reason)) fail_connection(1007, "invalid close reason (non-UTF-8 payload)");
    run_.remote_close_reason = reason;
  }
  if (state_ == State::closing) {
    run_.was_clean = true;
    // §7.1.1: the server closes TCP first, at once; a client waits for it, up to the drop timeout.
    if (opt_.as_server) return drop_connection();
    give_up_after(opt_.server_connection_drop_timeout, &CaseRun::was_server_connection_drop_timeout,
               "server did not drop TCP connection (in time)");
  } else if (state_ == State::open) {
    run_.was_clean = true;
    send_close_frame(1000, std::nullopt, true);  // Autobahn answers 1000, not an echo
    if (opt_.as_server) {  // the reply goes out, then the server closes TCP
      settle();
      drop_connection();
    }
  }
}

void Tester::connection_lost() {
  if (done_) return;
  done_ = true;
  state_ = State::closed;
  run_.case_end = now_;
  if (!run_.was_clean && !run_.dropped_by_me && !run_.was_not_clean_reason)
    run_.was_not_clean_reason = "peer dropped the TCP connection without previous WebSocket closing handshake";
}

}  // namespace wsconform::runner::detail
