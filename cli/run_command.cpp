// `wsconform run`: the catalogue against a target, judged, reported.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "model/rule.hpp"
#include "cases/catalogue.hpp"
#include "cases/select.hpp"
#include "cli/commands.hpp"
#include "cli/target_choice.hpp"
#include "cli/tls_flags.hpp"
#include "conformance/run.hpp"
#include "report/report_tree.hpp"
#include "cli/start_option.hpp"

namespace wsconform::cli {
namespace {

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in{std::string(s)};
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

constexpr const char* kUsage =
    "usage: wsconform run [--target impl|impl-client|model|ws://HOST:PORT/PATH] [--agent NAME]\n"
    "                     [--cases P,...]\n"
    "                     [--exclude-cases P,...] [--jobs N]\n"
    "                     [--out DIR] [--fail-on VERDICT,...] [--quiet] [--repeat K]\n"
    "                     [--junit-non-strict-fails] [--junit-informational-fails]\n"
    "                     [--deflate-quick] [--deflate-level L]\n"
    "                     [--start 'COMMAND ... {port}'] [--start-timeout S]\n"
    "                     [--ca-file FILE] [--insecure]   (wss://HOST:PORT/PATH targets)\n"
    "  --cases / --exclude-cases  Autobahn patterns: '*' is a wildcard from the start of the id\n"
    "                             ('6.1*' selects 6.1.x and 6.10-6.19); without '*' an exact id\n"
    "  --fail-on                  verdicts that make the exit status 1 (default FAILED; also\n"
    "                             NON-STRICT, INFORMATIONAL, UNIMPLEMENTED, WRONG CODE, UNCLEAN)\n"
    "  --max-message-size N       the largest message a network target accepts (its own limit):\n"
    "                             the rfc.limit.* cases send N and N + 1 octets (in process the\n"
    "                             target's configuration is used)\n"
    "  --deflate-quick            12.x/13.x: size indices 1-5 only (messages up to 4 KiB): every\n"
    "                             corpus, offer and acceptor at 0.6 % of the octets\n"
    "  --deflate-level L          the tester's zlib level for its compressed messages (default 1;\n"
    "                             Autobahn's is 6): what the target inflates is equally valid\n"
    "  --repeat K                 run every case K times; list each case whose verdict differed\n"
    "                             between runs (Autobahn column and model column apart)\n"
    "  --start CMD                start the server under test first: {port} in CMD (and in\n"
    "                             --target, default ws://127.0.0.1:{port}/) becomes a free port;\n"
    "                             the run waits until it accepts (--start-timeout, default 10 s),\n"
    "                             and stops it afterwards (TERM, then KILL); an exit before or\n"
    "                             during the run is reported, exit status 1\n"
    "  over a network, a case that is not OK with others in flight is run again alone, and that\n"
    "  run is its verdict (both are in its JSON): --jobs never changes a verdict\n";

}  // namespace

int run_command(Args args, std::ostream& out, std::ostream& err) {
  std::string target_name = "impl";
  std::vector<std::string> include{"*"}, exclude;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool jobs_given = false;
  std::string out_dir = "reports/servers";
  std::vector<std::string> fail_on{"FAILED"};
  bool quiet = false;
  unsigned repeat = 1;
  std::optional<std::uint64_t> max_message_size;  // what the user says a network target accepts
  std::string agent;
  bool deflate_quick = false;
  std::optional<int> deflate_level;
  report::JunitOptions junit;
  std::optional<std::string> start_command;
  double start_timeout = 10;
  bool target_given = false;
  net::TlsClientOptions tls;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (take_tls_client_flag(args, i, tls)) continue;
    auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    std::optional<std::string_view> v;
    if (a == "--target" && (v = value())) target_name = *v, target_given = true;
    else if (a == "--start" && (v = value())) start_command = std::string(*v);
    else if (a == "--start-timeout" && (v = value())) start_timeout = std::max(0.1, std::atof(std::string(*v).c_str()));
    else if (a == "--cases" && (v = value())) include = split_list(*v);
    else if (a == "--exclude-cases" && (v = value())) exclude = split_list(*v);
    else if (a == "--jobs" && (v = value())) jobs = static_cast<unsigned>(std::max(1, std::atoi(std::string(*v).c_str()))), jobs_given = true;
    else if (a == "--out" && (v = value())) out_dir = *v;
    else if (a == "--fail-on" && (v = value())) {
      fail_on = split_list(*v);
      if (fail_on == std::vector<std::string>{"none"}) fail_on.clear();  // exit 0 whatever the verdicts
      for (const auto& word : fail_on)
        if (!cases::behavior_named(word) && !cases::close_behavior_named(word)) {
          err << "wsconform run: --fail-on " << word << " is no verdict (behavior: OK, NON-STRICT, INFORMATIONAL, UNIMPLEMENTED, FAILED; "
              << "close: WRONG CODE, UNCLEAN, FAILED BY CLIENT; or none)\n";
          return 2;
        }
    }
    else if (a == "--quiet") quiet = true;
    else if (a == "--max-message-size" && (v = value())) max_message_size = std::strtoull(std::string(*v).c_str(), nullptr, 10);
    else if (a == "--repeat" && (v = value())) repeat = static_cast<unsigned>(std::max(1, std::atoi(std::string(*v).c_str())));
    else if (a == "--agent" && (v = value())) agent = *v;
    else if (a == "--deflate-quick") deflate_quick = true;
    else if (a == "--deflate-level" && (v = value())) deflate_level = std::clamp(std::atoi(std::string(*v).c_str()), 1, 9);
    else if (a == "--junit-non-strict-fails") junit.non_strict_fails = true;
    else if (a == "--junit-informational-fails") junit.informational_fails = true;
    else if (a == "--help" || a == "-h") {
      out << kUsage << kTlsClientUsage;
      return 0;
    }
    else {
      err << "wsconform run: unknown or incomplete option '" << a << "'\n" << kUsage << kTlsClientUsage;
      return 2;
    }
  }

