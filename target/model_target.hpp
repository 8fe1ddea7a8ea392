// The model as a target: a reference peer that, at every step, does what the model allows -
// by default the strictest thing: answers the handshake by §4.2, echoes messages like the
// other in-process targets, answers Pings and Closes, fails the connection as soon as the
// input is bad. Its knobs make it misbehave on purpose (within the RFC's latitude, or
// outside it), so the judge can be tested against known-broken peers.
#pragma once

#include "model/endpoint.hpp"
#include "target/target.hpp"

namespace wsconform::target {

struct ModelTargetKnobs {
  std::string agent = "wsconform-model";
  bool accept_where_allowed = false;  // take the latitude to carry on (accept close 1004, ...)
  bool utf8_at_message_end = false;   // fail on invalid UTF-8 only once the message is complete
  bool ignore_close = false;          // never answer the peer's Close (outside the RFC)
  std::optional<std::uint64_t> max_message_size = 64ull << 20;  // refused with 1009 above (§10.4)
};

class ModelTarget final : public Target {
 public:
  explicit ModelTarget(ModelTargetKnobs knobs = {});

  std::string agent() const override { return knobs_.agent; }
  void receive(std::span<const std::uint8_t> octets) override;
  void receive_eof() override;
  Bytes take_output() override;
  bool closed_tcp() const override { return closed_; }
  bool reports_deliveries() const override { return true; }
  std::vector<Delivery> take_deliveries() override;
  std::optional<std::uint64_t> max_message_size() const override { return knobs_.max_message_size; }

 private:
  void act();                       // carry out the chosen allowed behaviour
  std::string accept_deflate(std::string_view request);
  void send(model::opcode op, std::span<const std::uint8_t> payload);
  void send_close(std::uint16_t code);
  void close_tcp();

  ModelTargetKnobs knobs_;
  model::Endpoint endpoint_;
  std::string request_;
  bool open_ = false;
  bool closed_ = false;
  Bytes out_;
  std::vector<Delivery> deliveries_;
};

}  // namespace wsconform::target
