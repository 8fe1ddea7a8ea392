// impl/ as the client Autobahn's fuzzing server tests, behind real sockets: the loop every
// library's "testee client" runs - ask /getCaseCount, connect to /runCase?case=N&agent=A for
// each case and echo every message back, then ask /updateReports?agent=A for the reports.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/socket_session.hpp"
#include "net/tls.hpp"
#include "net/ws_url.hpp"

namespace wsconform::net {

struct TesteeClientOptions {
  WsUrl server;                              // the fuzzing server, e.g. ws://127.0.0.1:9001
  TlsClientOptions tls;                      // for a wss:// server
  std::string agent = "wsconform-testeeclient";
  // Per connection. The fuzzing server's case timers bound every case; silence from it can be
  // the server judging a 64 MiB message (rfc.limit.*), so the idle bound is generous.
  SessionBounds bounds{.idle_timeout = 300, .close_wait = 2, .max_seconds = 0};
  double connect_timeout = 5;
};

struct TesteeClientSummary {
  std::size_t case_count = 0;     // what /getCaseCount said
  std::size_t cases_run = 0;      // /runCase connections that opened
  bool reports_updated = false;   // /updateReports answered and closed cleanly
  std::vector<std::string> errors;  // one line each, naming the URL that failed
};

// `progress` gets one line per step, for a person to read.
TesteeClientSummary run_testee_client(const TesteeClientOptions& options, const std::function<void(std::string_view)>& progress);

// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
std::string query_encode(std::string_view value);

}  // namespace wsconform::net
