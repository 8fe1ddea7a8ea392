// The one interface every endpoint under test sits behind. The tester feeds it the octets it
// writes and its TCP close; the target gives back the octets it wrote and whether it closed
// TCP. In-process targets also say what they delivered to their application. The network
// target (a real TCP connection) implements the same interface.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wsconform::target {

using Bytes = std::vector<std::uint8_t>;

struct Delivery {
  bool text = false;
  Bytes data;
};

class Target {
 public:
  virtual ~Target() = default;

  // The name reports use (Autobahn's "agent").
  virtual std::string agent() const = 0;

  // Octets the tester wrote, in the pieces it wrote them.
  virtual void receive(std::span<const std::uint8_t> octets) = 0;
  // The tester closed TCP.
  virtual void receive_eof() = 0;
  // Octets the target wrote since the last call.
  virtual Bytes take_output() = 0;
  // The target has closed TCP (it writes nothing more).
  virtual bool closed_tcp() const = 0;
  // Virtual time moved on to `now` seconds (for targets with timers of their own).
  virtual void time_passed(double now) { (void)now; }
  // Network targets live in real time: the tester waits on them instead of jumping its clock.
  virtual bool realtime() const { return false; }
  // Waits up to `seconds` for the target to write something or close TCP (network targets).
  virtual void wait(double seconds) { (void)seconds; }
  // Why the target could not be reached, if it could not (empty otherwise).
  virtual std::string error() const { return {}; }
  // Messages handed to the application since the last call, for targets that can tell.
  virtual bool reports_deliveries() const { return false; }
  virtual std::vector<Delivery> take_deliveries() { return {}; }
  // The largest message the target accepts, as it declares it (§10.4): its configuration in
  // process, what the user states over a network. Nothing: not known.
  virtual std::optional<std::uint64_t> max_message_size() const { return std::nullopt; }
};

}  // namespace wsconform::target
