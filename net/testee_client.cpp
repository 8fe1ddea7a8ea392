#include "net/testee_client.hpp"

#include <charconv>

#include "net/tcp_connect.hpp"

namespace wsconform::net {
namespace {

std::string join_path(const std::string& base, std::string_view rest) {
  std::string p = base;
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p + std::string(rest);
}

// One WebSocket connection from impl/ as a client to `target` on the server.
SessionEnd connect_and_run(const TesteeClientOptions& o, const TlsClient* tls, const std::string& target, const EventHandler& on_event,
                           std::string& error) {
  Connected c = tcp_connect(o.server.host, o.server.port, o.connect_timeout);
  if (c.fd < 0) {
    error = c.error;
    return {};
  }
  std::unique_ptr<Stream> stream = tls != nullptr ? tls->connect(c.fd, o.server.host, o.server.port, o.connect_timeout, error)
                                                  : plain_stream(c.fd);
  if (stream == nullptr) return {};
  impl::config cfg;
  cfg.side = impl::role::client;
  cfg.client.host = o.server.host_header();
  cfg.client.target = target;
  cfg.client.user_agent = o.agent;
  cfg.client.deflate.enabled = true;  // offers permessage-deflate (RFC 7692) on every connection
  cfg.random = fill_random;
  impl::connection ws(std::move(cfg));
  return run_socket_session(std::move(stream), ws, {}, on_event, o.bounds);
}

void echo(impl::connection& ws, const impl::event& e) {
  if (e.kind != impl::event_kind::message) return;
  (void)(e.text ? ws.send_text(e.data) : ws.send_binary(e.data));
}

}  // namespace

std::string query_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

TesteeClientSummary run_testee_client(const TesteeClientOptions& o, const std::function<void(std::string_view)>& progress) {
  TesteeClientSummary s;
  const std::string agent = query_encode(o.agent);

  std::string count_text, error;
  std::shared_ptr<const TlsClient> tls;
  if (o.server.secure && (tls = TlsClient::make(o.tls, error)) == nullptr) {
    s.errors.push_back(error);
    return s;
  }
  const std::string count_target = join_path(o.server.path, "/getCaseCount");
  connect_and_run(o, tls.get(), count_target, [&](impl::connection&, const impl::event& e) {
    if (e.kind == impl::event_kind::message && e.text && count_text.empty()) count_text = std::string(e.data_text());
  }, error);
  const auto [ptr, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), s.case_count);
  if (!error.empty() || ec != std::errc{} || ptr != count_text.data() + count_text.size()) {
    s.errors.push_back(count_target + ": " + (error.empty() ? "no case count came back (got '" + count_text.substr(0, 40) + "')" : error));
    return s;
  }
  progress("the server has " + std::to_string(s.case_count) + " cases for agent " + o.agent);

  for (std::size_t n = 1; n <= s.case_count; ++n) {
    const std::string target = join_path(o.server.path, "/runCase?case=" + std::to_string(n) + "&agent=" + agent);
    error.clear();
    const SessionEnd end = connect_and_run(o, tls.get(), target, echo, error);
    if (!error.empty()) {
      s.errors.push_back(target + ": " + error);
      progress("case " + std::to_string(n) + ": " + error);
      if (error.rfind("cannot connect", 0) == 0 || error.rfind("TLS", 0) == 0) return s;  // the server is gone or TLS fails: stop here
      continue;
    }
    // A handshake impl/ refused on its own reading of the extensions answered (RFC 7692 §7: a
    // permessage-deflate response its offer does not allow; §4.1, §9.1: an extension it did not
    // offer, or a malformed value) is the case run as it should be (the pmd.negotiate.* cases).
    // So is any answer impl/ failed the handshake on (the hs.response.* cases: a wrong accept
    // key, another status, a missing field) or one the server ended before it was whole (a
    // response that never ends). Only a session cut off by a bound is an error.
    const bool refused_extensions = end.failure == impl::error::bad_deflate_response || end.failure == impl::error::bad_extension;
    const bool refused_answer = !end.opened && (end.failure != impl::error::none || end.io_error.empty());
    if (end.opened || refused_extensions || refused_answer) ++s.cases_run;
    else s.errors.push_back(target + ": the opening handshake did not complete (" + end.io_error + ")");
    if (n % 50 == 0 || n == s.case_count) progress("ran " + std::to_string(n) + "/" + std::to_string(s.case_count) + " cases");
  }

  const std::string update_target = join_path(o.server.path, "/updateReports?agent=" + agent);
  error.clear();
  const SessionEnd end = connect_and_run(o, tls.get(), update_target, nullptr, error);
  s.reports_updated = error.empty() && end.opened;
  if (!s.reports_updated) s.errors.push_back(update_target + ": " + (error.empty() ? "the opening handshake did not complete" : error));
  else progress("reports updated");
  return s;
}

}  // namespace wsconform::net
