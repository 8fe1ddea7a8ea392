#include "differential/subject.hpp"

#include <vector>

#include "differential/differential.hpp"
#include "impl/connection.hpp"

namespace wsconform::differential {
namespace {

class ImplSubject final : public Subject {
 public:
  ImplSubject(model::Role role, const std::optional<model::PmdAgreement>& deflate) : conn_(replay_config(role, seed_, deflate)) {}
  const std::string& name() const override { return name_; }
  void receive(std::span<const std::uint8_t> octets) override { conn_.receive_data(octets), fresh_ = true; }
  void receive_eof() override { conn_.receive_eof(), fresh_ = true; }
  void take_deliveries(const std::function<void(bool, std::span<const std::uint8_t>)>& each) override {
    // impl's events stay readable until its next receive: read them once, right after it.
    if (!fresh_) return;
    fresh_ = false;
    for (const auto& e : conn_.events())
      if (e.kind == impl::event_kind::message) each(e.text, e.data);
  }
  std::span<const std::uint8_t> output() override { return conn_.output(); }
  void consume_output(std::size_t n) override { conn_.consume_output(n); }
  bool should_close_tcp() const override { return conn_.should_close_tcp(); }
  bool timers_close_tcp() override { return conn_.close_expected(); }
  void send(bool text, std::span<const std::uint8_t> data) override { (void)(text ? conn_.send_text(data) : conn_.send_binary(data)); }
  void ping(std::span<const std::uint8_t> data) override { (void)conn_.send_ping(data); }
  void close(std::uint16_t code) override { (void)conn_.close(code); }

 private:
  std::uint64_t seed_ = 0x2545F4914F6CDD1Dull;  // before conn_: its mask keys come from here
  impl::connection conn_;
  std::string name_ = "impl";
  bool fresh_ = false;
};

class AdapterSubject final : public Subject {
 public:
  AdapterSubject(const wsc_adapter& adapter, model::Role role, std::uint64_t max_message_size) : adapter_(adapter), name_(adapter.name) {
    const wsc_config config{WSC_ADAPTER_ABI_VERSION, role == model::Role::server ? WSC_ROLE_SERVER : WSC_ROLE_CLIENT, max_message_size,
                            0x2545F4914F6CDD1Dull};
    endpoint_ = adapter_.create(&config);
  }
  ~AdapterSubject() override {
    if (endpoint_) adapter_.destroy(endpoint_);
  }
  AdapterSubject(const AdapterSubject&) = delete;
  AdapterSubject& operator=(const AdapterSubject&) = delete;
  const std::string& name() const override { return name_; }
  void receive(std::span<const std::uint8_t> octets) override {
    if (endpoint_) adapter_.feed(endpoint_, octets.data(), octets.size());
  }
  void receive_eof() override {
    if (endpoint_) adapter_.peer_eof(endpoint_);
  }
  void take_deliveries(const std::function<void(bool, std::span<const std::uint8_t>)>& each) override {
    for (wsc_message m{}; endpoint_ && adapter_.next_delivery(endpoint_, &m);) each(m.text != 0, std::span(m.data, m.size));
  }
  std::span<const std::uint8_t> output() override {
    std::uint8_t buf[16384];
    for (std::size_t n; endpoint_ && (n = adapter_.drain(endpoint_, buf, sizeof buf)) > 0;) out_.insert(out_.end(), buf, buf + n);
    return out_;
  }
  void consume_output(std::size_t n) override { out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(n)); }
  bool should_close_tcp() const override { return !endpoint_ || adapter_.closed_tcp(endpoint_); }
  bool timers_close_tcp() override {
    if (!endpoint_ || !adapter_.expire_timers) return false;
    adapter_.expire_timers(endpoint_);
    return adapter_.closed_tcp(endpoint_) != 0;
  }
  void send(bool text, std::span<const std::uint8_t> data) override {
    if (endpoint_) adapter_.send_message(endpoint_, text, data.data(), data.size());
  }
  void ping(std::span<const std::uint8_t> data) override {
    if (endpoint_) adapter_.send_ping(endpoint_, data.data(), data.size());
  }
  void close(std::uint16_t code) override {
    if (endpoint_) adapter_.close(endpoint_, code);
  }

 private:
  const wsc_adapter& adapter_;
  void* endpoint_ = nullptr;
  std::string name_;
  std::vector<std::uint8_t> out_;
};

}  // namespace

std::unique_ptr<Subject> impl_subject(model::Role role, const std::optional<model::PmdAgreement>& deflate) {
  return std::make_unique<ImplSubject>(role, deflate);
}

std::unique_ptr<Subject> adapter_subject(const wsc_adapter& adapter, model::Role role, std::uint64_t max_message_size) {
  return std::make_unique<AdapterSubject>(adapter, role, max_message_size);
}

}  // namespace wsconform::differential
