#include "target/impl_target.hpp"

#include <random>

namespace wsconform::target {
namespace {

impl::config make_config(impl::role side, impl::limits limits) {
  impl::config c;
  c.side = side;
  c.limits = limits;
  c.server.server_name = "wsconform-impl";
  c.client.host = "127.0.0.1";
  // permessage-deflate both ways: the server accepts the first offer it can honour, the
  // client offers it (RFC 7692).
  c.server.deflate.enabled = true;
  c.client.deflate.enabled = true;
  // Deterministic mask keys and nonce: runs repeat octet for octet. (A network client would
  // use a strong random source here.)
  auto state = std::make_shared<std::mt19937_64>(6455);
  c.random = [state](std::span<std::uint8_t> out) {
    for (auto& b : out) b = static_cast<std::uint8_t>((*state)());
  };
  return c;
}

}  // namespace

ImplTarget::ImplTarget(impl::role side, impl::limits limits)
    : conn_(make_config(side, limits)), max_message_size_(limits.max_message_size) {}

void ImplTarget::receive(std::span<const std::uint8_t> octets) {
  if (closed_) return;
  conn_.receive_data(octets);
  after_input();
}

void ImplTarget::receive_eof() {
  if (closed_) return;
  conn_.receive_eof();
  after_input();
}

void ImplTarget::after_input() {
  for (const auto& e : conn_.events()) {
    if (e.kind != impl::event_kind::message) continue;
    deliveries_.push_back({e.text, Bytes(e.data.begin(), e.data.end())});
    // The application: echo it back, same type, same data.
    if (e.text)
      conn_.send_text(e.data);
    else
      conn_.send_binary(e.data);
  }
  if (conn_.close_expected() && close_timer_started_ < 0) close_timer_started_ = now_;
  if (conn_.should_close_tcp()) closed_ = true;
}

void ImplTarget::time_passed(double now) {
  now_ = now;
  // The IO layer's close timer: a client waits this long for the server's TCP close (§7.1.1).
  if (!closed_ && close_timer_started_ >= 0 && now - close_timer_started_ >= 2.0) closed_ = true;
}

Bytes ImplTarget::take_output() { return conn_.take_output(); }

std::vector<Delivery> ImplTarget::take_deliveries() {
  std::vector<Delivery> d;
  d.swap(deliveries_);
  return d;
}

}  // namespace wsconform::target
