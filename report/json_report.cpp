#include "report/json_report.hpp"

#include <algorithm>
#include <cstdio>

#include "model/utf8.hpp"
#include "report/report_files.hpp"

namespace wsconform::report {

using nlohmann::ordered_json;
using runner::WireEntry;

std::string clean_agent(const std::string& agent) {
  std::string s;
  std::string trimmed = agent;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  std::size_t at = 0;
  while (at < trimmed.size() && std::isspace(static_cast<unsigned char>(trimmed[at]))) ++at;
  for (char c : trimmed.substr(at)) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s += ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) ? l : '_';
  }
  return s;
}

std::string case_report_file(const std::string& agent, const std::string& case_id) {
  std::string id = case_id;
  for (auto& c : id)
    if (c == '.') c = '_';
  return clean_agent(agent) + "_case_" + id + ".json";
}

std::string log_hex(const std::vector<std::uint8_t>& octets, std::size_t full_length) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string h;
  for (std::size_t i = 0; i < octets.size() && i < 64; ++i) {
    h += digits[octets[i] >> 4];
    h += digits[octets[i] & 15];
  }
  if (full_length > 60) h += " ...";
  return h;
}

std::string log_text(const std::vector<std::uint8_t>& octets, std::size_t full_length) {
  const std::size_t n = std::min<std::size_t>(octets.size(), full_length > 60 ? 64 : octets.size());
  const std::span<const std::uint8_t> shown(octets.data(), n);
  if (model::validate_utf8(shown)) return "0x" + log_hex(octets, full_length);
  std::string s(shown.begin(), shown.end());
  if (full_length > 60) s += " ...";
  return s;
}

namespace {

// Autobahn's trafficStats: octet counts at three levels each way, and the ratios it derives
// (compression = WebSocket level / application level; overhead = framing / WebSocket level).
ordered_json traffic_json(const runner::TrafficStats& t) {
  auto ratio = [](std::uint64_t a, std::uint64_t b) { return b ? ordered_json(static_cast<double>(a) / static_cast<double>(b)) : ordered_json(nullptr); };
  ordered_json j;
  // One direction's seven keys, in Autobahn's (sorted) order.
  auto direction = [&](const std::string& way, std::uint64_t wire, std::uint64_t websocket, std::uint64_t app, std::uint64_t frames,
                       std::uint64_t messages) {
    j[way + "CompressionRatio"] = ratio(websocket, app);
    j[way + "OctetsAppLevel"] = app;
    j[way + "OctetsWebSocketLevel"] = websocket;
    j[way + "OctetsWireLevel"] = wire;
    j[way + "WebSocketFrames"] = frames;
    j[way + "WebSocketMessages"] = messages;
    j[way + "WebSocketOverhead"] = ratio(wire - std::min(wire, websocket), websocket);
  };
  direction("incoming", t.incoming_wire, t.incoming_websocket, t.incoming_app, t.incoming_frames, t.incoming_messages);
  direction("outgoing", t.outgoing_wire, t.outgoing_websocket, t.outgoing_app, t.outgoing_frames, t.outgoing_messages);
  j["preopenIncomingOctetsWireLevel"] = t.preopen_incoming_wire;
  j["preopenOutgoingOctetsWireLevel"] = t.preopen_outgoing_wire;
  return j;
}

ordered_json events_json(const std::vector<cases::Event>& events) {
  ordered_json a = ordered_json::array();
  for (const auto& e : events) {
    switch (e.kind) {
      case cases::Event::Kind::message: a.push_back({"message", log_text(e.payload, e.payload.size()), e.binary}); break;
      case cases::Event::Kind::ping: a.push_back({"ping", log_text(e.payload, e.payload.size())}); break;
      case cases::Event::Kind::pong: a.push_back({"pong", log_text(e.payload, e.payload.size())}); break;
      case cases::Event::Kind::timeout: a.push_back({"timeout", std::string(e.payload.begin(), e.payload.end())}); break;
    }
  }
  return a;
}

template <class Map>
ordered_json stats_json(const Map& m) {
  nlohmann::json o = nlohmann::json::object();  // sorted keys, like Python's json.dumps(sort_keys)
  for (const auto& [k, v] : m) o[std::to_string(k)] = v;
  return ordered_json::parse(o.dump());
}

std::string mask_hex(std::uint32_t m) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", m);
  return buf;
}

