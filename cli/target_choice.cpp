#include "cli/target_choice.hpp"

#include "adapter/adapter_target.hpp"
#include "target/impl_target.hpp"
#include "target/model_target.hpp"
#include "target/network_target.hpp"

namespace wsconform::cli {

TargetChoice choose_target(const std::string& name, const std::string& agent, const net::TlsClientOptions& tls,
                           std::optional<std::uint64_t> max_message_size) {
  TargetChoice c;
  if (name == "impl") {
    c.make = [] { return std::make_unique<target::ImplTarget>(); };
  } else if (name == "impl-client") {  // impl/ as a client; the tester is the server
    c.make = [] { return std::make_unique<target::ImplTarget>(impl::role::client); };
    c.as_server = true;
#ifdef WSCONFORM_HAVE_WSLAY_ADAPTER
  } else if (name == "adapter:wslay") {  // wslay in process, behind the adapter contract
    c.make = [] { return std::make_unique<adapter::AdapterTarget>(*wsc_adapter_wslay()); };
  } else if (name == "adapter:wslay-client") {
    c.make = [] { return std::make_unique<adapter::AdapterTarget>(*wsc_adapter_wslay(), adapter::AdapterTarget::Role::client); };
    c.as_server = true;
#endif
  } else if (name == "model") {
    c.make = [] { return std::make_unique<target::ModelTarget>(); };
  } else if (name.rfind("ws://", 0) == 0 || name.rfind("wss://", 0) == 0) {
    target::NetworkServer server = target::reach_server(name, agent, tls);
    server.max_message_size = max_message_size;
    if (!server.error.empty()) {
      c.error = server.error;
      return c;
    }
    c.network = true;
    c.host_header = server.url.host_header();
    c.path = server.url.path;
    c.make = [server] { return server.connect(); };
  } else {
    c.error = "unknown target '" + name + "' (" + kTargetNames + ")";
  }
  return c;
}

void apply_to(const TargetChoice& choice, runner::TesterOptions& tester) {
  tester.as_server = choice.as_server;
  if (choice.network) tester.host = choice.host_header, tester.path = choice.path;
}

}  // namespace wsconform::cli
