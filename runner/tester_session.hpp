// The tester's state and steps for one case - Autobahn's fuzzing client, step by step - shared
// by the files that implement it, one job each: tester.cpp (the event loop, the clock, the
// trace), tester_io.cpp (write shaping and frame reading), tester_send.cpp (the frames a script
// sends), tester_closing.cpp (the closing handshake and Autobahn's timeouts),
// tester_handshake.cpp (the opening handshake, both roles), tester_script.cpp (the case's
// script and its mode). Internal to runner/; run_case() in tester.hpp is the entry point.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "model/frame.hpp"
#include "model/utf8.hpp"
#include "runner/case_mode.hpp"
#include "runner/tester_deflate.hpp"
#include "runner/tester.hpp"
#include "runner/timers.hpp"
#include "runner/wire_log.hpp"

namespace wsconform::runner::detail {

using cases::Action;
using cases::Event;

enum class State { connecting, open, closing, closed };

std::string lower(std::string s);
// The local time now, as Autobahn writes a case's start.
std::string iso_now();
// `pattern` repeated to `len` octets (the pattern alone without a length).
Bytes repeated(const Bytes& pattern, std::optional<std::size_t> len);
// The seed of a case's mask keys and nonce: FNV-1a of its id, the same under every standard
// library (std::hash is not), so wire digests pinned in golden tables hold under libc++ too.
std::uint64_t case_seed(const std::string& id);

class Tester final : private CaseControl {
 public:
  Tester(const cases::Case& c, target::Target& t, const TesterOptions& o, TraceObserver* obs)
      : case_(c), target_(t), opt_(o), observer_(obs), rng_(case_seed(c.id)) {
    run_.agent = t.agent();
    run_.is_server = o.as_server;
    run_.target_reports_deliveries = t.reports_deliveries();
    run_.connection_error = t.error();
  }

  CaseRun run();

 private:
  // Over a real connection: the clock is the wall clock, and between timers the tester waits
  // for the target's octets (or its TCP close).
  void run_realtime();

  // ---- clock
  void at(double t, std::function<void()> fn) { timers_.at(t, std::move(fn)); }
  // Now: over a real connection the wall clock read afresh (the tester may have been busy since
  // its loop last looked - inflating a large message, say - and a timeout starts now, not then).
  double clock();
  std::chrono::steady_clock::time_point wall_start_{};

  // ---- trace and log
  void trace(TraceStep::Kind k, const Bytes& octets = {}, bool text = false, bool after_waiting = false);
  void log(WireEntry e) { append_row(run_, std::move(e), now_); }
  static WireEntry row(WireEntry::Kind k) { return wire_row(k); }
  static Bytes head(const Bytes& b) { return log_head(b); }

  // ---- writing (Autobahn's sendData)
  void write(Bytes data, bool sync, std::optional<std::size_t> chop);
  void trigger();
  void send_next();
  void flush_burst();
  void deliver(const Bytes& chunk);
  // Writes queued at this instant go out; replies they cause go out too, until quiet.
  void settle();

  // ---- reading
  void pump();
  void on_read(const Bytes& chunk);

  // Autobahn's checks of the peer's frame header (§5.1: a server's frames unmasked, a client's masked).
  bool check_header(const model::FrameHeader& h);
  void on_frame_complete();

  // ---- sending frames
  void send_raw_frame(std::uint8_t opcode, const Bytes& payload, bool fin, std::uint8_t rsv, std::optional<std::size_t> chop,
                      bool sync, std::optional<std::size_t> repeat_length = std::nullopt,
                      cases::Masking masking = cases::Masking::by_role, std::uint8_t length_bits = 0);
  void send_frame(const cases::SendFrame& f);
  void send_compressed(const cases::SendMessage& m);

  // A frame header now, its payload in later writes (Autobahn's beginMessageFrame).
  void begin_frame(const cases::BeginFrame& b);
  void frame_data(const cases::FrameData& d);

  // ---- closing (Autobahn 0.10.9 sendCloseFrame / failConnection / onCloseFrame)
  void send_close_frame(std::optional<std::uint16_t> code, std::optional<Bytes> reason, bool is_reply);

  // Autobahn's timeouts: still waiting `timeout` seconds from now, the tester records why the
  // connection was not clean and drops it. `while_connecting`: only the opening handshake is waited for.
  void give_up_after(double timeout, bool CaseRun::*flag, const char* reason, bool while_connecting = false);
  void fail_connection(std::uint16_t code, const std::string& reason);

  // Returns false so a header check can `return protocol_violation(...)`.
  bool protocol_violation(const std::string& reason);
  void drop_connection(bool after_waiting = false);
  void on_close_frame(std::optional<std::uint16_t> code, std::optional<Bytes> reason);

