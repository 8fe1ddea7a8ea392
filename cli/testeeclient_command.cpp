// `wsconform testeeclient --url ws://127.0.0.1:9001 [--agent NAME]`: impl/ as the client a fuzzing
// server tests (Autobahn's, or `wsconform fuzzingserver`): every case's messages echoed back,
// then the server asked to write its reports. Exit status 0 when every case ran and the reports
// were updated, 1 otherwise.
#include "cli/commands.hpp"
#include "cli/tls_flags.hpp"
#include "net/testee_client.hpp"

namespace wsconform::cli {

int testeeclient_command(Args args, std::ostream& out, std::ostream& err) {
  net::TesteeClientOptions o;
  std::string url = "ws://127.0.0.1:9001";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool has = i + 1 < args.size();
    if (take_tls_client_flag(args, i, o.tls)) continue;
    if ((args[i] == "--url" || args[i] == "-w") && has) url = args[++i];
    else if (args[i] == "--agent" && has) o.agent = args[++i];
    else {
      err << "usage: wsconform testeeclient [--url ws[s]://127.0.0.1:9001] [--agent wsconform-testeeclient]\n"
             "                              [--ca-file FILE] [--insecure]\n"
          << kTlsClientUsage;
      return 2;
    }
  }
  if (const std::string e = net::parse_ws_url(url, o.server); !e.empty()) {
    err << "wsconform testeeclient: " << e << '\n';
    return 2;
  }
  const auto s = net::run_testee_client(o, [&](std::string_view line) { out << line << std::endl; });
  for (const auto& e : s.errors) err << "wsconform testeeclient: " << e << '\n';
  out << s.cases_run << "/" << s.case_count << " cases ran" << (s.reports_updated ? ", reports updated" : "") << '\n';
  return s.errors.empty() && s.case_count > 0 ? 0 : 1;
}

}  // namespace wsconform::cli
