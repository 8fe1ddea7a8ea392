#include "report/html_report.hpp"

#include <cstdio>
#include <map>
#include <sstream>

#include "model/rule.hpp"
#include "report/html_page.hpp"
#include "report/json_report.hpp"
#include "report/report_files.hpp"
#include "report/rules_page.hpp"

namespace wsconform::report {
namespace {

std::string group_of(const std::string& id) { return id.substr(0, id.find('.')); }
std::string subgroup_of(const std::string& id) {
  const auto last = id.rfind('.');
  const auto first = id.find('.');
  return last == first ? group_of(id) : id.substr(0, last);
}

const std::map<std::string, std::string>& group_titles() {
  static const std::map<std::string, std::string> t = {
      {"1", "Framing"}, {"2", "Pings/Pongs"}, {"3", "Reserved Bits"}, {"4", "Opcodes"}, {"5", "Fragmentation"},
      {"6", "UTF-8 Handling"}, {"7", "Close Handling"}, {"9", "Limits/Performance"}, {"10", "Miscellaneous"},
      {"12", "WebSocket Compression (different payloads)"}, {"13", "WebSocket Compression (different parameters)"}};
  return t;
}

std::string flag(bool b) { return b ? "True" : "False"; }

std::string code_or_none(const std::optional<std::uint16_t>& c) { return c ? std::to_string(*c) : "None"; }

std::string reason_text(const std::optional<std::vector<std::uint8_t>>& r) {
  if (!r) return "None";
  return log_text(*r, r->size());
}

std::string events_text(const std::vector<cases::Event>& events) {
  std::string s = "[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    s += i ? ", " : "";
    switch (e.kind) {
      case cases::Event::Kind::message:
        s += "('message', '" + log_text(e.payload, e.payload.size()) + "', " + flag(e.binary) + ")";
        break;
      case cases::Event::Kind::ping: s += "('ping', '" + log_text(e.payload, e.payload.size()) + "')"; break;
      case cases::Event::Kind::pong: s += "('pong', '" + log_text(e.payload, e.payload.size()) + "')"; break;
      case cases::Event::Kind::timeout: s += "('timeout', '" + std::string(e.payload.begin(), e.payload.end()) + "')"; break;
    }
  }
  return s + "]";
}

std::string truncate(std::string s, std::size_t n) { return s.size() > n ? s.substr(0, n) + " ..." : s; }

// 12.x/13.x: " [in/out]", the compression ratios of the target's and the tester's messages, as
// Autobahn's index shows them.
std::string compression_ratios(const runner::CaseRun& run) {
  if (!run.traffic_stats) return {};
  const auto& t = *run.traffic_stats;
  auto ratio = [](std::uint64_t a, std::uint64_t b) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3f", b ? static_cast<double>(a) / static_cast<double>(b) : 0.0);
    return std::string(buf);
  };
  return " [" + ratio(t.incoming_websocket, t.incoming_app) + "/" + ratio(t.outgoing_websocket, t.outgoing_app) + "]";
}

}  // namespace

std::string verdict_class(cases::Behavior v) {
  switch (v) {
    case cases::Behavior::ok: return "pass";
    case cases::Behavior::non_strict: return "nonstrict";
    case cases::Behavior::informational: return "info";
    case cases::Behavior::unimplemented: return "unimplemented";
    case cases::Behavior::failed: return "fail";
  }
  return "fail";
}

std::string verdict_class(cases::CloseBehavior v) {
  if (v == cases::CloseBehavior::ok) return "pass";
  if (v == cases::CloseBehavior::informational) return "info";
  return "fail";
}

std::string word(cases::Behavior v) { return std::string(to_string(v)); }
std::string word(cases::CloseBehavior v) { return std::string(to_string(v)); }
std::string word(model::Grade g) { return std::string(model::to_string(g)); }

std::string case_page_file(const std::string& agent, const std::string& case_id) {
  std::string f = case_report_file(agent, case_id);
  return f.substr(0, f.size() - 5) + ".html";
}

