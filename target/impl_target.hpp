// impl/ as a target, in process: a server (or client) whose application echoes every
// message, exactly as Autobahn's echo servers do.
#pragma once

#include <memory>

#include "impl/connection.hpp"
#include "target/target.hpp"

namespace wsconform::target {

class ImplTarget final : public Target {
 public:
  // `start_open`: the opening handshake already happened (the tester skips it).
  explicit ImplTarget(impl::role side = impl::role::server, impl::limits limits = catalogue_limits());

  // impl/ as the catalogue tests it: messages and frames up to 16 MiB, the largest Autobahn sends
  // (9.1.6, 9.2.6), so the rfc.limit.* cases at the limit stay cheap in process.
  static impl::limits catalogue_limits() {
    impl::limits l;
    l.max_message_size = 16u << 20;
    l.max_frame_size = 16u << 20;
    return l;
  }

  std::string agent() const override { return conn_.side() == impl::role::client ? "wsconform-impl-client" : "wsconform-impl"; }
  void receive(std::span<const std::uint8_t> octets) override;
  void receive_eof() override;
  Bytes take_output() override;
  bool closed_tcp() const override { return closed_ || conn_.should_close_tcp(); }
  void time_passed(double now) override;
  bool reports_deliveries() const override { return true; }
  std::vector<Delivery> take_deliveries() override;
  std::optional<std::uint64_t> max_message_size() const override { return max_message_size_; }

 private:
  void after_input();

  impl::connection conn_;
  std::vector<Delivery> deliveries_;
  bool closed_ = false;
  double close_timer_started_ = -1;  // a client waiting for the server's TCP close
  double now_ = 0;
  std::uint64_t max_message_size_;
};

}  // namespace wsconform::target
