// A library behind the adapter contract (wsconform_adapter.h) as a target: the catalogue, the
// fuzzing server and `wsconform check` drive it exactly as they drive impl/. The opening
// handshake is answered (the target a server) or sent (a client) here, with impl/'s handshake
// code and no extension; from the 101 on every octet goes through the library. Its application
// echoes every message, as Autobahn's echo servers do.
#pragma once

#include <optional>
#include <string>

#include "adapter/wsconform_adapter.h"
#include "target/target.hpp"

namespace wsconform::adapter {

class AdapterTarget final : public target::Target {
 public:
  enum class Role { server, client };
  // `max_message_size`: the limit the endpoint is created with (the catalogue's rfc.limit.*;
  // 32 MiB, as the panel's wslay echo server sets it).
  AdapterTarget(const wsc_adapter& adapter, Role role = Role::server, std::uint64_t max_message_size = 32u << 20);
  ~AdapterTarget() override;
  AdapterTarget(const AdapterTarget&) = delete;
  AdapterTarget& operator=(const AdapterTarget&) = delete;

  std::string agent() const override { return adapter_.name; }
  void receive(std::span<const std::uint8_t> octets) override;
  void receive_eof() override;
  target::Bytes take_output() override;
  bool closed_tcp() const override;
  bool reports_deliveries() const override { return true; }
  std::vector<target::Delivery> take_deliveries() override;
  std::optional<std::uint64_t> max_message_size() const override { return max_message_size_; }
  // Why the adapter could not make an endpoint (empty otherwise).
  std::string error() const override { return error_; }

 private:
  void read_head();
  void open();
  void pump();  // deliveries (echoed), then every octet the endpoint writes

  const wsc_adapter& adapter_;
  Role role_;
  std::uint64_t max_message_size_;
  void* endpoint_ = nullptr;
  std::string head_;      // the opening handshake read so far
  std::string key_;       // the client's Sec-WebSocket-Key
  bool refused_ = false;  // the handshake failed: the connection ends
  target::Bytes out_;
  std::vector<target::Delivery> deliveries_;
  std::string error_;
};

}  // namespace wsconform::adapter
