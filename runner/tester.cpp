#include "runner/tester.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <deque>
#include <queue>

#include "model/handshake.hpp"
#include "model/numeric_rules.hpp"
#include "model/sha1.hpp"
#include "runner/case_mode.hpp"
#include "runner/timers.hpp"
#include "runner/wire_log.hpp"

namespace wsconform::runner {
namespace {

using cases::Action;
using cases::Event;

enum class State { connecting, open, closing, closed };

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string iso_now() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(buf) + ".000Z";
}

Bytes repeated(const Bytes& pattern, std::optional<std::size_t> len) {
  if (!len) return pattern;
  Bytes out(*len);
  if (pattern.empty()) return out;
  // The pattern once, then the filled prefix (a whole number of patterns) copied after
  // itself: 16 MiB payloads (9.x) in a few dozen copies instead of an octet at a time.
  std::size_t filled = std::min(pattern.size(), *len);
  std::copy_n(pattern.begin(), filled, out.begin());
  while (filled < *len) {
    const std::size_t n = std::min(filled, *len - filled);
    std::copy_n(out.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(filled));
    filled += n;
  }
  return out;
}

// The seed of a case's mask keys and nonce: FNV-1a of its id, the same under every standard
// library (std::hash is not), so wire digests pinned in golden tables hold under libc++ too.
std::uint64_t case_seed(const std::string& id) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  return h;
}

class Tester final : private CaseControl {
 public:
  Tester(const cases::Case& c, target::Target& t, const TesterOptions& o, TraceObserver* obs)
      : case_(c), target_(t), opt_(o), observer_(obs), rng_(case_seed(c.id)) {
    run_.agent = t.agent();
    run_.is_server = o.as_server;
    run_.target_reports_deliveries = t.reports_deliveries();
  }

  CaseRun run() {
    run_.started = iso_now();
    if (target_.realtime()) {
      run_realtime();
      return std::move(run_);
    }
    open_handshake();
    settle();
    // The event loop of the virtual clock.
    while (!done_ && !timers_.empty()) {
      now_ = std::max(now_, timers_.next());
      auto fn = timers_.take_next();
      target_.time_passed(now_);
      pump();
      if (done_) break;
      fn();
      settle();
    }
    if (!done_) {  // nothing left to wait for: the tester gives up on the connection
      drop_connection();
      settle();
    }
    return std::move(run_);
  }

 private:
  // Over a real connection: the clock is the wall clock, and between timers the tester waits
  // for the target's octets (or its TCP close).
  void run_realtime() {
    const auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    at(opt_.case_time_limit, [this] {  // a safety net past every case timer
      if (!done_) drop_connection();
    });
    open_handshake();
    settle();
    while (!done_) {
      now_ = elapsed();
      const double next = timers_.empty() ? now_ + 1.0 : timers_.next();
      if (next > now_) {
        target_.wait(std::min(next - now_, 1.0));
        now_ = elapsed();
        pump();
        settle();
        continue;
      }
      auto fn = timers_.take_next();
      fn();
      settle();
    }
  }

  // ---- clock
  void at(double t, std::function<void()> fn) { timers_.at(t, std::move(fn)); }

  // ---- trace and log
  void trace(TraceStep::Kind k, const Bytes& octets = {}, bool text = false, bool after_waiting = false) {
    if (observer_) observer_->step(TraceStep{k, now_, octets, text, after_waiting});
  }
  void log(WireEntry e) { append_row(run_, std::move(e), now_); }
  static WireEntry row(WireEntry::Kind k) { return wire_row(k); }
  static Bytes head(const Bytes& b) { return log_head(b); }

