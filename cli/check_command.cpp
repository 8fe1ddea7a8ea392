// `wsconform check` and `wsconform replay`: generated traffic against a target, every
// connection read by the model; a finding shrunk and written as a case file that `replay` runs
// again and `explain` explains.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>

#include "model/frame.hpp"

#include "check/case_file.hpp"
#include "check/checker.hpp"
#include "cli/check_commands.hpp"
#include "cli/start_option.hpp"
#include "cli/target_choice.hpp"
#include "cli/tls_flags.hpp"
#include "net/started_process.hpp"

namespace wsconform::cli {
namespace {

constexpr const char* kCheckUsage =
    "usage: wsconform check [--target impl|impl-client|model|ws[s]://HOST:PORT/PATH] [--start 'COMMAND ... {port}']\n"
    "                       [--runs N] [--seed S] [--max-seconds S] [--shrink-seconds S] [--jobs N]\n"
    "                       [--max-size N] [--settle S] [--out DIR] [--agent NAME] [--max-message-size N]\n"
    "  Generated traffic (messages fragmented anywhere with control frames between fragments, UTF-8\n"
    "  valid or broken anywhere, Pings, Pongs, Closes with any code and reason, frames with any header,\n"
    "  chops of any size, TCP closes), one connection per program, every connection read by the model.\n"
    "  The first finding is shrunk to the fewest steps that still break the same rule and written to\n"
    "  DIR/check-SEED-RUN.json (default DIR: reports/check): `wsconform replay FILE` runs it again,\n"
    "  `wsconform explain FILE` explains it. Exit status 1 on a finding, 0 without, 2 on a usage or\n"
    "  connection error.\n"
    "  --runs N            connections at most (default 1000)\n"
    "  --seed S            run K draws its program from (S, K) alone (default: a fresh seed, printed)\n"
    "  --max-seconds S     stop drawing after S seconds (default 60); shrinking has --shrink-seconds (60)\n"
    "  --jobs N            connections at once (default 1 in process, 4 over a network)\n"
    "  --max-size N        programs grow to N verbs (RapidCheck's size, default 30)\n"
    "  --strict            a lenient reading is a finding too (allowed by the RFC, not the strict\n"
    "                      reading: a reserved close code taken, a non-minimal length accepted, ...)\n"
    "  --settle S          seconds the target has to answer the last step (default 1 virtual second in\n"
    "                      process, 0.2 real seconds over a network)\n";

constexpr const char* kReplayUsage =
    "usage: wsconform replay FILE [--target impl|impl-client|model|ws[s]://HOST:PORT/PATH] [--start 'COMMAND ... {port}']\n"
    "                             [--settle S] [--strict]\n"
    "  Runs a check case file's steps once against the target (default: the one the file names) and\n"
    "  prints the model's findings. Exit status 1 if the target broke a rule, 0 if not, 2 on errors.\n";

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The options `check` and `replay` share.
struct TargetFlags {
  std::string target = "impl";
  bool target_given = false;
  std::optional<std::string> start;
  double start_timeout = 10;
  std::string agent;
  std::optional<std::uint64_t> max_message_size;
  std::optional<double> settle;
  net::TlsClientOptions tls;
  bool strict = false;
  // Takes the flag at args[i]; false when it is none of these.
  bool take(Args args, std::size_t& i) {
    if (take_tls_client_flag(args, i, tls)) return true;
    const auto a = args[i];
    if (a == "--strict") return strict = true;
    if (i + 1 >= args.size()) return false;
    const std::string v(args[i + 1]);
    if (a == "--target") target = v, target_given = true;
    else if (a == "--start") start = v;
    else if (a == "--start-timeout") start_timeout = std::atof(v.c_str());
    else if (a == "--agent") agent = v;
    else if (a == "--max-message-size") max_message_size = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--settle") settle = std::atof(v.c_str());
    else return false;
    ++i;
    return true;
  }
};

// The target the flags name, started first with --start; nothing (and why on `err`) if it cannot be.
std::optional<TargetChoice> open_target(TargetFlags& f, std::optional<StartedTarget>& started, const char* who, std::ostream& out,
                                        std::ostream& err) {
  if (f.start) {
    if (!f.target_given) f.target = "ws://127.0.0.1:{port}/";
    started = start_target(*f.start, f.start_timeout, who, err);
    if (!started) return std::nullopt;
    f.target = net::with_port(f.target, started->port);
    out << "started '" << started->command << "'; it accepts on 127.0.0.1:" << started->port << '\n';
  }
  TargetChoice c = choose_target(f.target, f.agent, f.tls, f.max_message_size);
  if (!c.error.empty()) {
    err << who << ": " << c.error << '\n';
    return std::nullopt;
  }
  return c;
}

check::ConnectionOptions connection_options(const TargetChoice& c, const TargetFlags& f) {
  check::ConnectionOptions o;
  apply_to(c, o.tester);
  o.settle_seconds = f.settle.value_or(c.network ? 0.2 : 1.0);
  o.lenient_is_finding = f.strict;
  return o;
}

void print_steps(const std::vector<check::Step>& steps, std::ostream& out) {
  for (std::size_t i = 0; i < steps.size(); ++i) out << "  " << i + 1 << ". " << steps[i].what << '\n';
}


// A check case file read and run once against the target the flags name (by default the one the
// file names): what replay and explain share. Nothing (and why on `err`) if it cannot be.
struct Replayed {
  check::CaseFile file;
  check::ConnectionResult result;
};
std::optional<Replayed> replay_case_file(const std::string& path, const std::string& text, TargetFlags& flags, bool keep_allowed,
                                         const char* who, std::ostream& out, std::ostream& err) {
  auto reading = check::read_case_file(text);
  if (!reading.file) {
    err << who << ": " << path << ": " << reading.error << '\n';
    return std::nullopt;
  }
  const auto& cf = *reading.file;
  if (!flags.target_given && !flags.start) {
    if (cf.target.find("{port}") != std::string::npos) {
      err << who << ": the file's target was started with --start: give --start or --target\n";
      return std::nullopt;
    }
    flags.target = cf.target;
  }
  std::optional<StartedTarget> started;
  const auto choice = open_target(flags, started, who, out, err);
  if (!choice) return std::nullopt;
  auto options = connection_options(*choice, flags);
  options.keep_allowed = keep_allowed;
  if (cf.finding && cf.finding->grade == model::Grade::lenient) options.lenient_is_finding = true;  // it replays as found
  if ((options.tester.as_server ? model::Role::client : model::Role::server) != cf.role) {
    err << who << ": the file's steps are for a " << model::to_string(cf.role) << ", the target is not one\n";
    return std::nullopt;
  }
  const auto target = choice->make();
  if (const auto e = target->error(); !e.empty()) {
    err << who << ": " << e << '\n';
    return std::nullopt;
  }
  auto result = check::run_connection(cf.steps, *target, options);
  if (started) finish_target(*started, ".", who, err);
  return Replayed{std::move(*reading.file), std::move(result)};
}

}  // namespace

void print_finding(const check::Finding& f, std::ostream& out) {
  out << "  " << f.rule << (f.grade == model::Grade::lenient ? " (lenient)" : "") << " (" << f.section << "): " << f.detail << '\n';
  if (!f.cites.empty()) out << "  RFC: \"" << f.cites << "\"\n";
}

int check_command(Args args, std::ostream& out, std::ostream& err) {
  TargetFlags flags;
  check::CheckOptions options;
  std::optional<unsigned> jobs;
  std::optional<std::uint64_t> seed;
  std::string out_dir = "reports/check";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (flags.take(args, i)) continue;
    const auto a = args[i];
    if (a == "--help" || a == "-h") {
      out << kCheckUsage << kTlsClientUsage;
      return 0;
    }

    if (i + 1 >= args.size()) {
      err << "wsconform check: unknown or incomplete option '" << a << "'\n" << kCheckUsage;
      return 2;
    }
    const std::string v(args[++i]);
    if (a == "--runs") options.runs = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--max-seconds") options.max_seconds = std::atof(v.c_str());
    else if (a == "--shrink-seconds") options.shrink_seconds = std::atof(v.c_str());
    else if (a == "--jobs") jobs = static_cast<unsigned>(std::max(1, std::atoi(v.c_str())));
    else if (a == "--max-size") options.max_size = std::max(0, std::atoi(v.c_str()));
    else if (a == "--out") out_dir = v;
    else {
      err << "wsconform check: unknown option '" << a << "'\n" << kCheckUsage;
      return 2;
    }
  }
  std::optional<StartedTarget> started;
  const auto choice = open_target(flags, started, "wsconform check", out, err);
  if (!choice) return 2;
  options.seed = seed.value_or(std::random_device{}());
  options.jobs = jobs.value_or(choice->network ? 4 : 1);
  options.connection = connection_options(*choice, flags);
  std::mutex print;
  options.progress = [&](std::uint64_t n) {
    if (n % 1000 != 0) return;
    const std::lock_guard<std::mutex> lock(print);
    out << "  " << n << " connections, no finding\n" << std::flush;
  };
  options.shrink_progress = [&](const std::string& line) {
    const std::lock_guard<std::mutex> lock(print);
    out << "  " << line << '\n' << std::flush;
  };
  out << "checking " << flags.target << " (" << model::to_string(check::target_role(options)) << "): up to " << options.runs
      << " connections, seed " << options.seed << ", " << options.jobs << " at once\n" << std::flush;
  const auto result = check::run_check(choice->make, options);
  const bool target_ended = started && finish_target(*started, out_dir, "wsconform check", err);
  if (!result.error.empty()) {
    err << "wsconform check: " << result.error << '\n';
    return 2;
  }
  if (!result.counterexample) {
    out << result.runs << " connections in " << result.seconds << " s: no finding (seed " << options.seed << ")\n";
    return target_ended ? 1 : 0;
  }
  const auto& cx = *result.counterexample;
  out << "\nFinding in connection " << cx.run + 1 << " of seed " << cx.seed << " (" << result.runs << " connections run), "
      << cx.drawn.size() << " step(s) as drawn; shrunk in " << cx.shrink_tries << " tries, " << cx.shrink_seconds << " s"
      << (cx.shrink_complete ? "" : " (stopped by --shrink-seconds: smaller may exist)") << " to " << cx.shrunk.size() << ":\n";
  print_steps(cx.shrunk, out);
  out << "The target broke:\n";
  print_finding(cx.finding, out);
  out << "Replayed once more: " << (cx.replays ? "the same rule broken again" : "NOT broken again (the finding may depend on timing)") << '\n';
  std::filesystem::create_directories(out_dir);
  const std::string file = out_dir + "/check-" + std::to_string(cx.seed) + "-" + std::to_string(cx.run) + ".json";
  check::CaseFile cf{flags.start ? "ws://127.0.0.1:{port}/" : flags.target, check::target_role(options), cx.seed, cx.run, cx.drawn.size(),
                     cx.finding, cx.shrunk};
  std::ofstream(file) << check::write_case_file(cf);
  out << "Case file: " << file << "\n  wsconform replay " << file << (flags.start ? " --start '" + *flags.start + "'" : "")
      << "\n  wsconform explain " << file << (flags.start ? " --start '" + *flags.start + "'" : "") << '\n';
  return 1;
}