std::string index_html(const std::vector<conformance::CaseResult>& results) {
  // agent -> id -> result; ids in run order.
  std::vector<std::string> agents;
  std::vector<std::string> ids;
  std::map<std::string, std::map<std::string, const conformance::CaseResult*>> by;
  std::map<std::string, const cases::Case*> cases_by_id;
  for (const auto& r : results) {
    if (!by.count(r.run.agent)) agents.push_back(r.run.agent);
    if (!cases_by_id.count(r.c->id)) ids.push_back(r.c->id);
    by[r.run.agent][r.c->id] = &r;
    cases_by_id[r.c->id] = r.c;
  }
  std::map<cases::Behavior, int> counts;
  for (const auto& r : results) ++counts[r.autobahn.behavior];

  std::ostringstream b;
  b << "<h1>WebSocket conformance report</h1>\n<p class=\"muted\">" << results.size() << " results, " << agents.size()
    << " agent(s). Verdicts as Autobahn|Testsuite computes them; hover a cell for the model's reading. <a href=\"" << kRulesPage
    << "\">The model's rules</a> and the RFC 6455 sentences each one models.</p>\n";
  b << "<div class=\"counts\" id=\"counts\">";
  for (const auto v : {cases::Behavior::ok, cases::Behavior::non_strict, cases::Behavior::informational, cases::Behavior::unimplemented,
                       cases::Behavior::failed})
    b << "<span class=\"count " << verdict_class(v) << "\" data-verdict=\"" << v << "\">" << v << " " << counts[v] << "</span>";
  b << "</div>\n<div class=\"scroll\"><table class=\"matrix\" id=\"matrix\">\n";
  std::string last_group, last_sub;
  for (const auto& id : ids) {
    const std::string g = group_of(id), sub = subgroup_of(id);
    if (g != last_group) {
      const auto t = group_titles().find(g);
      b << "<tr class=\"group\"><th colspan=\"" << 1 + 2 * agents.size() << "\">" << g << " "
        << (t == group_titles().end() ? "" : esc(t->second)) << "</th></tr>\n";
      last_group = g;
    }
    if (sub != last_sub) {
      b << "<tr><th>" << esc(sub) << "</th>";
      for (const auto& a : agents) b << "<th>" << esc(a) << "</th><th class=\"close\">close</th>";
      b << "</tr>\n";
      last_sub = sub;
    }
    b << "<tr><td class=\"case\"><a href=\"#case_desc_" << esc(id) << "\">Case " << esc(id) << "</a></td>";
    for (const auto& a : agents) {
      const auto it = by[a].find(id);
      if (it == by[a].end()) {
        b << "<td class=\"missing\" data-case=\"" << esc(id) << "\">Missing</td><td class=\"missing\"></td>";
        continue;
      }
      const auto& r = *it->second;
      const std::string label = r.autobahn.behavior == cases::Behavior::ok ? "Pass" : r.autobahn.behavior == cases::Behavior::failed ? "Fail" : word(r.autobahn.behavior);
      b << "<td class=\"" << verdict_class(r.autobahn.behavior) << "\" data-case=\"" << esc(id) << "\" data-verdict=\""
        << r.autobahn.behavior << "\" title=\"model: " << r.model.behavior << "\"><a href=\""
        << esc(case_page_file(a, id)) << "\">" << esc(label) << "</a>";
      if (r.c->report_time) b << " <span class=\"muted\">" << duration_ms(r) << " ms" << compression_ratios(r.run) << "</span>";
      b << "</td><td class=\"close " << verdict_class(r.autobahn.behavior_close) << "\">"
        << (r.run.remote_close_code ? std::to_string(*r.run.remote_close_code) : "-") << "</td>";
    }
    b << "</tr>\n";
  }
  b << "</table></div>\n<h2>Cases</h2>\n<table class=\"desc-table\">\n";
  for (const auto& id : ids) {
    const auto* c = cases_by_id[id];
    b << "<tr id=\"case_desc_" << esc(id) << "\"><td class=\"case\">Case " << esc(id) << "</td><td>" << esc(c->description)
      << "<br><span class=\"muted\">Expectation: " << esc(c->expectation) << "</span><br><span class=\"muted\">Rules:";
    for (auto r : c->rules) b << " <code>" << esc(r.value) << "</code>";
    b << "</span></td></tr>\n";
  }
  b << "</table>\n";
  return page("WebSocket conformance report", b.str());
}