  // ---- writing (Autobahn's sendData)
  void write(Bytes data, bool sync, std::optional<std::size_t> chop) {
    if (state_ == State::closed) return;
    if (chop && *chop > 0) {
      for (std::size_t i = 0; i < data.size(); i += *chop)
        queue_.push_back({Bytes(data.begin() + static_cast<std::ptrdiff_t>(i),
                                data.begin() + static_cast<std::ptrdiff_t>(std::min(data.size(), i + *chop))),
                          true});
      trigger();
    } else if (sync || !queue_.empty()) {
      queue_.push_back({std::move(data), sync});
      trigger();
    } else {
      log(octets_row(WireEntry::Kind::tx_octets, data, false));
      ++run_.tx_octet_stats[data.size()];
      burst_.insert(burst_.end(), data.begin(), data.end());
    }
  }
  void trigger() {
    if (send_scheduled_) return;
    send_scheduled_ = true;
    at(now_, [this] { send_next(); });
  }
  void send_next() {
    send_scheduled_ = false;
    if (queue_.empty() || state_ == State::closed) return;
    auto [data, sync] = std::move(queue_.front());
    queue_.pop_front();
    flush_burst();
    log(octets_row(WireEntry::Kind::tx_octets, data, sync));
    ++run_.tx_octet_stats[data.size()];
    deliver(data);
    if (!queue_.empty()) {
      send_scheduled_ = true;
      at(now_ + (target_.realtime() ? opt_.realtime_chop_delay : opt_.chop_delay), [this] { send_next(); });
    }
  }
  void flush_burst() {
    if (burst_.empty()) return;
    Bytes b;
    b.swap(burst_);
    deliver(b);
  }
  void deliver(const Bytes& chunk) {
    if (state_ == State::closed && !handshake_phase_) return;
    trace(TraceStep::Kind::tester_wrote, chunk);
    for (std::uint8_t b : chunk) run_.tester_digest = (run_.tester_digest ^ b) * 0x100000001b3ull;
    target_.receive(chunk);
    pump();
  }
  // Writes queued at this instant go out; replies they cause go out too, until quiet.
  void settle() {
    for (int guard = 0; !burst_.empty() && guard < 1000000; ++guard) flush_burst();
  }

  // ---- reading
  void pump() {
    if (done_) return;
    for (auto& d : target_.take_deliveries()) trace(TraceStep::Kind::delivered, d.data, d.text);
    Bytes out = target_.take_output();
    if (!out.empty()) {
      trace(TraceStep::Kind::target_wrote, out);
      on_read(out);
    }
    if (target_.closed_tcp() && !done_) {
      trace(TraceStep::Kind::target_closed);
      connection_lost();
    }
  }

  void on_read(const Bytes& chunk) {
    log(octets_row(WireEntry::Kind::rx_octets, chunk, false));
    ++run_.rx_octet_stats[chunk.size()];
    if (state_ == State::connecting) return handshake_read(chunk);
    if (state_ == State::closed) return;
    std::vector<model::DecodeEvent> events;
    decoder_.feed(chunk, events);
    for (auto& e : events) {
      if (done_ || state_ == State::closed) return;
      if (auto* h = std::get_if<model::HeaderDecoded>(&e)) {
        frame_header_ = h->header;
        frame_payload_.clear();
        frame_ok_ = check_header(h->header);
        if (frame_ok_ && !model::is_control(h->header.op) && h->header.op != model::opcode::continuation) {
          message_.clear();
          message_binary_ = h->header.op == model::opcode::binary;
          message_utf8_ = model::Utf8Validator{};
          in_message_ = true;
        }
      } else if (auto* p = std::get_if<model::PayloadDecoded>(&e)) {
        if (!frame_ok_) continue;
        if (model::is_control(frame_header_.op)) {
          frame_payload_.insert(frame_payload_.end(), p->data.begin(), p->data.end());
        } else {
          if (run_.create_wirelog && frame_payload_.size() < kLogMax)
            frame_payload_.insert(frame_payload_.end(), p->data.begin(),
                                  p->data.begin() + static_cast<std::ptrdiff_t>(std::min(p->data.size(), kLogMax)));
          message_.insert(message_.end(), p->data.begin(), p->data.end());
          // Autobahn validates incoming text as it arrives and fails fast with 1007.
          if (!message_binary_ && !failed_by_me_utf8_ && message_utf8_.feed(p->data)) {
            failed_by_me_utf8_ = true;
            fail_connection(1007, "encountered invalid UTF-8 while processing text message");
          }
        }
      } else if (std::holds_alternative<model::FrameComplete>(e)) {
        on_frame_complete();
      } else if (std::holds_alternative<model::DecodeStopped>(e)) {
        protocol_violation("invalid data frame length (>2^63)");
        return;
      }
    }
  }

