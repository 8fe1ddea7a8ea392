// The tester: runs one case against one Target on a virtual clock, behaving as Autobahn's
// fuzzing client does (a WebSocket client testing a server) or, with `as_server`, as its fuzzing
// server does (a server testing a client: it answers the client's opening handshake, sends
// unmasked frames, wants masked ones, and closes TCP itself after the closing handshake, §7.1.1).
// Either way: the same write shaping (bursts,
// sync writes, chops a reactor turn apart), the same timers (kill, close, wait), the same
// timeouts (1 s for the closing handshake and for the server's TCP close), the same replies
// (auto-Pong, Close 1000 to the peer's Close) and the same checks of what the peer sends.
//
// Time is virtual: a case that waits a second costs no second, and the target sees exactly
// the writes, in exactly the pieces and order, it would see over TCP.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <random>

#include "cases/case.hpp"
#include "model/frame.hpp"
#include "model/utf8.hpp"
#include "runner/case_run.hpp"
#include "target/target.hpp"

namespace wsconform::runner {

struct TesterOptions {
  double close_handshake_timeout = 1.0;        // Autobahn closeHandshakeTimeout
  double server_connection_drop_timeout = 1.0; // Autobahn serverConnectionDropTimeout
  double open_handshake_timeout = 5.0;         // Autobahn openHandshakeTimeout
  double chop_delay = 0.00001;                 // a reactor turn between queued writes
  // Over a real connection, the pause between queued (chopped or sync) writes: long enough that
  // the peer's event loop reads each one on its own and can act on it, as it can between
  // Autobahn's writes (each of which waits for a turn of its reactor).
  double realtime_chop_delay = 0.0001;
  double case_time_limit = 2000;               // virtual seconds: a safety net past every case timer
  std::string host = "127.0.0.1:9001";
  std::string path = "/";
  std::string user_agent = "wsconform/0.1";
  bool as_server = false;                      // the tester is the server, the target a client
  std::string server_name = "wsconform/0.1";   // Server: header when the tester is the server
  int deflate_level = 1;                       // the tester's zlib level once permessage-deflate is agreed (Autobahn's)
  std::size_t max_inflated_size = 64u << 20;   // the tester refuses (1009) a compressed message inflating past this
  // A long case's progress, for the edge that shows it (12.x/13.x: messages sent of 1000). Called
  // on the thread running the case.
  std::function<void(const std::string& case_id, std::size_t sent, std::size_t of)> on_messages;
};

// Sees every step of the trace as it happens (the model's reading plugs in here), so a run
// need not keep 16 MiB messages around to be judged.
class TraceObserver {
 public:
  virtual ~TraceObserver() = default;
  virtual void step(const TraceStep& s) = 0;
};

CaseRun run_case(const cases::Case& c, target::Target& target, const TesterOptions& options = {},
                 TraceObserver* observer = nullptr);

}  // namespace wsconform::runner
