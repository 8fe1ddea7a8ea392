// What the fuzzing server answers to a plain HTTP GET (a browser, not a WebSocket handshake):
//   /                      the testee page: runs Autobahn's testee loop in the browser
//                          (?agent=NAME; the browser's name otherwise), shows each case's verdict
//                          as it comes, then asks for the reports and links them
//   /reports/PATH          the report tree in outdir (index.html, case pages, JSON), read-only
// Everything else is 404. Answers are whole HTTP/1.1 responses; the connection closes after one.
#pragma once

#include <string>
#include <string_view>

namespace wsconform::fuzzingserver {

// True when the request head asks for a WebSocket (an Upgrade header naming websocket).
bool is_websocket_request(std::string_view head);

// The HTTP response to a plain GET for `target` (path and query), `outdir` holding the reports.
std::string web_response(std::string_view method, std::string_view target, const std::string& outdir, std::string_view server_name);

}  // namespace wsconform::fuzzingserver