  // Autobahn's checks of the peer's frame header (§5.1: a server's frames unmasked, a client's masked).
  bool check_header(const model::FrameHeader& h) {
    if (h.rsv() != 0) return protocol_violation("RSV = " + std::to_string(h.rsv()) + " and no extension negotiated");
    if (!opt_.as_server && h.masked) return protocol_violation("masked server-to-client frame");
    if (opt_.as_server && !h.masked) return protocol_violation("unmasked client-to-server frame");
    if (model::is_control(h.op)) {
      if (!h.fin) return protocol_violation("fragmented control frame");
      if (h.payload_length > 125) return protocol_violation("control frame with payload length > 125 octets");
      if (model::is_reserved(h.op)) return protocol_violation("control frame using reserved opcode");
      if (h.op == model::opcode::close && h.payload_length == 1) return protocol_violation("received close control frame with payload len 1");
    } else {
      if (model::is_reserved(h.op)) return protocol_violation("data frame using reserved opcode");
      if (h.op == model::opcode::continuation && !in_message_) return protocol_violation("received continuation data frame outside fragmented message");
      if (h.op != model::opcode::continuation && in_message_) return protocol_violation("received non-continuation data frame while inside fragmented message");
    }
    if (!model::numeric::length_encoding_minimal(h.form, h.payload_length))
      return protocol_violation("invalid data frame length (not using minimal length encoding)");
    return true;
  }

  void on_frame_complete() {
    const model::FrameHeader& h = frame_header_;
    ++run_.rx_frame_stats[static_cast<int>(h.op)];
    WireEntry rf = row(WireEntry::Kind::rx_frame);
    rf.octets = head(frame_payload_);
    rf.length = static_cast<std::size_t>(h.payload_length);
    rf.opcode = static_cast<std::uint8_t>(h.op);
    rf.fin = h.fin;
    rf.rsv = h.rsv();
    rf.masked = h.masked;
    log(std::move(rf));
    if (!frame_ok_) return;
    switch (h.op) {
      case model::opcode::close: {
        std::optional<std::uint16_t> code;
        std::optional<Bytes> reason;
        if (frame_payload_.size() >= 2) {
          code = static_cast<std::uint16_t>((frame_payload_[0] << 8) | frame_payload_[1]);
          if (frame_payload_.size() > 2) reason = Bytes(frame_payload_.begin() + 2, frame_payload_.end());
        }
        return on_close_frame(code, reason);
      }
      case model::opcode::ping:
        if (state_ == State::open) send_raw_frame(10, frame_payload_, true, 0, std::nullopt, false);  // auto-Pong
        return on_event({Event::Kind::ping, frame_payload_, false});
      case model::opcode::pong:
        return on_event({Event::Kind::pong, frame_payload_, false});
      default:
        break;
    }
    if (!h.fin) return;
    in_message_ = false;
    if (!message_binary_ && !failed_by_me_utf8_ && !message_utf8_.at_boundary()) {
      failed_by_me_utf8_ = true;
      fail_connection(1007, "UTF-8 text message payload ended within Unicode code point");
    }
    if (failed_by_me_) return;  // Autobahn delivers no message once it failed the connection
    on_message(std::move(message_), message_binary_);
    message_.clear();
  }

