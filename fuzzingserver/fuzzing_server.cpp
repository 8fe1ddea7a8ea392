#include "fuzzingserver/fuzzing_server.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "cases/catalogue.hpp"
#include "conformance/run.hpp"
#include "fuzzingserver/url_protocol.hpp"
#include "fuzzingserver/web_pages.hpp"
#include "net/listener.hpp"
#include "net/socket_session.hpp"
#include "net/stream.hpp"
#include "report/report_tree.hpp"
#include "target/network_target.hpp"

namespace wsconform::fuzzingserver {
namespace {

using clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t kMaxRequestHead = 16 << 10;
constexpr const char* kServerName = "wsconform-fuzzingserver";

double since(clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); }

// Reads until the end of the request head, bounded in size and time. Everything read is kept
// (the head and whatever followed it) so the case sees the connection's octets from the start.
std::optional<Bytes> read_request_head(net::Stream& stream, double timeout) {
  Bytes in;
  const auto t0 = clock::now();
  std::uint8_t buf[4096];
  while (since(t0) < timeout && in.size() < kMaxRequestHead) {
    pollfd p{stream.fd(), POLLIN, 0};
    if (!stream.buffered() && poll(&p, 1, 100) <= 0) continue;
    const net::Io r = stream.read(buf);
    if (r.status == net::Io::Status::would_block) continue;  // TLS: a handshake record, no data yet
    if (r.status != net::Io::Status::ok) return std::nullopt;
    in.insert(in.end(), buf, buf + r.octets);
    const std::string_view text(reinterpret_cast<const char*>(in.data()), in.size());
    if (text.find("\r\n\r\n") != std::string_view::npos) return in;
  }
  return std::nullopt;
}

void send_all(net::Stream& stream, std::string_view data) {
  const auto t0 = clock::now();
  std::size_t at = 0;
  while (at < data.size() && since(t0) < 5) {
    const net::Io w = stream.write({reinterpret_cast<const std::uint8_t*>(data.data()) + at, data.size() - at});
    if (w.status == net::Io::Status::ok) {
      at += w.octets;
    } else if (w.status == net::Io::Status::would_block) {
      pollfd p{stream.fd(), POLLOUT, 0};
      poll(&p, 1, 100);
    } else {
      return;
    }
  }
}

// An HTTP refusal with a plain-text reason a person can act on, then the connection is closed.
void refuse(std::unique_ptr<net::Stream> stream, int status, const std::string& why) {
  const std::string reason = status == 404 ? "Not Found" : status == 503 ? "Service Unavailable" : "Bad Request";
  const std::string body = why + "\n";
  send_all(*stream, "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nServer: " + kServerName +
                   "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
                   "\r\nConnection: close\r\n\r\n" + body);
}

// impl/ as the server answers a control command: accept the handshake, send `messages` as
// text, close with `code`, and wait (bounded) for the client's Close and TCP close.
void answer(std::unique_ptr<net::Stream> conn, const Bytes& read_ahead, const std::vector<std::string>& messages, std::uint16_t code = 1000,
            std::string_view reason = {}) {
  impl::config cfg;
  cfg.side = impl::role::server;
  cfg.server.server_name = kServerName;
  impl::connection ws(std::move(cfg));
  net::SessionBounds bounds;
  bounds.idle_timeout = 10;
  bounds.max_seconds = 30;
  net::run_socket_session(std::move(conn), ws, read_ahead, [&](impl::connection& c, const impl::event& e) {
    if (e.kind != impl::event_kind::open) return;
    for (const auto& m : messages) c.send_text(m);
    c.close(code, reason);
  }, bounds);
}

class Server {
 public:
  Server(const FuzzingServerOptions& o, const std::function<void(std::string_view)>& log) : o_(o), log_(log) {
    o_.tester.as_server = true;
    o_.tester.server_name = kServerName;
  }

  std::atomic<bool> stop{false};

