// The model as a target: a reference peer that, at every step, does the strictest thing the
// model allows - answers the handshake by §4.2, echoes messages like the other in-process
// targets, answers Pings and Closes, and fails the connection as soon as the input is bad.
// Run against the catalogue it must earn the verdicts a perfect implementation earns.
#pragma once

#include "model/endpoint.hpp"
#include "target/target.hpp"

namespace wsconform::target {

class ModelTarget final : public Target {
 public:
  ModelTarget();

  std::string agent() const override { return "wsconform-model"; }
  void receive(std::span<const std::uint8_t> octets) override;
  void receive_eof() override;
  Bytes take_output() override;
  bool closed_tcp() const override { return closed_; }
  bool reports_deliveries() const override { return true; }
  std::vector<Delivery> take_deliveries() override;

 private:
  void act();                       // carry out the strictest allowed behaviour
  void send(model::opcode op, std::span<const std::uint8_t> payload);
  void close_tcp();

  model::Endpoint endpoint_;
  std::string request_;
  bool open_ = false;
  bool closed_ = false;
  Bytes out_;
  std::vector<Delivery> deliveries_;
};

}  // namespace wsconform::target
