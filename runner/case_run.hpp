// What happened when a case ran: the tester's flags in Autobahn's vocabulary, the observed
// events, statistics, the wire log, and the full trace (every write and read in order) that
// the model replays to give its own reading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"

namespace wsconform::runner {

using Bytes = std::vector<std::uint8_t>;

// One wire log row (Autobahn's tuple kinds).
struct WireEntry {
  enum class Kind { rx_octets, tx_octets, rx_frame, tx_frame, wait, wait_fired, kill, kill_fired, close_timer, close_timer_fired, wirelog };
  Kind kind = Kind::rx_octets;
  double time = 0;
  Bytes octets;            // octets (first 64 kept) for rx/tx octets, payload for frames
  std::size_t length = 0;  // full length of octets or payload
  bool sync = false;
  std::uint8_t opcode = 0;
  bool fin = true;
  std::uint8_t rsv = 0;
  bool masked = false;
  std::optional<std::uint32_t> mask;
  std::optional<std::size_t> repeat_length, chop;
  double delay = 0;
  std::string tag;
  bool on = true;
};

// One step of the trace, in the order it happened.
struct TraceStep {
  enum class Kind { tester_wrote, tester_closed, target_wrote, target_closed, delivered };
  Kind kind;
  double time = 0;
  Bytes octets;
  bool text = false;  // delivered
  bool after_waiting = false;  // tester_closed: one of its timeouts ran out waiting for the target
};

// What one run keeps, at most: a target that floods gets its verdict from the first part of
// the flood, and the harness's memory stays bounded. No case expects anywhere near this many
// events or octets, so a truncated list can never equal an expected one.
inline constexpr std::size_t kMaxReceivedEvents = 1u << 16;
inline constexpr std::size_t kMaxReceivedOctets = 128u << 20;
inline constexpr std::size_t kMaxWireLogRows = 1u << 17;

// Autobahn's trafficStats: octets at the wire (TCP), WebSocket (frame payloads, compressed) and
// application (messages, inflated) levels, frames and messages, each way, counted from the
// moment the connection opened; the handshake's octets apart.
struct TrafficStats {
  std::uint64_t incoming_wire = 0, incoming_websocket = 0, incoming_app = 0, incoming_frames = 0, incoming_messages = 0;
  std::uint64_t outgoing_wire = 0, outgoing_websocket = 0, outgoing_app = 0, outgoing_frames = 0, outgoing_messages = 0;
  std::uint64_t preopen_incoming_wire = 0, preopen_outgoing_wire = 0;
};

struct CaseRun {
  std::string agent;
  bool is_server = false;  // the tester was the server (the target a client): Autobahn's isServer
  bool connection_was_open = false;
  std::string connection_error;  // the target could not be reached: why (cannot connect, a TLS failure)
  std::string http_request, http_response;
  bool closed_by_me = false, failed_by_me = false, dropped_by_me = false, was_clean = false;
  std::optional<std::string> was_not_clean_reason;
  bool was_server_connection_drop_timeout = false, was_open_handshake_timeout = false, was_close_handshake_timeout = false;
  std::optional<std::uint16_t> local_close_code, remote_close_code;
  std::optional<Bytes> local_close_reason, remote_close_reason;
  std::vector<cases::Event> received;
  std::vector<cases::Event> expected_echoes;  // cases::ExpectEcho, in order
  std::size_t received_octets = 0;
  bool received_truncated = false;  // kMaxReceivedEvents / kMaxReceivedOctets reached

  // What a case's own check saw while it ran (9.x and 12.x/13.x echoes; a case that could not
  // run, e.g. no permessage-deflate agreed) and Autobahn's words for it. A fact, not a verdict:
  // judge::autobahn_verdict turns it into one.
  enum class Check { passed, failed, not_run };
  std::optional<Check> check;
  std::string result;

  TrafficStats traffic;                       // counted as the case runs
  std::optional<TrafficStats> traffic_stats;  // the snapshot a 12.x/13.x case takes when it ends OK

  std::map<std::size_t, std::size_t> rx_octet_stats, tx_octet_stats;
  std::map<int, std::size_t> rx_frame_stats, tx_frame_stats;
  bool create_wirelog = true;
  std::vector<WireEntry> wirelog;
  bool wirelog_truncated = false;  // kMaxWireLogRows reached
  std::vector<TraceStep> trace;
  bool target_reports_deliveries = false;

  std::uint64_t tester_digest = 0xcbf29ce484222325ull;  // FNV-1a of every octet the tester wrote
  double case_start = 0, case_end = 0;  // virtual seconds: open .. connection lost
  std::string started;                  // wall-clock ISO time the case started
};

}  // namespace wsconform::runner