ordered_json wirelog_json(const std::vector<WireEntry>& log) {
  ordered_json a = ordered_json::array();
  for (const auto& w : log) {
    switch (w.kind) {
      case WireEntry::Kind::rx_octets: a.push_back({"RO", {w.length, log_hex(w.octets, w.length)}}); break;
      case WireEntry::Kind::tx_octets: a.push_back({"TO", {w.length, log_hex(w.octets, w.length)}, w.sync}); break;
      case WireEntry::Kind::rx_frame:
        a.push_back({"RF", {w.length, log_text(w.octets, w.length)}, w.opcode, w.fin, w.rsv, w.masked,
                     w.mask ? ordered_json(mask_hex(*w.mask)) : ordered_json(nullptr)});
        break;
      case WireEntry::Kind::tx_frame:
        a.push_back({"TF", {w.length, log_text(w.octets, w.length)}, w.opcode, w.fin, w.rsv,
                     w.mask ? ordered_json(mask_hex(*w.mask)) : ordered_json(nullptr),
                     w.repeat_length ? ordered_json(*w.repeat_length) : ordered_json(nullptr),
                     w.chop ? ordered_json(*w.chop) : ordered_json(nullptr), w.sync});
        break;
      case WireEntry::Kind::wait: a.push_back({"CT", w.delay, w.tag.empty() ? ordered_json(nullptr) : ordered_json(w.tag)}); break;
      case WireEntry::Kind::wait_fired: a.push_back({"CTE", w.tag.empty() ? ordered_json(nullptr) : ordered_json(w.tag)}); break;
      case WireEntry::Kind::kill: a.push_back({"KL", w.delay}); break;
      case WireEntry::Kind::kill_fired: a.push_back(ordered_json::array({"KLE"})); break;
      case WireEntry::Kind::close_timer: a.push_back({"TI", w.delay}); break;
      case WireEntry::Kind::close_timer_fired: a.push_back(ordered_json::array({"TIE"})); break;
      case WireEntry::Kind::wirelog: a.push_back({"WLM", w.on}); break;
    }
  }
  return a;
}

ordered_json opt_code(const std::optional<std::uint16_t>& c) { return c ? ordered_json(*c) : ordered_json(nullptr); }
ordered_json opt_text(const std::optional<std::vector<std::uint8_t>>& b) {
  if (!b) return nullptr;
  if (model::validate_utf8(*b)) return log_hex(*b, b->size());  // Autobahn shows an invalid reason as hex
  return std::string(b->begin(), b->end());
}

}  // namespace

long long duration_ms(const conformance::CaseResult& r) {
  const double virtual_ms = (r.run.case_end - r.run.case_start) * 1000.0;
  const bool computed = r.c->grading == cases::Grading::deflate_echo && virtual_ms < r.wall_ms;
  return static_cast<long long>((computed ? r.wall_ms : virtual_ms) + 0.5);
}