  if (const auto problems = cases::check_catalogue(cases::catalogue()); !problems.empty()) {
    for (const auto& p : problems) err << "catalogue: " << p << '\n';
    return 3;
  }
  // --start: the server under test, on a free port, accepting before the first case.
  std::optional<StartedTarget> started;
  if (start_command) {
    if (!target_given) target_name = "ws://127.0.0.1:{port}/";
    started = start_target(*start_command, start_timeout, "wsconform run", err);
    if (!started) return 2;
    target_name = net::with_port(target_name, started->port);
    if (!quiet) out << "started '" << started->command << "'; it accepts on 127.0.0.1:" << started->port << '\n';
  }
  conformance::RunOptions options;
  const TargetChoice choice = choose_target(target_name, agent, tls, max_message_size);
  if (!choice.error.empty()) {
    err << "wsconform run: " << choice.error << '\n';
    return 2;
  }
  if (choice.network && tls.insecure && target_name.rfind("wss://", 0) == 0 && !quiet)
    out << "wss://: the server's certificate is not checked (--insecure)\n";
  apply_to(choice, options.tester);
  const conformance::TargetFactory factory = choice.make;
  if (choice.network) {
    if (!jobs_given) jobs = 8;  // over TCP the cases mostly wait: run several at once
    options.rerun_alone = true;
  }
  // hs.request.* test servers, hs.response.* clients: only those for the target's role run.
  auto selected = cases::for_target(cases::select(cases::catalogue(), include, exclude), !options.tester.as_server);
  if (deflate_quick) selected = cases::deflate_quick_tier(std::move(selected));
  if (deflate_level) options.tester.deflate_level = *deflate_level;
  if (selected.empty()) {
    err << "wsconform run: no case matches the selection\n";
    return 2;
  }

