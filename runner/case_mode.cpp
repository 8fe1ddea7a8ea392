#include "runner/case_mode.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "model/sha1.hpp"

namespace wsconform::runner {
namespace {

using cases::Case;

std::string kind(bool binary) { return binary ? "binary" : "text"; }

// 9.1-9.6: one echo of the right type and length (Autobahn does not compare its content).
class EchoLength final : public CaseMode {
 public:
  explicit EchoLength(const Case& c) : c_(c) {}
  void on_open(CaseControl& t) override {
    t.record().check = CaseRun::Check::failed;
    t.record().result = "Did not receive message within " + std::to_string(static_cast<int>(c_.echo_timeout)) + " seconds.";
  }
  bool on_message(CaseControl& t, const Bytes& payload, bool binary) override {
    const bool want_binary = c_.echo_opcode == 2;
    CaseRun& run = t.record();
    if (binary != want_binary) {
      run.result = "Expected " + kind(want_binary) + " message with payload, but got " + kind(binary) + ".";
    } else if (payload.size() != c_.echo_length) {
      run.result = "Expected " + kind(want_binary) + " message with payload of length " + std::to_string(c_.echo_length) +
                   ", but got " + std::to_string(payload.size()) + ".";
    } else {
      run.check = CaseRun::Check::passed;
      run.result = "Received " + kind(binary) + " message of length " + std::to_string(payload.size()) + ".";
    }
    t.wire_log(true);
    t.close(1000);
    return true;
  }

 private:
  const Case& c_;
};

// 9.7-9.8: `round_trip_count` messages, each sent when the previous echo came back.
class RoundTrips final : public CaseMode {
 public:
  explicit RoundTrips(const Case& c) : c_(c) {}
  void on_open(CaseControl& t) override {
    t.record().check = CaseRun::Check::failed;
    t.record().result = "Case did not finish within " + std::to_string(static_cast<int>(c_.echo_timeout)) + " seconds.";
    send_next(t);
  }
  bool on_message(CaseControl& t, const Bytes& payload, bool binary) override {
    CaseRun& run = t.record();
    if (binary != (c_.echo_opcode == 2) || payload.size() != c_.echo_length) {
      run.check = CaseRun::Check::failed;
      run.result = "Echo'ed message type or length differs from what I sent (got binary = " + std::string(binary ? "True" : "False") +
                   ", payload length = " + std::to_string(payload.size()) + ").";
      t.wire_log(true);
      t.close(1000);
    } else if (sent_ < c_.round_trip_count) {
      send_next(t);
    } else {
      run.check = CaseRun::Check::passed;
      run.result = "Ok, received all echo'ed messages in time.";
      t.wire_log(true);
      t.close(1000);
    }
    return true;
  }

 private:
  void send_next(CaseControl& t) {
    cases::SendFrame f;
    f.opcode = *c_.echo_opcode;
    f.payload = {static_cast<std::uint8_t>(f.opcode == 1 ? '*' : 0xFE)};
    f.payload_len = c_.echo_length;
    t.send(f);
    ++sent_;
  }

