// Autobahn's fuzzing server, as `wsconform fuzzingserver`: wsconform is the server and tests the
// WebSocket clients that connect, driven by the URL protocol (url_protocol.hpp). Each /runCase
// connection runs one case with the tester as server (the same case scripts, timers and judge
// as everywhere else); results are kept per agent and written as the same report tree
// fuzzingclient writes when a client asks for /updateReports.
//
// One thread per connection (clients may run cases in parallel), at most `max_connections` at
// once; every connection is bounded in time; the server stops on /stopServer, after
// /updateReports with `shutdown_on_complete`, or after `max_seconds`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "cases/select.hpp"
#include "net/tls.hpp"
#include "runner/tester.hpp"

namespace wsconform::fuzzingserver {

struct FuzzingServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9001;  // 0: any free port
  std::string outdir = "./reports/clients";
  std::vector<const cases::Case*> cases;  // the selection; case=N is 1-based in it
  cases::AgentExcludes agent_excludes;    // cases skipped for some agents (they show as missing)
  runner::TesterOptions tester;           // timeouts; as_server is set by the server
  double max_seconds = 0;                 // stop after this long (0: until told to stop)
  bool shutdown_on_complete = false;      // stop after the first /updateReports
  std::size_t max_connections = 64;
  double status_wait_seconds = 120;       // /getCaseStatus waits this long for a result
  std::optional<std::uint64_t> max_message_size;  // what the user says its clients accept (rfc.limit.*)
  // Asked every 0.1 s; serving stops when it says no (the client under test, started for the
  // run, has ended). Empty: serve until told to stop.
  std::function<bool()> keep_serving;
  std::optional<net::TlsServerOptions> tls;  // wss://: a key and a certificate (Autobahn's key/cert)
};

struct FuzzingServerSummary {
  std::size_t cases_run = 0;
  std::size_t failed = 0;          // behavior or close FAILED
  std::size_t reports_written = 0; // /updateReports served
  std::vector<std::string> agents;
};

// Serves until stopped. `on_listening(port)` is called once the socket listens; `log` gets one
// line per event worth a person's attention. Returns false with `error` when it cannot listen
// (or read its key and certificate).
bool run_fuzzing_server(const FuzzingServerOptions& options, const std::function<void(std::uint16_t)>& on_listening,
                        const std::function<void(std::string_view)>& log, FuzzingServerSummary& summary, std::string& error);

}  // namespace wsconform::fuzzingserver