int replay_command(Args args, std::ostream& out, std::ostream& err) {
  TargetFlags flags;
  std::string path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (flags.take(args, i)) continue;
    if (args[i] == "--help" || args[i] == "-h") {
      out << kReplayUsage;
      return 0;
    }
    if (path.empty() && !args[i].starts_with("-")) path = args[i];
    else {
      err << "wsconform replay: unknown or incomplete option '" << args[i] << "'\n" << kReplayUsage;
      return 2;
    }
  }
  const auto text = path.empty() ? std::nullopt : read_text(path);
  if (!text) {
    err << "wsconform replay: cannot read '" << path << "'\n" << kReplayUsage;
    return 2;
  }
  const auto replayed = replay_case_file(path, *text, flags, false, "wsconform replay", out, err);
  if (!replayed) return 2;
  const auto& [cf, r] = *replayed;
  out << "Replayed " << cf.steps.size() << " step(s) against " << flags.target << ":\n";
  print_steps(cf.steps, out);
  if (!r.finding) {
    out << "The target stayed inside what the model allows.\n";
    if (cf.finding) out << "(The file recorded " << cf.finding->rule << ": not broken this time.)\n";
    return 0;
  }
  out << "The target broke:\n";
  print_finding(*r.finding, out);
  if (cf.finding) out << (cf.finding->rule == r.finding->rule ? "The same rule as the file records.\n" : "The file recorded " + cf.finding->rule + ".\n");
  return 1;
}

