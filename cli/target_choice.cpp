#include "cli/target_choice.hpp"

#include "adapter/adapter_target.hpp"
#include "adapter/built_adapters.hpp"
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
  } else if (name.rfind("adapter:", 0) == 0) {  // a library in process, behind the adapter contract
    std::string library = name.substr(8);
    const bool client = library.size() > 7 && library.ends_with("-client");
    if (client) library.resize(library.size() - 7);
    const wsc_adapter* a = adapter::adapter_named(library);
    if (!a) {
      c.error = "no adapter '" + library + "' in this build (" + adapter::adapter_names() + ")";
      return c;
    }
    const auto role = client ? adapter::AdapterTarget::Role::client : adapter::AdapterTarget::Role::server;
    c.make = [a, role] { return std::make_unique<adapter::AdapterTarget>(*a, role); };
    c.as_server = client;
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
    c.error = "unknown target '" + name + "' (" + target_names() + ")";
  }
  return c;
}

void apply_to(const TargetChoice& choice, runner::TesterOptions& tester) {
  tester.as_server = choice.as_server;
  if (choice.network) tester.host = choice.host_header, tester.path = choice.path;
}

std::string target_names() {
  std::string names = "impl, impl-client, model";
  for (const adapter::BuiltAdapter& a : adapter::built_adapters())
    names += ", adapter:" + std::string(a.name) + ", adapter:" + std::string(a.name) + "-client";
  return names + ", ws://host:port/path, wss://host:port/path";
}

}  // namespace wsconform::cli