  // One connection, on its own thread.
  void serve(std::unique_ptr<net::Stream> conn) {
    const auto head = read_request_head(*conn, o_.tester.open_handshake_timeout);
    if (!head) return;  // no complete request in time: nothing to answer (the stream closes)
    const std::string text(head->begin(), head->end());
    const std::string target = request_target_of(text);
    if (!is_websocket_request(text) && text.rfind("GET ", 0) == 0) {  // a browser asking for the testee page or the reports
      log_("HTTP GET " + target);
      return send_all(*conn, web_response("GET", target, o_.outdir, kServerName));
    }
    const Command cmd = parse_command(target);
    if (!cmd.problem.empty()) return refuse(std::move(conn), 400, cmd.problem);
    switch (cmd.kind) {
      case CommandKind::get_case_count:
        return answer(std::move(conn), *head, {std::to_string(o_.cases.size())});
      case CommandKind::get_case_info: {
        const auto [c, n] = resolve(cmd);
        if (!c) return refuse(std::move(conn), 400, no_such_case(cmd));
        return answer(std::move(conn), *head, {nlohmann::json{{"id", c->id}, {"description", c->description}}.dump()});
      }
      case CommandKind::get_case_status:
        return case_status(std::move(conn), *head, cmd);
      case CommandKind::run_case:
        return run_case(std::move(conn), *head, cmd);
      case CommandKind::update_reports:
        return update_reports(std::move(conn), *head, cmd);
      case CommandKind::stop_server:
        log_("/stopServer: stopping");
        stop = true;
        return answer(std::move(conn), *head, {});
      case CommandKind::unknown:
        return refuse(std::move(conn), 404,
                      "'" + target + "' is not part of the fuzzing-server URL protocol. Use /getCaseCount, "
                      "/runCase?case=N&agent=A (or casetuple=X.Y.Z), /getCaseInfo?case=N, "
                      "/getCaseStatus?case=N&agent=A, /updateReports?agent=A or /stopServer.");
    }
  }

  FuzzingServerSummary summary() {
    std::lock_guard lock(mu_);
    FuzzingServerSummary s;
    s.reports_written = reports_written_;
    for (const auto& [agent, by_case] : results_) {
      s.agents.push_back(agent);
      for (const auto& [at, r] : by_case) {
        ++s.cases_run;
        if (r.autobahn.behavior == cases::Behavior::failed || r.autobahn.behavior_close == cases::CloseBehavior::failed) ++s.failed;
      }
    }
    return s;
  }

 private:
  // The case a command names, and its 1-based number in the selection.
  std::pair<const cases::Case*, std::size_t> resolve(const Command& cmd) const {
    if (cmd.case_number && *cmd.case_number <= o_.cases.size()) return {o_.cases[*cmd.case_number - 1], *cmd.case_number};
    if (!cmd.case_tuple.empty())
      for (std::size_t i = 0; i < o_.cases.size(); ++i)
        if (o_.cases[i]->id == cmd.case_tuple) return {o_.cases[i], i + 1};
    return {nullptr, 0};
  }
  std::string no_such_case(const Command& cmd) const {
    if (!cmd.case_tuple.empty()) return "casetuple=" + cmd.case_tuple + " is not among the " + std::to_string(o_.cases.size()) + " cases selected";
    if (cmd.case_number) return "case=" + std::to_string(*cmd.case_number) + " is out of range: there are " + std::to_string(o_.cases.size()) + " cases (1.." + std::to_string(o_.cases.size()) + ")";
    return cmd.path + " needs case=N (1.." + std::to_string(o_.cases.size()) + ") or casetuple=X.Y.Z";
  }

  void run_case(std::unique_ptr<net::Stream> conn, const Bytes& head, const Command& cmd) {
    const auto resolved = resolve(cmd);
    const cases::Case* c = resolved.first;
    const std::size_t n = resolved.second;
    if (!c) return refuse(std::move(conn), 400, no_such_case(cmd));
    if (cmd.agent.empty()) return refuse(std::move(conn), 400, "/runCase needs agent=NAME (the name reports use for the client)");
    const auto excluded = cases::excluded_for_agent(o_.agent_excludes, cmd.agent);
    if (std::any_of(excluded.begin(), excluded.end(), [&](const std::string& p) { return cases::id_matches(p, c->id); })) {
      log_("case " + c->id + " skipped for " + cmd.agent + " (exclude-agent-cases)");
      return answer(std::move(conn), head, {}, 1000, "case excluded for this agent");
    }
    {
      std::lock_guard lock(mu_);
      ++running_;
    }
    conformance::CaseResult r;
    {
      target::NetworkTarget target(std::move(conn), head, cmd.agent);  // takes the stream
      target.declare_max_message_size(o_.max_message_size);
      r = conformance::run_judged_case(*c, n, target, o_.tester);
    }
    log_(cmd.agent + " case " + c->id + " (" + std::to_string(n) + "/" + std::to_string(o_.cases.size()) + "): " + std::string(to_string(r.autobahn.behavior)) +
         " / " + std::string(to_string(r.autobahn.behavior_close)));
    std::lock_guard lock(mu_);
    results_[cmd.agent][static_cast<std::size_t>(c - cases::catalogue().data())] = std::move(r);
    --running_;
    done_.notify_all();
  }