std::string case_html(const conformance::CaseResult& r) {
  const auto& c = *r.c;
  const auto& run = r.run;
  std::ostringstream b;
  const long long ms = duration_ms(r);
  b << "<p><a href=\"index.html\">&larr; all cases</a></p>\n<h1>" << esc(run.agent) << " - Case " << esc(c.id) << " : <span class=\""
    << verdict_class(r.autobahn.behavior) << "\" id=\"verdict\">" << r.autobahn.behavior << "</span> - " << ms << " ms @ "
    << esc(run.started) << "</h1>\n";
  b << "<h2>Case Description</h2><p>" << esc(c.description) << "</p>\n<h2>Case Expectation</h2><p>" << esc(c.expectation) << "</p>\n";
  b << "<h2>Case Outcome</h2><p>" << esc(r.autobahn.result) << "</p>\n<p>Expected:</p><pre>{";
  bool first = true;
  for (const auto& [verdict, events] : c.expected) {
    b << (first ? "" : ", ") << "'" << verdict << "': " << esc(truncate(events_text(events), 1000));
    first = false;
  }
  b << "}</pre><p>Observed:</p><pre>" << esc(truncate(events_text(run.received), 1000)) << "</pre>\n";
  b << "<h2>Case Closing Behavior</h2><p>" << esc(r.autobahn.result_close) << " (" << r.autobahn.behavior_close << ")</p>\n";

  // What Autobahn never showed: the model's reading.
  b << "<h2>The model's reading: " << r.model.behavior << "</h2>\n";
  if (r.model.findings.empty()) {
    b << "<p>The target stayed inside the behaviours RFC 6455 allows at every step.</p>\n";
  } else {
    bool first_departure = true;
    for (const auto& f : r.model.findings) {
      b << "<div class=\"rule " << word(f.grade) << "\"><a href=\"" << esc(rule_link(f.rule)) << "\"><strong>" << esc(f.rule) << "</strong></a> (" << esc(model::find_rule(f.rule) ? model::cite(*model::find_rule(f.rule)) : "§" + f.section)
        << ", " << word(f.grade) << ")";
      if (first_departure && f.grade != model::Grade::strict) {
        b << " - first departure, after " << r.model.first_departure_octet << " octets from the tester";
        first_departure = false;
      }
      b << "<br>" << esc(f.detail) << "<br><span class=\"muted\">RFC: \"" << esc(f.cites) << "\"</span></div>\n";
    }
  }
  b << "<h3>Rules this case checks</h3>\n";
  for (auto id : c.rules) {
    const auto& rule = model::describe(id);
    b << "<div class=\"rule\"><a href=\"" << esc(rule_link(id.value)) << "\"><strong>" << esc(id.value) << "</strong></a> (" << esc(model::cite(rule)) << ", "
      << esc(std::string(model::to_string(rule.level))) << ") " << esc(rule.statement) << "<br><span class=\"muted\">RFC: \""
      << esc(rule.cites) << "\"</span></div>\n";
  }

  b << "<h2>Opening Handshake</h2><pre>" << esc(run.http_request) << "</pre><pre>" << esc(run.http_response) << "</pre>\n";
  b << "<h2>Closing Behavior</h2><table><tr><th>Key</th><th>Value</th><th>Description</th></tr>\n";
  const std::pair<std::string, std::string> rows[] = {
      {"isServer", "True, iff I (the tester) am a server, and the peer is a client."},
      {"closedByMe", "True, iff I started the closing handshake (sent the first Close)."},
      {"failedByMe", "True, iff I failed the WebSocket connection (a protocol error, or my kill timer)."},
      {"droppedByMe", "True, iff I dropped the TCP connection."},
      {"wasClean", "True, iff the full closing handshake was performed and the server dropped TCP."},
      {"wasNotCleanReason", "When wasClean is False, what happened."},
      {"wasServerConnectionDropTimeout", "True when I (a client) expected the server to drop TCP and it did not in time."},
      {"wasOpenHandshakeTimeout", "True when the peer did not complete the opening handshake in time."},
      {"wasCloseHandshakeTimeout", "True when I started the closing handshake and the peer did not answer in time."},
      {"localCloseCode", "The close code I sent (if any)."},
      {"localCloseReason", "The close reason I sent (if any)."},
      {"remoteCloseCode", "The close code the peer sent (if any)."},
      {"remoteCloseReason", "The close reason the peer sent (if any)."}};
  const std::string values[] = {flag(run.is_server), flag(run.closed_by_me), flag(run.failed_by_me), flag(run.dropped_by_me), flag(run.was_clean),
                                run.was_not_clean_reason.value_or("None"), flag(run.was_server_connection_drop_timeout),
                                flag(run.was_open_handshake_timeout), flag(run.was_close_handshake_timeout),
                                code_or_none(run.local_close_code), reason_text(run.local_close_reason),
                                code_or_none(run.remote_close_code), reason_text(run.remote_close_reason)};
  for (std::size_t i = 0; i < std::size(rows); ++i)
    b << "<tr><td>" << rows[i].first << "</td><td>" << esc(values[i]) << "</td><td>" << esc(rows[i].second) << "</td></tr>\n";
  b << "</table>\n<h2>Wire Statistics</h2>\n";
  for (const auto& [title, stats] : {std::pair{"Octets Received by Chop Size", &run.rx_octet_stats}, std::pair{"Octets Transmitted by Chop Size", &run.tx_octet_stats}}) {
    b << "<h3>" << title << "</h3><table><tr><th>Chop Size</th><th>Count</th><th>Octets</th></tr>";
    std::size_t count = 0, octets = 0;
    for (const auto& [size, n] : *stats) {
      b << "<tr><td>" << size << "</td><td>" << n << "</td><td>" << size * n << "</td></tr>";
      count += n;
      octets += size * n;
    }
    b << "<tr><th>Total</th><th>" << count << "</th><th>" << octets << "</th></tr></table>\n";
  }
  for (const auto& [title, stats] : {std::pair{"Frames Received by Opcode", &run.rx_frame_stats}, std::pair{"Frames Transmitted by Opcode", &run.tx_frame_stats}}) {
    b << "<h3>" << title << "</h3><table><tr><th>Opcode</th><th>Count</th></tr>";
    std::size_t count = 0;
    for (const auto& [op, n] : *stats) {
      b << "<tr><td>" << op << "</td><td>" << n << "</td></tr>";
      count += n;
    }
    b << "<tr><th>Total</th><th>" << count << "</th></tr></table>\n";
  }

  b << "<h2>Wire Log</h2><div class=\"wirelog\" id=\"wirelog\">\n";
  std::size_t i = 0;
  char num[8];
  for (const auto& w : run.wirelog) {
    std::snprintf(num, sizeof num, "%03zu", i++);
    using K = runner::WireEntry::Kind;
    switch (w.kind) {
      case K::tx_octets: b << "<pre class=\"tx\">" << num << " TX OCTETS: " << esc(log_hex(w.octets, w.length)) << "</pre>\n"; break;
      case K::rx_octets: b << "<pre class=\"rx\">" << num << " RX OCTETS: " << esc(log_hex(w.octets, w.length)) << "</pre>\n"; break;
      case K::tx_frame: {
        char mask[9] = "None";
        if (w.mask) std::snprintf(mask, sizeof mask, "%08x", *w.mask);
        b << "<pre class=\"tx\">" << num << " TX FRAME : OPCODE=" << int(w.opcode) << ", FIN=" << flag(w.fin) << ", RSV=" << int(w.rsv)
          << ", PAYLOAD-LEN=" << w.length << ", MASK=" << mask << ", PAYLOAD-REPEAT-LEN="
          << (w.repeat_length ? std::to_string(*w.repeat_length) : "None") << ", CHOPSIZE=" << (w.chop ? std::to_string(*w.chop) : "None")
          << ", SYNC=" << flag(w.sync) << "\n               " << esc(log_text(w.octets, w.length)) << "</pre>\n";
        break;
      }
      case K::rx_frame:
        b << "<pre class=\"rx\">" << num << " RX FRAME : OPCODE=" << int(w.opcode) << ", FIN=" << flag(w.fin) << ", RSV=" << int(w.rsv)
          << ", PAYLOAD-LEN=" << w.length << ", MASKED=" << flag(w.masked) << ", MASK=None\n               "
          << esc(log_text(w.octets, w.length)) << "</pre>\n";
        break;
      case K::wait: b << "<pre class=\"timer\">" << num << " DELAY " << w.delay << " sec for TAG " << esc(w.tag) << "</pre>\n"; break;
      case K::wait_fired: b << "<pre class=\"timer\">" << num << " DELAY TIMEOUT on TAG " << esc(w.tag) << "</pre>\n"; break;
      case K::kill: b << "<pre class=\"timer\">" << num << " FAIL CONNECTION AFTER " << w.delay << " sec</pre>\n"; break;
      case K::kill_fired: b << "<pre class=\"timer\">" << num << " FAILING CONNECTION</pre>\n"; break;
      case K::close_timer: b << "<pre class=\"timer\">" << num << " CLOSE CONNECTION AFTER " << w.delay << " sec</pre>\n"; break;
      case K::close_timer_fired: b << "<pre class=\"timer\">" << num << " CLOSING CONNECTION</pre>\n"; break;
      case K::wirelog: b << "<pre class=\"timer\">" << num << " WIRELOG " << (w.on ? "ENABLED" : "DISABLED") << "</pre>\n"; break;
    }
  }
  std::snprintf(num, sizeof num, "%03zu", i);
  b << "<pre class=\"timer\">" << num << (run.dropped_by_me ? " TCP DROPPED BY ME" : " TCP DROPPED BY PEER") << "</pre>\n</div>\n";
  return page(run.agent + " - Case " + c.id, b.str());
}

std::string write_html_reports(const std::filesystem::path& dir, const std::vector<conformance::CaseResult>& results) {
  if (std::string e = make_report_dir(dir); !e.empty()) return e;
  if (std::string e = write_report_file(dir / "index.html", index_html(results), (dir / "index.html").string()); !e.empty()) return e;
  if (std::string e = write_report_file(dir / kRulesPage, rules_html(), (dir / kRulesPage).string()); !e.empty()) return e;
  for (const auto& r : results)
    if (std::string e = write_report_file(dir / case_page_file(r.run.agent, r.c->id), case_html(r), "the page of case " + r.c->id);
        !e.empty())
      return e;
  return {};
}

}  // namespace wsconform::report