  const bool tty = isatty(STDOUT_FILENO) != 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t failures_so_far = 0;
  options.jobs = jobs;
  options.repeat = repeat;
  // On a terminal the line also shows the long cases in flight (12.x/13.x: messages sent).
  std::mutex line_mutex;
  std::map<std::string, std::pair<std::size_t, std::size_t>> in_flight;
  std::size_t cases_done = 0, cases_total = selected.size();
  const auto print_line = [&] {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double eta = cases_done ? elapsed / static_cast<double>(cases_done) * static_cast<double>(cases_total - cases_done) : 0;
    std::string running;
    for (const auto& [id, n] : in_flight) running += ", " + id + " " + std::to_string(n.first) + "/" + std::to_string(n.second) + " messages";
    std::fprintf(stdout, "\r%zu/%zu cases, %zu failed, %.1f s elapsed, ~%.1f s left%s   ", cases_done, cases_total, failures_so_far, elapsed,
                 eta, running.c_str());
    std::fflush(stdout);
  };
  if (tty && !quiet)
    options.tester.on_messages = [&](const std::string& id, std::size_t sent, std::size_t of) {
      const std::lock_guard<std::mutex> lock(line_mutex);
      if (sent < of) in_flight[id] = {sent, of};
      else in_flight.erase(id);
      print_line();
    };
  options.progress = [&](const conformance::CaseResult& r, std::size_t done, std::size_t total) {
    const std::lock_guard<std::mutex> lock(line_mutex);
    if (r.autobahn.behavior == cases::Behavior::failed || r.autobahn.behavior_close == cases::CloseBehavior::failed) ++failures_so_far;
    if (quiet) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (tty) {
      cases_done = done, cases_total = total;
      in_flight.erase(r.c->id);
      print_line();
    } else if (done % 100 == 0 || done == total) {
      out << done << "/" << total << " cases, " << failures_so_far << " failed, " << elapsed << " s\n";
    }
  };
  const auto results = conformance::run_cases(selected, factory, options);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (tty && !quiet) out << '\n';

  if (const std::string e = report::write_report_tree(out_dir, results, junit); !e.empty()) {
    err << "wsconform run: " << e << '\n';
    return 1;
  }
  const bool target_ended = started && finish_target(*started, out_dir, "wsconform run", err);