  // ---- sending frames
  void send_raw_frame(std::uint8_t opcode, const Bytes& payload, bool fin, std::uint8_t rsv,
                      std::optional<std::size_t> chop, bool sync, std::optional<std::size_t> repeat_length = std::nullopt,
                      cases::Masking masking = cases::Masking::by_role, std::uint8_t length_bits = 0) {
    // §5.1: a client masks every frame it sends, a server none (unless the case says otherwise).
    std::optional<model::MaskKey> key;
    const bool mask = masking == cases::Masking::against_role ? opt_.as_server : !opt_.as_server;
    if (mask) {
      key.emplace();
      for (auto& k : *key) k = masking == cases::Masking::zero_key ? 0 : static_cast<std::uint8_t>(rng_());
    }
    model::FrameHeader h = model::make_header(static_cast<model::opcode>(opcode), payload.size(), fin, key);
    h.rsv1 = rsv & 4;
    h.rsv2 = rsv & 2;
    h.rsv3 = rsv & 1;
    if (length_bits == 16) h.form = model::length_form::bits16;
    if (length_bits == 64) h.form = model::length_form::bits64;
    WireEntry tf = row(WireEntry::Kind::tx_frame);
    tf.octets = head(payload);
    tf.length = payload.size();
    tf.opcode = opcode;
    tf.fin = fin;
    tf.rsv = rsv;
    tf.masked = key.has_value();
    if (key) tf.mask = (std::uint32_t{(*key)[0]} << 24) | (std::uint32_t{(*key)[1]} << 16) | (std::uint32_t{(*key)[2]} << 8) | (*key)[3];
    tf.repeat_length = repeat_length;
    tf.chop = chop;
    tf.sync = sync;
    log(std::move(tf));
    ++run_.tx_frame_stats[opcode];
    write(model::encode_frame(h, payload), sync, chop);
  }

  void send_frame(const cases::SendFrame& f) {
    send_raw_frame(f.opcode, repeated(f.payload, f.payload_len), f.fin, f.rsv, f.chop, f.sync, f.payload_len, f.masking, f.length_bits);
  }