namespace {

std::string hex_head(const check::Bytes& b, std::size_t length) {
  std::string s;
  char x[4];
  for (std::size_t i = 0; i < b.size() && i < 24; ++i) std::snprintf(x, sizeof x, " %02x", b[i]), s += x;
  if (length > std::min<std::size_t>(b.size(), 24)) s += " ...";
  return s;
}

void print_wire(const runner::CaseRun& run, std::ostream& out) {
  using K = runner::WireEntry::Kind;
  for (const auto& e : run.wirelog) {
    char t[32];
    std::snprintf(t, sizeof t, "  %8.4f  ", e.time);
    switch (e.kind) {
      case K::tx_octets: out << t << "tester writes " << e.length << " octets:" << hex_head(e.octets, e.length) << '\n'; break;
      case K::rx_octets: out << t << "target writes " << e.length << " octets:" << hex_head(e.octets, e.length) << '\n'; break;
      case K::tx_frame:
      case K::rx_frame:
        out << t << (e.kind == K::tx_frame ? "tester sends " : "target sends ") << model::name_of(static_cast<model::opcode>(e.opcode))
            << " FIN=" << e.fin << " RSV=" << int(e.rsv) << (e.masked ? " masked" : "") << ", " << e.length
            << " octets of payload:" << hex_head(e.octets, e.length) << '\n';
        break;
      case K::close_timer_fired: out << t << "the tester's close timer fires\n"; break;
      case K::kill_fired: out << t << "the tester's kill timer fires\n"; break;
      default: break;
    }
  }
  for (const auto& step : run.trace)
    if (step.kind == runner::TraceStep::Kind::target_closed) out << "  the target closed TCP\n";
  if (run.dropped_by_me) out << "  the tester closed TCP\n";
}

}  // namespace

