#include "adapter/adapter_target.hpp"

#include "impl/handshake.hpp"
#include "impl/http.hpp"

namespace wsconform::adapter {
namespace {

// The handshake offers and accepts no extension: the contract has none.
impl::server_options server_options() {
  impl::server_options o;
  o.negotiate_extensions = [](std::string_view) { return std::string(); };
  o.server_name = "wsconform-adapter";
  return o;
}

impl::client_options client_options() {
  impl::client_options o;
  o.host = "127.0.0.1";
  return o;
}

}  // namespace

AdapterTarget::AdapterTarget(const wsc_adapter& adapter, Role role, std::uint64_t max_message_size)
    : adapter_(adapter), role_(role), max_message_size_(max_message_size) {
  if (adapter.abi_version != WSC_ADAPTER_ABI_VERSION) {
    error_ = std::string("adapter ") + adapter.name + " speaks ABI version " + std::to_string(adapter.abi_version) + ", not " +
             std::to_string(WSC_ADAPTER_ABI_VERSION);
    refused_ = true;
    return;
  }
  if (role_ == Role::client) {  // a fixed nonce: runs repeat octet for octet
    key_ = "d3Njb25mb3JtLWFkYXB0ZQ==";
    const std::string request = impl::build_request(client_options(), key_);
    out_.assign(request.begin(), request.end());
  }
}

AdapterTarget::~AdapterTarget() {
  if (endpoint_) adapter_.destroy(endpoint_);
}

void AdapterTarget::open() {
  const wsc_config config{WSC_ADAPTER_ABI_VERSION, role_ == Role::server ? WSC_ROLE_SERVER : WSC_ROLE_CLIENT, max_message_size_, 6455};
  endpoint_ = adapter_.create(&config);
  if (!endpoint_) error_ = std::string("adapter ") + adapter_.name + " could not create an endpoint", refused_ = true;
}

void AdapterTarget::read_head() {
  const auto end = impl::http_head_end(head_);
  if (!end) {
    if (head_.size() > impl::http_limits{}.max_head_size) refused_ = true;
    return;
  }
  const std::string rest = head_.substr(*end);
  const std::string_view head = std::string_view(head_).substr(0, *end);
  if (role_ == Role::server) {
    const auto parsed = impl::parse_http_request(head, impl::http_limits{});
    if (parsed.err != impl::error::none) {
      const std::string refusal = impl::refusal_response(400, parsed.err);
      out_.insert(out_.end(), refusal.begin(), refusal.end());
      refused_ = true;
      return;
    }
    const auto answer = impl::answer_request(parsed.head, server_options());
    out_.insert(out_.end(), answer.response.begin(), answer.response.end());
    if (answer.err != impl::error::none) {
      refused_ = true;
      return;
    }
  } else {
    const auto parsed = impl::parse_http_response(head, impl::http_limits{});
    if (parsed.err != impl::error::none || impl::check_response(parsed.head, key_, client_options()).err != impl::error::none) {
      refused_ = true;  // §4.1: the client fails the connection (closes TCP)
      return;
    }
  }
  head_.clear();
  open();
  if (endpoint_ && !rest.empty()) adapter_.feed(endpoint_, reinterpret_cast<const std::uint8_t*>(rest.data()), rest.size());
  pump();
}

void AdapterTarget::receive(std::span<const std::uint8_t> octets) {
  if (closed_tcp()) return;
  if (!endpoint_) {
    head_.append(octets.begin(), octets.end());
    return read_head();
  }
  adapter_.feed(endpoint_, octets.data(), octets.size());
  pump();
}

void AdapterTarget::receive_eof() {
  if (closed_tcp()) return;
  if (!endpoint_) {
    refused_ = true;
    return;
  }
  adapter_.peer_eof(endpoint_);
  pump();
}

void AdapterTarget::pump() {
  if (!endpoint_) return;
  for (wsc_message m{}; adapter_.next_delivery(endpoint_, &m);) {
    // Kept (the message is valid only until the next call), then echoed from the copy kept:
    // the application sends it back, same type, same data.
    const auto& kept = deliveries_.emplace_back(target::Delivery{m.text != 0, target::Bytes(m.data, m.data + m.size)}).data;
    adapter_.send_message(endpoint_, m.text, kept.data(), kept.size());
  }
  std::uint8_t buf[16384];
  for (std::size_t n; (n = adapter_.drain(endpoint_, buf, sizeof buf)) > 0;) out_.insert(out_.end(), buf, buf + n);
}

target::Bytes AdapterTarget::take_output() {
  target::Bytes b;
  b.swap(out_);
  return b;
}

bool AdapterTarget::closed_tcp() const {
  if (!out_.empty()) return false;  // what it wrote goes out before its close
  return refused_ || (endpoint_ && adapter_.closed_tcp(endpoint_));
}

std::vector<target::Delivery> AdapterTarget::take_deliveries() {
  std::vector<target::Delivery> d;
  d.swap(deliveries_);
  return d;
}

}  // namespace wsconform::adapter
