// What a replay drives and the model judges: impl/, or any library behind the adapter contract
// (adapter/wsconform_adapter.h). Both start OPEN and are fed the same peer stream.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "adapter/wsconform_adapter.h"
#include "model/endpoint.hpp"

namespace wsconform::differential {

class Subject {
 public:
  virtual ~Subject() = default;
  virtual const std::string& name() const = 0;  // "impl", "wslay 1.0.1", as steps name it
  virtual void receive(std::span<const std::uint8_t> octets) = 0;
  virtual void receive_eof() = 0;
  // The messages delivered by the last receive or receive_eof, each once.
  virtual void take_deliveries(const std::function<void(bool text, std::span<const std::uint8_t>)>& each) = 0;
  virtual std::span<const std::uint8_t> output() = 0;  // what it wrote and was not consumed
  virtual void consume_output(std::size_t n) = 0;
  virtual bool should_close_tcp() const = 0;
  // Time passes until every timer has run out (the trace's end): true if the endpoint closes TCP
  // then - it was waiting for the peer's TCP close with a timer of its own (impl's IO layer's
  // close timer, a library's closing-handshake timeout).
  virtual bool timers_close_tcp() = 0;
  virtual void send(bool text, std::span<const std::uint8_t> data) = 0;
  virtual void ping(std::span<const std::uint8_t> data) = 0;
  virtual void close(std::uint16_t code) = 0;
};

// impl/ as the replay configures it (replay_config).
std::unique_ptr<Subject> impl_subject(model::Role role, const std::optional<model::PmdAgreement>& deflate);
// A library behind the adapter contract (no extension), its endpoint created with
// `max_message_size` and a fixed seed.
std::unique_ptr<Subject> adapter_subject(const wsc_adapter& adapter, model::Role role, std::uint64_t max_message_size);

}  // namespace wsconform::differential