  // Autobahn 0.10.9's CLOSE_STATUS_CODES_ALLOWED within 1000-2999 (so 1012-1014 are refused).
  static bool allowed_close_code(std::uint16_t c) { return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011); }

  void connection_lost();

  // ---- the opening handshake
  void open_handshake();

  // The handshake's octets go out as one write, logged as Autobahn logs them.
  void write_handshake(const std::string& head);
  // hs.*: the case's own head (placeholders filled) in its chops, then what goes behind it.
  std::string probe_head(const std::string& accept) const;
  void write_probe(const std::string& head);
  void arm_open_handshake_timeout();
  void handshake_read(const Bytes& chunk);

  // The tester as server: §4.2.1's checks of the client's request, §4.2.2's answer.
  void answer_request(std::size_t end);
  void opened(const std::string& rest);
  // permessage-deflate in the handshake (12.x, 13.x, pmd.*).
  bool take_deflate_response(const std::string& response);
  std::string deflate_answer(const std::string& request);
  std::string verbatim_answer(const std::string& answer, const model::OfferList& offers);

  // ---- the case
  void run_actions(const std::vector<Action>& actions);
  void act(const cases::SendFrame& f) { send_frame(f); }
  void act(const cases::SendMessage& m) { send_message(m); }
  void act(const cases::BeginFrame& b) { begin_frame(b); }
  void act(const cases::FrameData& d) { frame_data(d); }
  void act(const cases::SendRaw& r);
  void act(const cases::SendClose& c) { send_close_frame(c.code, c.reason, false); }
  void act(const cases::SendAtLimit& m);
  void act(const cases::KillAfter& k);
  void act(const cases::CloseAfter& c);
  void act(const cases::CloseOnMessages& c) { close_on_messages_ = c.count; }
  void act(const cases::ExpectEcho& e) { run_.expected_echoes.push_back(cases::message(e.message, e.binary)); }
  void act(const cases::SendWindowEdge&);
  void act(const cases::DropTcp&);
  void act(const cases::WireLog& w);
  void act(const cases::Wait& w);

  // ---- the case's mode (Autobahn's per-case hooks), and what it may do
  void on_open_grading();
  void on_message(Bytes payload, bool binary);
  CaseRun& record() override { return run_; }
  void send(const cases::SendFrame& f) override { send_frame(f); }
  void close(std::uint16_t code) override { send_close_frame(code, std::nullopt, false); }
  void wire_log(bool on) override { act(cases::WireLog{on}); }
  void send_message(const cases::SendMessage& m) override;
  void close_after(double seconds) override { act(cases::CloseAfter{seconds}); }
  bool is_server() const override { return opt_.as_server; }
  const std::optional<model::PmdAgreement>& deflate_agreement() const override { return pmd_; }
  void snapshot_traffic() override { run_.traffic_stats = run_.traffic; }
  void messages_sent(std::size_t sent, std::size_t of) override {
    if (opt_.on_messages) opt_.on_messages(case_.id, sent, of);
  }

  void on_event(Event e);
  const cases::Case& case_;
  target::Target& target_;
  TesterOptions opt_;
  TraceObserver* observer_;
  std::mt19937_64 rng_;
  CaseRun run_;

  double now_ = 0;
  Timers timers_;
  bool done_ = false;
  State state_ = State::connecting;
  bool handshake_phase_ = false;
  bool answering_ = false;  // the tester as server is writing its handshake answer
  std::string key_, http_buf_;

  std::deque<std::pair<Bytes, bool>> queue_;
  bool send_scheduled_ = false;
  Bytes burst_;

  model::FrameDecoder decoder_;
  model::FrameHeader frame_header_;
  bool frame_ok_ = true;
  Bytes frame_payload_;
  bool in_message_ = false;
  bool message_binary_ = false;
  Bytes message_;
  model::Utf8Validator message_utf8_;
  bool failed_by_me_ = false;
  bool failed_by_me_utf8_ = false;
  std::size_t close_on_messages_ = 0;  // CloseOnMessages: 0 = not asked
  std::size_t messages_seen_ = 0;

  // permessage-deflate, once agreed: the agreement, the tester's codec, and the target's
  // message being read compressed (RSV1 on its first frame).
  std::optional<model::PmdAgreement> pmd_;
  bool client_offered_pmd_ = false;  // the tester as server: the request held a permessage-deflate element
  std::unique_ptr<TesterDeflate> deflate_;
  bool message_compressed_ = false;
  Bytes inflated_;

  model::MaskKey streaming_key_{};
  std::uint64_t streaming_at_ = 0;
  std::unique_ptr<CaseMode> mode_ = mode_for(case_);
};

}  // namespace wsconform::runner::detail