  void case_status(std::unique_ptr<net::Stream> conn, const Bytes& head, const Command& cmd) {
    const auto [c, n] = resolve(cmd);
    if (!c) return refuse(std::move(conn), 400, no_such_case(cmd));
    if (cmd.agent.empty()) return refuse(std::move(conn), 400, "/getCaseStatus needs agent=NAME (whose result to report)");
    const auto at = static_cast<std::size_t>(c - cases::catalogue().data());
    nlohmann::json status = {{"behavior", nullptr}};
    {
      std::unique_lock lock(mu_);
      done_.wait_for(lock, std::chrono::duration<double>(o_.status_wait_seconds), [&] {
        const auto a = results_.find(cmd.agent);
        return stop.load() || (a != results_.end() && a->second.count(at) > 0);
      });
      if (const auto a = results_.find(cmd.agent); a != results_.end())
        if (const auto r = a->second.find(at); r != a->second.end()) status["behavior"] = to_string(r->second.autobahn.behavior);
    }
    answer(std::move(conn), head, {status.dump()});
  }

  void update_reports(std::unique_ptr<net::Stream> conn, const Bytes& head, const Command& cmd) {
    std::string error;
    std::size_t count = 0;
    {
      // A client may ask as soon as its last case's TCP connection is gone, while that case is
      // still being judged here: its result belongs in the reports (bounded wait).
      std::unique_lock lock(mu_);
      done_.wait_for(lock, std::chrono::duration<double>(o_.status_wait_seconds), [&] { return running_ == 0; });
      std::vector<conformance::CaseResult> all;
      for (const auto& [agent, by_case] : results_)
        for (const auto& [at, r] : by_case) all.push_back(r);
      count = all.size();
      error = report::write_report_tree(o_.outdir, all);
      ++reports_written_;
    }
    if (!error.empty()) {
      log_("/updateReports: " + error);
      answer(std::move(conn), head, {}, 1011, "cannot write the reports");
    } else {
      log_("/updateReports" + (cmd.agent.empty() ? std::string() : "?agent=" + cmd.agent) + ": " + std::to_string(count) +
           " results written to " + o_.outdir + "/index.html, index.json, junit.xml");
      answer(std::move(conn), head, {});
    }
    if (o_.shutdown_on_complete) stop = true;
  }

  FuzzingServerOptions o_;
  std::function<void(std::string_view)> log_;
  std::mutex mu_;
  std::condition_variable done_;
  std::map<std::string, std::map<std::size_t, conformance::CaseResult>> results_;  // agent -> catalogue position -> result
  std::size_t reports_written_ = 0;
  std::size_t running_ = 0;  // /runCase connections not yet judged
};

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> finished;
};

}  // namespace

bool run_fuzzing_server(const FuzzingServerOptions& options, const std::function<void(std::uint16_t)>& on_listening,
                        const std::function<void(std::string_view)>& log, FuzzingServerSummary& summary, std::string& error) {
  std::shared_ptr<const net::TlsServer> tls;
  if (options.tls && (tls = net::TlsServer::make(*options.tls, error)) == nullptr) return false;
  const net::Listener l = net::listen_tcp(options.host, options.port);
  if (l.fd < 0) {
    error = l.error;
    return false;
  }
  std::mutex log_mutex;
  auto locked_log = [&](std::string_view line) {
    std::lock_guard lock(log_mutex);
    log(line);
  };
  Server server(options, locked_log);
  on_listening(l.port);
  const auto started = clock::now();
  std::vector<Worker> workers;
  auto reap = [&] {
    for (auto& w : workers)
      if (w.finished->load()) w.thread.join();
    std::erase_if(workers, [](const Worker& w) { return !w.thread.joinable(); });
  };
  while (!server.stop) {
    if (options.max_seconds > 0 && since(started) >= options.max_seconds) {
      locked_log("stopping: --max-seconds reached");
      break;
    }
    if (options.keep_serving && !options.keep_serving()) {
      locked_log("stopping: the client under test has ended");
      break;
    }
    pollfd p{l.fd, POLLIN, 0};
    poll(&p, 1, 100);
    reap();
    for (;;) {
      const int fd = accept4(l.fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) break;
      if (workers.size() >= options.max_connections) {
        if (tls) close(fd);  // no TLS handshake on the accepting thread: a refusal in words needs one
        else refuse(net::plain_stream(fd), 503, "too many connections at once (" + std::to_string(options.max_connections) + "); try again");
        continue;
      }
      auto finished = std::make_shared<std::atomic<bool>>(false);
      workers.push_back({std::thread([&server, &tls, fd, finished] {
                           std::unique_ptr<net::Stream> stream = tls ? tls->accept(fd) : net::plain_stream(fd);
                           if (stream) server.serve(std::move(stream));
                           *finished = true;
                         }),
                         finished});
    }
  }
  close(l.fd);
  for (auto& w : workers) w.thread.join();  // every connection is bounded in time
  summary = server.summary();
  return true;
}

}  // namespace wsconform::fuzzingserver