  void send_message(const cases::SendMessage& m) {
    if (state_ != State::open) return;
    const Bytes data = repeated(m.payload, m.payload_len);
    if (m.fragment_size == 0 || m.fragment_size >= data.size()) return send_raw_frame(m.opcode, data, true, 0, std::nullopt, false);
    for (std::size_t at = 0; at < data.size(); at += m.fragment_size) {
      const std::size_t n = std::min(m.fragment_size, data.size() - at);
      send_raw_frame(at == 0 ? m.opcode : 0,
                     Bytes(data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n)),
                     at + n == data.size(), 0, std::nullopt, false);
    }
  }

  // A frame header now, its payload in later writes (Autobahn's beginMessageFrame).
  void begin_frame(const cases::BeginFrame& b) {
    if (state_ != State::open) return;
    for (auto& k : streaming_key_) k = static_cast<std::uint8_t>(rng_());
    streaming_at_ = 0;
    model::FrameHeader h = model::make_header(static_cast<model::opcode>(b.opcode), b.length, true,
                                              opt_.as_server ? std::nullopt : std::optional<model::MaskKey>(streaming_key_));
    Bytes header = model::encode_frame(h, {});
    ++run_.tx_frame_stats[b.opcode];
    write(std::move(header), false, std::nullopt);
  }
  void frame_data(const cases::FrameData& d) {
    if (state_ != State::open) return;
    Bytes masked = d.data;
    if (!opt_.as_server) model::apply_mask(masked, streaming_key_, streaming_at_);
    streaming_at_ += d.data.size();
    write(std::move(masked), false, std::nullopt);
  }

  // ---- closing (Autobahn 0.10.9 sendCloseFrame / failConnection / onCloseFrame)
  void send_close_frame(std::optional<std::uint16_t> code, std::optional<Bytes> reason, bool is_reply) {
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
      give_up_at(now_ + opt_.close_handshake_timeout, &CaseRun::was_close_handshake_timeout,
                 "peer did not respond (in time) in closing handshake");
  }

  // Autobahn's timeouts: still waiting at `when`, the tester records why the connection was not
  // clean and drops it. `while_connecting`: only the opening handshake is waited for.
  void give_up_at(double when, bool CaseRun::*flag, const char* reason, bool while_connecting = false) {
    at(when, [this, flag, reason, while_connecting] {
      if (state_ == State::closed || (while_connecting && state_ != State::connecting)) return;
      run_.was_clean = false;
      run_.was_not_clean_reason = reason;
      run_.*flag = true;
      drop_connection(/*after_waiting=*/true);
    });
  }

  void fail_connection(std::uint16_t code, const std::string& reason) {
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

  // Returns false so a header check can `return protocol_violation(...)`.
  bool protocol_violation(const std::string& reason) {
    fail_connection(1002, reason);
    return false;
  }

  void drop_connection(bool after_waiting = false) {
    if (state_ == State::closed) return;
    run_.dropped_by_me = true;
    state_ = State::closed;
    trace(TraceStep::Kind::tester_closed, {}, false, after_waiting);
    target_.receive_eof();
    connection_lost();
  }

  void on_close_frame(std::optional<std::uint16_t> code, std::optional<Bytes> reason) {
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
      give_up_at(now_ + opt_.server_connection_drop_timeout, &CaseRun::was_server_connection_drop_timeout,
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

  // Autobahn 0.10.9's CLOSE_STATUS_CODES_ALLOWED within 1000-2999 (so 1012-1014 are refused).
  static bool allowed_close_code(std::uint16_t c) { return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011); }

  void connection_lost() {
    if (done_) return;
    done_ = true;
    state_ = State::closed;
    run_.case_end = now_;
    if (!run_.was_clean && !run_.dropped_by_me && !run_.was_not_clean_reason)
      run_.was_not_clean_reason = "peer dropped the TCP connection without previous WebSocket closing handshake";
  }

  // ---- the opening handshake
  void open_handshake() {
    if (opt_.as_server) {  // the client speaks first; its request is read as it arrives
      arm_open_handshake_timeout();
      return;
    }
    std::array<std::uint8_t, 16> nonce{};
    for (auto& b : nonce) b = static_cast<std::uint8_t>(rng_());
    key_ = model::base64(nonce);
    run_.http_request = "GET " + opt_.path + " HTTP/1.1\r\nUser-Agent: " + opt_.user_agent + "\r\nHost: " + opt_.host +
                        "\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n"
                        "Sec-WebSocket-Key: " + key_ + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    write_handshake(run_.http_request);
    arm_open_handshake_timeout();
  }

  // The handshake's octets go out as one write, logged as Autobahn logs them.
  void write_handshake(const std::string& head) {
    handshake_phase_ = true;
    const Bytes octets(head.begin(), head.end());
    log(octets_row(WireEntry::Kind::tx_octets, octets, false));
    ++run_.tx_octet_stats[octets.size()];
    deliver(octets);
    handshake_phase_ = false;
  }

  void arm_open_handshake_timeout() {
    if (state_ == State::connecting && !done_)
      give_up_at(now_ + opt_.open_handshake_timeout, &CaseRun::was_open_handshake_timeout,
                 "peer did not finish (in time) the opening handshake", /*while_connecting=*/true);
  }

  void handshake_read(const Bytes& chunk) {
    http_buf_.append(chunk.begin(), chunk.end());
    if (answering_) return;  // octets that came while the answer went out: read once it is out
    const auto end = http_buf_.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (http_buf_.size() > 65536) drop_connection();
      return;
    }
    if (opt_.as_server) return answer_request(end);
    run_.http_response = http_buf_.substr(0, end + 4);
    const std::string rest = http_buf_.substr(end + 4);
    const std::string lc = lower(run_.http_response);
    const bool status_101 = lc.rfind("http/1.1 101", 0) == 0;
    const bool upgrade = lc.find("\r\nupgrade:") != std::string::npos && lc.find("websocket") != std::string::npos;
    const bool accept = run_.http_response.find(model::accept_for(key_)) != std::string::npos;
    if (!status_101 || !upgrade || !accept) {
      drop_connection();
      return;
    }
    opened(rest);
  }

  // The tester as server: §4.2.1's checks of the client's request, §4.2.2's answer.
  void answer_request(std::size_t end) {
    run_.http_request = http_buf_.substr(0, end + 4);
    model::RequestRuling ruling = model::rule_on_request(run_.http_request);
    std::string response = ruling.response;
    if (!opt_.server_name.empty()) response.insert(response.find("\r\n") + 2, "Server: " + opt_.server_name + "\r\n");
    run_.http_response = response;
    answering_ = true;
    write_handshake(response);
    answering_ = false;
    if (!ruling.accept) {
      drop_connection();
      return;
    }
    opened(http_buf_.substr(end + 4));
  }

  void opened(const std::string& rest) {
    state_ = State::open;
    run_.connection_was_open = true;
    run_.case_start = now_;
    run_actions(case_.script);
    on_open_grading();
    if (!rest.empty()) on_read(Bytes(rest.begin(), rest.end()));
  }

  // ---- the case
  void run_actions(const std::vector<Action>& actions) {
    for (const auto& a : actions) {
      std::visit([this](const auto& x) { act(x); }, a);
    }
  }
  void act(const cases::SendFrame& f) { send_frame(f); }
  void act(const cases::SendMessage& m) { send_message(m); }
  void act(const cases::BeginFrame& b) { begin_frame(b); }
  void act(const cases::FrameData& d) { frame_data(d); }
  void act(const cases::SendRaw& r) {
    if (state_ == State::open) write(r.octets, false, std::nullopt);
  }
  void act(const cases::SendClose& c) { send_close_frame(c.code, c.reason, false); }
  void act(const cases::SendAtLimit& m) {
    if (state_ != State::open) return;
    const auto limit = target_.max_message_size();
    if (!limit) {
      run_.behavior = "UNIMPLEMENTED";
      run_.result = "The target's maximum message size is not known (give it with --max-message-size).";
      send_close_frame(1000, std::nullopt, false);
      return;
    }
    const auto size = static_cast<std::int64_t>(*limit) + m.excess;
    cases::SendFrame f;
    f.opcode = 2;
    f.payload = {0xFE};
    f.payload_len = static_cast<std::size_t>(std::max<std::int64_t>(0, size));
    send_frame(f);
  }
  void act(const cases::KillAfter& k) {
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
  void act(const cases::CloseAfter& c) {
    log(timer_row(WireEntry::Kind::close_timer, c.seconds));
    at(now_ + c.seconds, [this] {
      if (state_ == State::closed) return;
      log(row(WireEntry::Kind::close_timer_fired));
      send_close_frame(std::nullopt, std::nullopt, false);
    });
  }
  void act(const cases::CloseOnMessages& c) { close_on_messages_ = c.count; }
  void act(const cases::WireLog& w) {
    if (w.on == run_.create_wirelog) return;
    run_.create_wirelog = true;
    WireEntry e = row(WireEntry::Kind::wirelog);
    e.on = w.on;
    log(e);
    run_.create_wirelog = w.on;
  }
  void act(const cases::Wait& w) {
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

  // ---- the case's mode (Autobahn's per-case hooks), and what it may do
  void on_open_grading() {
    if (mode_) mode_->on_open(*this);
  }
  void on_message(Bytes payload, bool binary) {
    if (mode_ && mode_->on_message(*this, payload, binary)) return;
    on_event({Event::Kind::message, std::move(payload), binary});
    if (close_on_messages_ != 0 && ++messages_seen_ == close_on_messages_) send_close_frame(1000, std::nullopt, false);
  }
  CaseRun& record() override { return run_; }
  void send(const cases::SendFrame& f) override { send_frame(f); }
  void close(std::uint16_t code) override { send_close_frame(code, std::nullopt, false); }
  void wire_log(bool on) override { act(cases::WireLog{on}); }

  void on_event(Event e) {
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

  model::MaskKey streaming_key_{};
  std::uint64_t streaming_at_ = 0;
  std::unique_ptr<CaseMode> mode_ = mode_for(case_);
};

}  // namespace

CaseRun run_case(const cases::Case& c, target::Target& target, const TesterOptions& options, TraceObserver* observer) {
  Tester t(c, target, options, observer);
  return t.run();
}

}  // namespace wsconform::runner
