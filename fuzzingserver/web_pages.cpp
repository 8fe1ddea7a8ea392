#include "fuzzingserver/web_pages.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wsconform::fuzzingserver {
namespace {

// The testee loop in a browser: the same URL protocol every testee client speaks. Messages are
// echoed with their type (binaryType arraybuffer keeps binary binary); the browser's own stack
// answers pings and closes.
constexpr std::string_view kTesteePage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wsconform: testing this browser's WebSocket client</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
  h1 { font-size: 1.4em; }
  progress { width: 100%; height: 1.2em; }
  #counts span { display: inline-block; margin-right: 1.2em; }
  #cases { display: flex; flex-wrap: wrap; gap: 2px; margin-top: 1em; }
  #cases span { font: 11px monospace; padding: 1px 3px; border-radius: 2px; background: #ddd; }
  .OK { background: #9d9 !important; } .NON-STRICT { background: #ee8 !important; }
  .INFORMATIONAL { background: #bbe !important; } .UNIMPLEMENTED { background: #ccc !important; }
  .FAILED { background: #e88 !important; }
  code { background: #f3f3f3; padding: 0 .2em; }
</style>
</head>
<body>
<h1>wsconform: testing this browser's WebSocket client</h1>
<p>This page runs the testee loop of the fuzzing-server protocol: for each case it opens a
WebSocket to <code>/runCase?case=N&amp;agent=A</code> and echoes every message back. The
server judges what the browser did; the reports are written when all cases have run.</p>
<p>Agent: <code id="agent"></code> &nbsp; <span id="state">starting</span></p>
<progress id="bar" value="0" max="1"></progress>
<p id="counts"></p>
<p id="report"></p>
<div id="cases"></div>
<script>
'use strict';
const params = new URLSearchParams(location.search);
const base = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;
function browserName() {
  const ua = navigator.userAgent;
  const m = ua.match(/(Firefox|Edg|OPR|Chrome|Chromium|Version)\/(\d+)/);
  if (!m) return 'browser';
  const names = { Edg: 'Edge', OPR: 'Opera', Version: 'Safari' };
  const name = /HeadlessChrome/.test(ua) ? 'HeadlessChrome' : (names[m[1]] || m[1]);
  return name + '/' + m[2];
}
const agent = params.get('agent') || browserName();
document.getElementById('agent').textContent = agent;
const state = (text) => { document.getElementById('state').textContent = text; };
const counts = {};

// One WebSocket connection; resolves when it is closed, with the text messages it received.
function connect(path, echo) {
  return new Promise((resolve) => {
    const received = [];
    let ws;
    try {
      ws = new WebSocket(base + path);
    } catch (e) {
      resolve(received);
      return;
    }
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => {
      if (echo) ws.send(e.data);
      else if (typeof e.data === 'string') received.push(e.data);
    };
    ws.onclose = () => resolve(received);
  });
}

async function main() {
  const q = encodeURIComponent(agent);
  const countText = await connect('/getCaseCount', false);
  const total = parseInt(countText[0], 10);
  if (!(total > 0)) {
    state('the server gave no case count');
    document.title = 'wsconform: error';
    return;
  }
  const bar = document.getElementById('bar');
  bar.max = total;
  for (let n = 1; n <= total; ++n) {
    state('case ' + n + ' of ' + total);
    await connect('/runCase?case=' + n + '&agent=' + q, true);
    const status = await connect('/getCaseStatus?case=' + n + '&agent=' + q, false);
    let verdict = 'none';
    try { verdict = JSON.parse(status[0]).behavior || 'none'; } catch (e) {}
    counts[verdict] = (counts[verdict] || 0) + 1;
    const cell = document.createElement('span');
    cell.textContent = n;
    cell.className = verdict;
    cell.title = 'case ' + n + ': ' + verdict;
    document.getElementById('cases').appendChild(cell);
    document.getElementById('counts').innerHTML =
      Object.keys(counts).sort().map((v) => '<span>' + v + ': ' + counts[v] + '</span>').join('');
    bar.value = n;
  }
  state('writing the reports');
  await connect('/updateReports?agent=' + q, false);
  state('done: ' + total + ' cases');
  document.getElementById('report').innerHTML = '<a href="/reports/index.html">The report</a> (index.html in the server\'s outdir)';
  document.title = 'wsconform: done';
}
main();
</script>
</body>
</html>
)html";

std::string response(int status, std::string_view reason, std::string_view type, std::string_view body, std::string_view server_name) {
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\nServer: " + std::string(server_name) +
                  "\r\nContent-Type: " + std::string(type) + "\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
  r += body;
  return r;
}

std::string_view content_type(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".xml") return "application/xml";
  if (ext == ".css") return "text/css";
  if (ext == ".js") return "text/javascript";
  return "text/plain; charset=utf-8";
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool is_websocket_request(std::string_view head) {
  const std::string h = lower(head);
  for (std::size_t at = h.find("\nupgrade:"); at != std::string::npos; at = h.find("\nupgrade:", at + 1)) {
    const std::size_t end = h.find('\n', at + 1);
    if (h.substr(at, end - at).find("websocket") != std::string::npos) return true;
  }
  return false;
}

std::string web_response(std::string_view method, std::string_view target, const std::string& outdir, std::string_view server_name) {
  if (method != "GET")
    return response(405, "Method Not Allowed", "text/plain; charset=utf-8", "only GET is served here\n", server_name);
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/" || path == "/index.html") return response(200, "OK", "text/html; charset=utf-8", kTesteePage, server_name);
  constexpr std::string_view kReports = "/reports/";
  if (path == "/reports" || path.substr(0, kReports.size()) == kReports) {
    const std::string_view rel = path.size() <= kReports.size() ? std::string_view("index.html") : path.substr(kReports.size());
    // Only plain file names below outdir: no "..", no absolute paths, no hidden files.
    const bool safe = !rel.empty() && rel.find("..") == std::string_view::npos && rel.front() != '/' &&
                      std::all_of(rel.begin(), rel.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/'; });
    const std::filesystem::path file = std::filesystem::path(outdir) / std::string(rel);
    std::error_code ec;
    if (safe && std::filesystem::is_regular_file(file, ec)) {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream body;
      body << in.rdbuf();
      return response(200, "OK", content_type(file), body.str(), server_name);
    }
    return response(404, "Not Found", "text/plain; charset=utf-8",
                    "no report file " + std::string(rel) + " (the reports are written when a client asks for /updateReports)\n", server_name);
  }
  return response(404, "Not Found", "text/plain; charset=utf-8",
                  "'" + std::string(target) + "': this is a WebSocket fuzzing server. / is the browser testee page, /reports/ the reports.\n",
                  server_name);
}

}  // namespace wsconform::fuzzingserver