  // Summary: counts, then every case that is not plainly OK, with both readings.
  std::map<std::string, int> by_behavior, by_close;
  int divergences = 0;
  bool failing = false;
  const auto fails = [&](auto verdict) { return std::find(fail_on.begin(), fail_on.end(), to_string(verdict)) != fail_on.end(); };
  for (const auto& r : results) {
    ++by_behavior[std::string(to_string(r.autobahn.behavior))];
    ++by_close[std::string(to_string(r.autobahn.behavior_close))];
    if (judge::diverges(r.autobahn, r.model)) ++divergences;
    if (fails(r.autobahn.behavior) || fails(r.autobahn.behavior_close)) failing = true;
  }
  out << "\n" << results.size() << " cases against " << results.front().run.agent << " in " << wall << " s (" << jobs
      << " jobs)\n  behavior:";
  for (const auto& [k, n] : by_behavior) out << "  " << k << " " << n;
  out << "\n  close:   ";
  for (const auto& [k, n] : by_close) out << "  " << k << " " << n;
  out << "\n  model reading differs from Autobahn's verdict in " << divergences << " case(s)\n";
  bool header = false;
  std::size_t id_width = 9;  // the CASE column: as wide as the longest id shown (at most 40)
  std::map<std::string, std::pair<int, std::string>> unimplemented_groups;  // group -> count, first reason
  // A row for each case not plainly OK; UNIMPLEMENTED ones are counted by group instead.
  const auto plainly_ok = [](const conformance::CaseResult& r) {
    return r.autobahn.behavior == cases::Behavior::ok && r.autobahn.behavior_close == cases::CloseBehavior::ok && r.model.behavior == cases::Behavior::ok;
  };
  for (const auto& r : results) {
    if (plainly_ok(r)) continue;
    if (r.autobahn.behavior == cases::Behavior::unimplemented) {
      auto& [n, why] = unimplemented_groups[r.c->id.substr(0, r.c->id.find('.')) + ".*"];
      if (n++ == 0) why = r.run.result;
      continue;
    }
    if (!header) {
      for (const auto& x : results)
        if (!plainly_ok(x) && x.autobahn.behavior != cases::Behavior::unimplemented) id_width = std::max(id_width, std::min<std::size_t>(x.c->id.size(), 40));
      out << "\n  " << std::string("CASE").append(id_width - 3, ' ') << "BEHAVIOR       CLOSE            MODEL          WHY\n";
      header = true;
    }
    std::string why = r.autobahn.behavior != cases::Behavior::ok ? r.autobahn.result : r.autobahn.result_close;
    for (const auto& f : r.model.findings)
      if (f.grade != model::Grade::strict) {
        why += "  [" + f.rule + " " + model::section_ref(f.rule, f.section) + ": " + f.detail + "]";
        break;
      }
    char line[160];
    std::snprintf(line, sizeof line, "  %-*s %-14s %-16s %-14s ", static_cast<int>(id_width), r.c->id.c_str(), to_string(r.autobahn.behavior).data(),
                  to_string(r.autobahn.behavior_close).data(), to_string(r.model.behavior).data());
    out << line << why << '\n';
  }
  if (repeat > 1) {
    std::size_t flipped = 0;
    for (const auto& r : results) {
      if (!r.autobahn_flipped() && !r.model_flipped()) continue;
      if (flipped++ == 0) out << "\n  verdicts that differed between the " << repeat << " runs (Autobahn | model):\n";
      out << "  " << r.c->id << ":";
      for (const auto& v : r.repeats) out << "  " << v.behavior << "/" << v.behavior_close << " | " << v.model_behavior;
      out << (r.autobahn_flipped() ? "  [Autobahn column]" : "") << (r.model_flipped() ? "  [model column]" : "") << '\n';
    }
    out << "\n  " << flipped << " of " << results.size() << " cases changed verdict across " << repeat << " runs\n";
  }
  std::size_t rerun = 0, changed_alone = 0;
  for (const auto& r : results)
    if (r.parallel) {
      ++rerun;
      if (*r.parallel != r.verdicts()) ++changed_alone;
    }
  if (rerun)
    out << "  " << rerun << " case(s) not OK beside others were run again alone; " << changed_alone
        << " of them differ alone (the alone verdict is reported; the parallel one is in the case JSON)\n";
  for (const auto& [group, counted] : unimplemented_groups)
    out << "  " << group << ": " << counted.first << " case(s) UNIMPLEMENTED: " << counted.second << "\n";
  out << "\nreports: " << out_dir << "/index.html (open it in a browser), index.json and a JSON and HTML page per case, junit.xml\n";
  return failing || target_ended ? 1 : 0;
}

int cases_command(Args args, std::ostream& out, std::ostream& err) {
  bool json = false;
  std::vector<std::string> include{"*"}, exclude;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") json = true;
    else if (args[i] == "--cases" && i + 1 < args.size()) include = split_list(args[++i]);
    else if (args[i] == "--exclude-cases" && i + 1 < args.size()) exclude = split_list(args[++i]);
    else {
      err << "usage: wsconform cases [--json] [--cases P,...] [--exclude-cases P,...]\n";
      return 2;
    }
  }
  const auto selected = cases::select(cases::catalogue(), include, exclude);
  if (json) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto* c : selected) {
      nlohmann::ordered_json rules = nlohmann::ordered_json::array();
      for (auto r : c->rules) rules.push_back(r.value);
      a.push_back({{"id", c->id}, {"description", c->description}, {"expectation", c->expectation}, {"rules", rules}});
    }
    out << a.dump(2) << '\n';
    return 0;
  }
  for (const auto* c : selected) {
    out << c->id << "  " << c->description << "\n          expect: " << c->expectation << "\n          rules:";
    for (auto r : c->rules) out << ' ' << r.value;
    out << '\n';
  }
  out << selected.size() << " cases\n";
  return 0;
}

}  // namespace wsconform::cli
