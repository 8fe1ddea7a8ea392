#include "runner/case_mode.hpp"

#include <string>

namespace wsconform::runner {
namespace {

using cases::Case;

std::string kind(bool binary) { return binary ? "binary" : "text"; }

// 9.1-9.6: one echo of the right type and length (Autobahn does not compare its content).
class EchoLength final : public CaseMode {
 public:
  explicit EchoLength(const Case& c) : c_(c) {}
  void on_open(CaseControl& t) override {
    t.record().behavior = "FAILED";
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
      run.behavior = "OK";
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
    t.record().behavior = "FAILED";
    t.record().result = "Case did not finish within " + std::to_string(static_cast<int>(c_.echo_timeout)) + " seconds.";
    send_next(t);
  }
  bool on_message(CaseControl& t, const Bytes& payload, bool binary) override {
    CaseRun& run = t.record();
    if (binary != (c_.echo_opcode == 2) || payload.size() != c_.echo_length) {
      run.behavior = "FAILED";
      run.result = "Echo'ed message type or length differs from what I sent (got binary = " + std::string(binary ? "True" : "False") +
                   ", payload length = " + std::to_string(payload.size()) + ").";
      t.wire_log(true);
      t.close(1000);
    } else if (sent_ < c_.round_trip_count) {
      send_next(t);
    } else {
      run.behavior = "OK";
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

// 12.x, 13.x: permessage-deflate is not negotiated yet, so the case cannot run.
class NeedsDeflate final : public CaseMode {
 public:
  void on_open(CaseControl& t) override {
    t.record().behavior = "UNIMPLEMENTED";
    t.record().result = "permessage-deflate was not negotiated (neither the tester nor the target offers it yet).";
    t.close(1000);
  }
};

}  // namespace

std::unique_ptr<CaseMode> mode_for(const cases::Case& c) {
  switch (c.grading) {
    case cases::Grading::echo_length: return std::make_unique<EchoLength>(c);
    case cases::Grading::round_trips: return std::make_unique<RoundTrips>(c);
    case cases::Grading::needs_deflate: return std::make_unique<NeedsDeflate>();
    default: return nullptr;
  }
}

}  // namespace wsconform::runner
