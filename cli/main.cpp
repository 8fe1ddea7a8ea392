// wsconform: RFC 6455 conformance harness. This file only dispatches to subcommands.
#include <csignal>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#ifdef WSCONFORM_HAVE_CHECK
#include "cli/check_commands.hpp"
#endif

namespace {

void usage(std::ostream& os) {
  os << "usage: wsconform <command> [options]\n\n"
        "commands:\n"
        "  run [options]         run the conformance catalogue against a target (default: impl/)\n"
        "                        and write Autobahn-compatible reports; `wsconform run --help`\n"
        "  cases [--json]        list the catalogue: ids, descriptions, expectations, rules\n"
        "  diff OLD NEW [--json] compare two report folders (ours or Autobahn's): regressions,\n"
        "                        improvements, new and missing cases; exit 1 on a regression\n"
        "  rules [--json]        list the model's rules: id, RFC section, level, role, statement\n"
        "  rules --coverage [--sentences] [--json]  RFC 6455's 197 normative sentences by section:\n"
        "                        which the rules model, and why the others cannot be seen on the wire\n"
        "  boundaries [--json]   every numeric rule's decision points (close codes, lengths, code\n"
        "                        points), enumerated by Z3 from the model's own rules\n"
        "  selfcheck [--out DIR] check the model against the RFC's examples and canonical traces;\n"
        "                        with --out, write selfcheck.json and rules.json there\n"
        "  explain FILE [--html OUT]  replay a fuzz input or counterexample through impl and the\n"
        "                        model: the stream frame by frame, impl's actions, the first rule it\n"
        "                        broke with its RFC text, and what the model allowed there\n"
        "  check [--target T] [--runs N] [--seed S]  generated traffic against a target, every\n"
        "                        connection read by the model; a finding is shrunk and written as a\n"
        "                        case file; `wsconform check --help`\n"
        "  replay FILE [--target T]  run a check case file again; `explain FILE` explains it\n"
        "  fuzzingclient --spec FILE  Autobahn's fuzzingclient mode with its spec file unchanged:\n"
        "                        test every server listed, write the reports to its outdir\n"
        "  fuzzingserver --spec FILE  Autobahn's fuzzingserver mode and URL protocol: test the\n"
        "                        clients that connect (/getCaseCount, /runCase, /updateReports...)\n"
        "  echoserver [--port P] impl/ behind real sockets on 127.0.0.1, echoing every message\n"
        "  testeeclient --url U  impl/ as a client behind real sockets: run every case a fuzzing\n"
        "                        server offers, echoing, then ask it to write its reports\n"
        "  seeds [--out DIR]     write the fuzzers' seed corpora from the catalogue's transcripts\n"
        "  help                  this text\n";
}

}  // namespace

int main(int argc, char** argv) {
  // Peers go away mid-write; a write error is a value the caller reads (TLS writes through
  // OpenSSL, which cannot pass MSG_NOSIGNAL), never a signal that ends the run.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(std::cerr);
    return 2;
  }
  const std::string_view command = args.front();
  const wsconform::cli::Args rest(args.data() + 1, args.size() - 1);
  if (command == "run") return wsconform::cli::run_command(rest, std::cout, std::cerr);
  if (command == "fuzzingclient") return wsconform::cli::fuzzingclient_command(rest, std::cout, std::cerr);
  if (command == "fuzzingserver") return wsconform::cli::fuzzingserver_command(rest, std::cout, std::cerr);
  if (command == "testeeclient") return wsconform::cli::testeeclient_command(rest, std::cout, std::cerr);
  if (command == "echoserver") return wsconform::cli::echoserver_command(rest, std::cout, std::cerr);
  if (command == "check" || command == "replay") {
#ifdef WSCONFORM_HAVE_CHECK
    return (command == "check" ? wsconform::cli::check_command : wsconform::cli::replay_command)(rest, std::cout, std::cerr);
#else
    std::cerr << "wsconform " << command << ": this build has no RapidCheck (install librapidcheck-dev and build again)\n";
    return 2;
#endif
  }
  if (command == "explain") return wsconform::cli::explain_command(rest, std::cout, std::cerr);
  if (command == "seeds") return wsconform::cli::seeds_command(rest, std::cout, std::cerr);
  if (command == "boundaries") return wsconform::cli::boundaries_command(rest, std::cout, std::cerr);
  if (command == "diff") return wsconform::cli::diff_command(rest, std::cout, std::cerr);
  if (command == "cases") return wsconform::cli::cases_command(rest, std::cout, std::cerr);
  if (command == "rules") return wsconform::cli::rules_command(rest, std::cout, std::cerr);
  if (command == "selfcheck") return wsconform::cli::selfcheck_command(rest, std::cout, std::cerr);
  if (command == "help" || command == "--help" || command == "-h") {
    usage(std::cout);
    return 0;
  }
  std::cerr << "wsconform: unknown command '" << command << "'\n\n";
  usage(std::cerr);
  return 2;
}