int explain_case_file(const std::string& path, const std::string& text, Args args, std::ostream& out, std::ostream& err) {
  TargetFlags flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (flags.take(args, i)) continue;
    if (args[i] != path) {
      err << "wsconform explain: unknown or incomplete option '" << args[i] << "' (a check case file takes the options of replay)\n";
      return 2;
    }
  }
  const auto replayed = replay_case_file(path, text, flags, true, "wsconform explain", out, err);
  if (!replayed) return 2;
  const auto& [cf, r] = *replayed;
  out << "Check case " << path << ": found against " << cf.target << " (a " << model::to_string(cf.role) << "), seed " << cf.seed << " run "
      << cf.run << ", shrunk from " << cf.steps_drawn << " step(s) to " << cf.steps.size() << ":\n";
  print_steps(cf.steps, out);
  out << "\nReplayed against " << flags.target << "; the wire:\n";
  print_wire(r.run, out);
  out << "\nThe model's reading:\n";
  for (const auto& f : r.verdict.findings)
    out << "  " << (f.grade == model::Grade::violation ? "VIOLATION" : std::string(model::to_string(f.grade))) << " " << f.rule << ": " << f.detail << '\n';
  if (r.verdict.findings.empty()) out << "  nothing to note\n";
  if (!r.finding) {
    out << "\nThe target stayed inside what the model allows" << (cf.finding ? " (the file recorded " + cf.finding->rule + ")" : "") << ".\n";
    return 0;
  }
  const auto rule = model::find_rule(r.finding->rule);
  out << "\nFirst disagreement: " << r.finding->rule;
  if (rule) out << " (" << model::cite(*rule) << ", " << model::to_string(rule->level) << ")\n  " << rule->statement;
  out << "\n  RFC: \"" << r.finding->cites << "\"\n  What the target did: " << r.finding->detail << '\n';
  if (!r.allowed_at_first_violation.empty()) {
    out << "  What the model allowed at that point:\n";
    for (const auto& b : r.allowed_at_first_violation) {
      out << "    - " << b.summary << " [" << model::to_string(b.grade);
      for (auto id : b.rules) out << ' ' << id.value;
      out << "]\n";
    }
  }
  return 1;
}

}  // namespace wsconform::cli