  const Case& c_;
  std::size_t sent_ = 0;
};

// 12.x, 13.x: with permessage-deflate agreed, `count` messages sliced from the corpus, each sent
// when the previous echo came back and compared in Autobahn's order - type, length (code points
// for text), content - with Autobahn's result texts (SHA-1 of both on a content mismatch; the
// comparison itself is a memcmp). Without an agreement the case cannot run: UNIMPLEMENTED.
class DeflateEchoes final : public CaseMode {
 public:
  explicit DeflateEchoes(const Case& c) : c_(c), echo_(*c.deflate_echo), corpus_(cases::corpus(echo_.corpus)) {}
  void on_open(CaseControl& t) override {
    CaseRun& run = t.record();
    t.wire_log(false);
    if (echo_.model_graded) {  // the model grades; the tester only drives the connection
      t.close_after(echo_.timeout);
      if (t.deflate_agreement()) return send_next(t);
      // No agreement: a message without compression, which an endpoint that declined echoes
      // and one that had to fail the connection never sees through.
      cases::SendMessage m;
      m.payload = cases::bytes_of("no permessage-deflate");
      t.send_message(m);
      return;
    }
    if (!t.deflate_agreement()) {
      run.check = CaseRun::Check::not_run;
      run.result = t.is_server() ? "The client offered no permessage-deflate this case accepts (see httpRequest)."
                                 : "The server did not accept permessage-deflate (offered: " + c_.deflate->offer + ").";
      t.close(1000);
      return;
    }
    run.check = CaseRun::Check::failed;
    run.result = "Case did not finish within " + std::to_string(static_cast<int>(echo_.timeout)) + " seconds.";
    t.close_after(echo_.timeout);
    send_next(t);
  }
  bool on_message(CaseControl& t, const Bytes& payload, bool binary) override {
    CaseRun& run = t.record();
    if (echo_.model_graded) {
      if (t.deflate_agreement() && count_ < echo_.count) send_next(t);
      else t.close(1000);
      return true;
    }
    std::string problem;
    if (binary != corpus_.binary) {
      problem = "Echo'ed message type differs from what I sent (got binary " + py_bool(binary) + ", expected binary " + py_bool(corpus_.binary) + ").";
    } else if (const std::size_t got = units(payload); got != echo_.length) {
      problem = "Echo'ed message length differs from what I sent (got length " + std::to_string(got) + ", expected length " +
                std::to_string(echo_.length) + ").";
    } else if (!std::equal(payload.begin(), payload.end(), sent_.begin(), sent_.end())) {
      problem = "Echo'ed message contents differs from what I sent (got SHA1 " + hex(model::sha1(payload)) + ", expected SHA1 " +
                hex(model::sha1(sent_)) + ").";
    }
    if (!problem.empty()) {
      run.check = CaseRun::Check::failed;
      run.result = problem;
      t.wire_log(true);
      t.close(1000);
    } else if (count_ < echo_.count) {
      send_next(t);
    } else {
      run.check = CaseRun::Check::passed;
      run.result = "Ok, received all echo'ed messages in time.";
      t.snapshot_traffic();
      t.wire_log(true);
      t.close(1000);
    }
    return true;
  }

 private:
  static std::string py_bool(bool b) { return b ? "True" : "False"; }
  static std::string hex(const std::array<std::uint8_t, 20>& digest) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto b : digest) out += digits[b >> 4], out += digits[b & 15];
    return out;
  }
  std::size_t units(const Bytes& payload) const {
    if (corpus_.binary) return payload.size();
    std::size_t n = 0;
    for (auto b : payload) n += (b & 0xc0) != 0x80;
    return n;
  }
  void send_next(CaseControl& t) {
    const auto message = cases::slice(corpus_, from_, echo_.length, wrap_);
    sent_.assign(message.begin(), message.end());
    cases::SendMessage m;
    m.opcode = corpus_.binary ? 2 : 1;
    m.payload = sent_;  // kept for the comparison with the echo; the tester compresses this copy as it is
    m.fragment_size = echo_.auto_fragment;
    m.compressed = true;
    t.send_message(m);
    ++count_;
    if (count_ % 50 == 0) t.messages_sent(count_, echo_.count);
  }

  const Case& c_;
  const cases::DeflateEcho& echo_;
  const cases::Corpus& corpus_;
  std::size_t from_ = 0, count_ = 0;
  Bytes sent_, wrap_;
};

}  // namespace

std::unique_ptr<CaseMode> mode_for(const cases::Case& c) {
  if (c.deflate_echo) return std::make_unique<DeflateEchoes>(c);
  switch (c.grading) {
    case cases::Grading::echo_length: return std::make_unique<EchoLength>(c);
    case cases::Grading::round_trips: return std::make_unique<RoundTrips>(c);
    default: return nullptr;
  }
}

}  // namespace wsconform::runner