ordered_json case_json(const conformance::CaseResult& r) {
  const auto& c = *r.c;
  const auto& run = r.run;
  // Autobahn's 39 keys in sorted order, then ours.
  ordered_json j;
  j["agent"] = run.agent;
  j["behavior"] = to_string(r.autobahn.behavior);
  j["behaviorClose"] = to_string(r.autobahn.behavior_close);
  j["case"] = r.index;
  j["closedByMe"] = run.closed_by_me;
  j["createStats"] = true;
  j["createWirelog"] = run.create_wirelog;
  j["description"] = c.description;
  j["droppedByMe"] = run.dropped_by_me;
  j["duration"] = duration_ms(r);
  j["expectation"] = c.expectation;
  ordered_json expected = ordered_json::object();
  for (const auto key : {cases::Behavior::non_strict, cases::Behavior::ok})
    if (c.expected.count(key)) expected[std::string(to_string(key))] = events_json(c.expected.at(key));
  j["expected"] = expected;
  ordered_json ec;
  ec["closeCode"] = c.close.codes;
  ec["closedByMe"] = c.close.closed_by_me;
  if (c.close.wrong_endpoint_is_fatal) ec["closedByWrongEndpointIsFatal"] = true;
  ec["requireClean"] = c.close.require_clean;
  j["expectedClose"] = ec;
  j["failedByMe"] = run.failed_by_me;
  j["httpRequest"] = run.http_request;
  j["httpResponse"] = run.http_response;
  j["id"] = c.id;
  j["isServer"] = r.run.is_server;
  j["localCloseCode"] = opt_code(run.local_close_code);
  j["localCloseReason"] = opt_text(run.local_close_reason);
  j["received"] = events_json(run.received);
  j["remoteCloseCode"] = opt_code(run.remote_close_code);
  j["remoteCloseReason"] = opt_text(run.remote_close_reason);
  j["reportCompressionRatio"] = c.grading == cases::Grading::deflate_echo;
  j["reportTime"] = c.report_time;
  j["result"] = r.autobahn.result;
  j["resultClose"] = r.autobahn.result_close;
  j["rxFrameStats"] = stats_json(run.rx_frame_stats);
  j["rxOctetStats"] = stats_json(run.rx_octet_stats);
  j["started"] = run.started;
  j["trafficStats"] = run.traffic_stats ? traffic_json(*run.traffic_stats) : ordered_json(nullptr);
  j["txFrameStats"] = stats_json(run.tx_frame_stats);
  j["txOctetStats"] = stats_json(run.tx_octet_stats);
  j["wasClean"] = run.was_clean;
  j["wasCloseHandshakeTimeout"] = run.was_close_handshake_timeout;
  j["wasNotCleanReason"] = run.was_not_clean_reason ? ordered_json(*run.was_not_clean_reason) : ordered_json(nullptr);
  j["wasOpenHandshakeTimeout"] = run.was_open_handshake_timeout;
  j["wasServerConnectionDropTimeout"] = run.was_server_connection_drop_timeout;
  j["wirelog"] = wirelog_json(run.wirelog);

  ordered_json ours;
  ours["modelBehavior"] = to_string(r.model.behavior);
  ordered_json findings = ordered_json::array();
  for (const auto& f : r.model.findings)
    findings.push_back({{"rule", f.rule}, {"section", f.section}, {"grade", model::to_string(f.grade)}, {"detail", f.detail}, {"cites", f.cites}});
  ours["modelFindings"] = findings;
  ordered_json rules = ordered_json::array();
  for (const auto& id : c.rules) {
    const auto& rule = model::describe(id);
    rules.push_back({{"id", id.value}, {"section", rule.section}, {"level", model::to_string(rule.level)}, {"statement", rule.statement}});
  }
  ours["caseRules"] = rules;
  ours["divergesFromAutobahn"] = judge::diverges(r.autobahn, r.model);
  ours["wallMilliseconds"] = r.wall_ms;
  ours["receivedTruncated"] = run.received_truncated;  // a flood: only the first events were kept
  if (!run.connection_error.empty()) ours["connectionError"] = run.connection_error;  // never connected: why
  ours["wirelogTruncated"] = run.wirelog_truncated;
  // FNV-1a of every octet the tester wrote: the same script gives the same digest everywhere
  // (scripts/libcxx-golden.sh compares it with the golden tables under libc++).
  char digest[17];
  std::snprintf(digest, sizeof digest, "%llx", static_cast<unsigned long long>(run.tester_digest));
  ours["testerDigest"] = digest;
  const auto verdicts_json = [](const conformance::Verdicts& v) {
    return ordered_json{{"behavior", to_string(v.behavior)}, {"behaviorClose", to_string(v.behavior_close)}, {"modelBehavior", to_string(v.model_behavior)}};
  };
  // Run beside other cases it was not OK; this report is its run alone (--jobs never decides).
  if (r.parallel) ours["parallelVerdict"] = verdicts_json(*r.parallel);
  if (r.repeats.size() > 1) {
    ordered_json runs = ordered_json::array();
    for (const auto& v : r.repeats) runs.push_back(verdicts_json(v));
    ours["repeats"] = runs;
    ours["autobahnFlipped"] = r.autobahn_flipped();
    ours["modelFlipped"] = r.model_flipped();
  }
  j["wsconform"] = ours;
  return j;
}

ordered_json index_json(const std::vector<conformance::CaseResult>& results) {
  nlohmann::json index = nlohmann::json::object();  // std::map: keys come out sorted
  for (const auto& r : results) {
    nlohmann::json e;
    e["behavior"] = to_string(r.autobahn.behavior);
    e["behaviorClose"] = to_string(r.autobahn.behavior_close);
    e["duration"] = duration_ms(r);
    e["remoteCloseCode"] = r.run.remote_close_code ? nlohmann::json(*r.run.remote_close_code) : nlohmann::json(nullptr);
    e["reportfile"] = case_report_file(r.run.agent, r.c->id);
    index[r.run.agent][r.c->id] = e;
  }
  return ordered_json::parse(index.dump());
}

std::string write_json_reports(const std::filesystem::path& dir, const std::vector<conformance::CaseResult>& results) {
  if (std::string e = make_report_dir(dir); !e.empty()) return e;
  if (std::string e = write_report_file(dir / "index.json", index_json(results).dump(3) + '\n', (dir / "index.json").string()); !e.empty())
    return e;
  for (const auto& r : results)
    if (std::string e = write_report_file(dir / case_report_file(r.run.agent, r.c->id), case_json(r).dump(3) + '\n',
                                          "the report of case " + r.c->id);
        !e.empty())
      return e;
  return {};
}

}  // namespace wsconform::report
