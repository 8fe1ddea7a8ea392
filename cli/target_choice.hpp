// `--target NAME`, shared by `run`, `check` and `replay`: impl/ as a server or a client in
// process, the model, a library behind the adapter contract in process (adapter:wslay), or a
// server over ws:// or wss:// (reached once, up front).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "net/tls.hpp"
#include "runner/tester.hpp"
#include "target/target.hpp"

namespace wsconform::cli {

// "impl, impl-client, model, adapter:NAME[-client] for each adapter built, ws://…, wss://…".
std::string target_names();

struct TargetChoice {
  std::function<std::unique_ptr<target::Target>()> make;  // one target per connection
  bool network = false;
  bool as_server = false;  // the target is a client: the tester serves
  std::string host_header, path;
  std::string error;       // unknown name, or a server that cannot be reached
};

TargetChoice choose_target(const std::string& name, const std::string& agent, const net::TlsClientOptions& tls,
                           std::optional<std::uint64_t> max_message_size);

// The tester's Host header, path and role for `choice`.
void apply_to(const TargetChoice& choice, runner::TesterOptions& tester);

}  // namespace wsconform::cli
