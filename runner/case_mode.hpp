// Autobahn's per-case hooks as small objects a case selects: what happens when the connection
// opens and when a whole message arrives. Most cases need none (their script does everything
// and their events are compared afterwards); the echo checks of group 9 and the cases that need
// an extension not negotiated grade themselves while they run. A new mode (permessage-deflate's
// 1000-message echoes, the opening-handshake cases) is one more class here, not a branch in the
// tester.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "cases/case.hpp"
#include "model/pmd_negotiation.hpp"
#include "runner/case_run.hpp"

namespace wsconform::runner {

// What a mode may do to the connection; the tester provides it.
class CaseControl {
 public:
  virtual ~CaseControl() = default;
  virtual CaseRun& record() = 0;                        // the run's facts (check, result)
  virtual void send(const cases::SendFrame& f) = 0;     // a frame, masked as the tester's role wants
  virtual void close(std::uint16_t code) = 0;           // start the closing handshake
  virtual void wire_log(bool on) = 0;                   // Autobahn switches it off for bulk phases
  virtual void send_message(const cases::SendMessage& m) = 0;  // a message, fragmented / compressed as it says
  virtual void close_after(double seconds) = 0;         // an empty Close then, if still open (Autobahn's closeAfter)
  virtual bool is_server() const = 0;                   // the tester plays the server
  // The permessage-deflate agreement of this connection, if any.
  virtual const std::optional<model::PmdAgreement>& deflate_agreement() const = 0;
  virtual void snapshot_traffic() = 0;                  // keep the traffic counters as they are now
  virtual void messages_sent(std::size_t sent, std::size_t of) = 0;  // a long case's progress
};

class CaseMode {
 public:
  virtual ~CaseMode() = default;
  virtual void on_open(CaseControl& control) { (void)control; }
  // True when the mode took the message (it is not an event for the event lists).
  virtual bool on_message(CaseControl& control, const Bytes& payload, bool binary) {
    (void)control, (void)payload, (void)binary;
    return false;
  }
};

// The mode `c` grades by; nothing for cases graded by their event lists alone.
std::unique_ptr<CaseMode> mode_for(const cases::Case& c);

}  // namespace wsconform::runner
