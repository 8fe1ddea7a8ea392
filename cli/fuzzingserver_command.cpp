// `wsconform fuzzingserver --spec FILE`: Autobahn's fuzzingserver mode, its spec file unchanged -
// wsconform is the server and tests the WebSocket clients that connect with its URL protocol:
//   {"url": "ws://127.0.0.1:9001", "outdir": "./reports/clients", "cases": ["*"],
//    "exclude-cases": [...], "exclude-agent-cases": {...}, "options": {"failByDrop": false}}
// `--url` overrides the spec's (port 0 picks a free port; the line "listening on ws://..."
// says which). Exit status: 0, or 1 when a client FAILED a case, 2 on a bad spec or port.
#include <filesystem>
#include <iostream>

#include "cases/catalogue.hpp"
#include "cli/commands.hpp"
#include "cli/spec_file.hpp"
#include "cli/tls_flags.hpp"
#include "net/started_process.hpp"
#include "fuzzingserver/fuzzing_server.hpp"
#include "net/ws_url.hpp"

namespace wsconform::cli {
namespace {

std::string replace_all(std::string text, std::string_view placeholder, const std::string& value) {
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
  return text;
}

}  // namespace

int fuzzingserver_command(Args args, std::ostream& out, std::ostream& err) {
  constexpr const char* kUsage =
      "usage: wsconform fuzzingserver [--spec fuzzingserver.json] [--url ws://127.0.0.1:9001]\n"
      "                               [--max-seconds S] [--shutdown-on-complete] [--quiet]\n"
      "                               [--max-message-size N]  (the clients' own limit, for rfc.limit.*)\n"
      "                               [--start-client 'COMMAND ... {url}'] [--key FILE --cert FILE]\n"
      "  --start-client: once listening, start the client under test ({url}: ws[s]://HOST:PORT, {port},\n"
      "  {page}: http[s]://HOST:PORT/, the page that runs the testee loop in a browser);\n"
      "  serving stops when it ends; a client that ends with a failure status or a signal is exit status 1\n";
  std::string spec_path = "fuzzingserver.json", url_override;
  fuzzingserver::FuzzingServerOptions o;
  bool quiet = false, spec_given = false;
  std::optional<std::string> start_client;
  std::unique_ptr<net::StartedProcess> client;  // the client under test, once the server listens
  std::string client_command, client_error;
  net::TlsServerOptions tls;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool has = i + 1 < args.size();
    if (take_tls_server_flag(args, i, tls)) continue;
    if ((args[i] == "--spec" || args[i] == "-s") && has) spec_path = args[++i], spec_given = true;
    else if (args[i] == "--url" && has) url_override = args[++i];
    else if (args[i] == "--max-seconds" && has) o.max_seconds = std::atof(std::string(args[++i]).c_str());
    else if (args[i] == "--shutdown-on-complete") o.shutdown_on_complete = true;
    else if (args[i] == "--max-message-size" && has) o.max_message_size = std::strtoull(std::string(args[++i]).c_str(), nullptr, 10);
    else if (args[i] == "--quiet") quiet = true;
    else if (args[i] == "--start-client" && has) start_client = std::string(args[++i]);
    else {
      err << kUsage << kTlsServerUsage;
      return 2;
    }
  }
  std::optional<SpecFile> spec;
  if (!spec_given && !std::filesystem::exists(spec_path)) {
    // As Autobahn without a spec file: every case, ws://127.0.0.1:9001, reports in ./reports/clients.
    out << "no " << spec_path << " here: every case, reports in ./reports/clients\n";
    spec = default_spec("./reports/clients");
  } else {
    spec = read_spec_file(spec_path, SpecKind::fuzzingserver, "./reports/clients", "wsconform fuzzingserver", err,
                          R"({"url": "ws://127.0.0.1:9001", "outdir": "./reports/clients",
 "cases": ["*"], "exclude-cases": ["12.*", "13.*"], "exclude-agent-cases": {}})");
  }
  if (!spec) return 2;
  const std::string url_text = url_override.empty() ? spec->json.value("url", "ws://127.0.0.1:9001") : url_override;
  net::WsUrl url;
  if (const std::string e = net::parse_ws_url(url_text, url, /*allow_port_zero=*/true); !e.empty()) {
    err << "wsconform fuzzingserver: " << e << '\n';
    return 2;
  }
  // wss://: the key and certificate from the command line, else the spec's "key" and "cert".
  if (tls.key_file.empty()) tls.key_file = spec->json.value("key", "");
  if (tls.cert_file.empty()) tls.cert_file = spec->json.value("cert", "");
  if (url.secure) {
    if (tls.key_file.empty() || tls.cert_file.empty()) {
      err << "wsconform fuzzingserver: " << url_text << " needs a key and a certificate (--key FILE --cert FILE, or \"key\" and \"cert\" in the spec)\n";
      return 2;
    }
    o.tls = tls;
  } else if (!tls.key_file.empty() || !tls.cert_file.empty()) {
    err << "wsconform fuzzingserver: warning: key and certificate ignored: " << url_text << " is not wss://\n";
  }
  // Autobahn listens on every interface; here the host of the URL is taken as given (an IPv4
  // address), "localhost" meaning loopback.
  o.host = url.host == "localhost" ? "127.0.0.1" : url.host;
  o.port = url.port;
  o.outdir = spec->outdir;
  o.cases = cases::for_target(cases::select(cases::catalogue(), spec->cases, spec->exclude_cases), /*target_is_server=*/false);
  o.agent_excludes = spec->agent_excludes;
  o.shutdown_on_complete = o.shutdown_on_complete || spec->json.value("shutdownOnComplete", false);
  apply_engine_options(spec->json.value("options", nlohmann::json::object()), o.tester);
  if (o.cases.empty()) {
    err << "wsconform fuzzingserver: no case matches the spec's selection\n";
    return 2;
  }
  if (start_client) o.keep_serving = [&] { return client_error.empty() && (!client || !client->ended()); };
  fuzzingserver::FuzzingServerSummary summary;
  std::string error;
  const bool ok = fuzzingserver::run_fuzzing_server(
      o,
      [&](std::uint16_t port) {
        out << "wsconform fuzzingserver listening on " << (o.tls ? "wss://" : "ws://") << o.host << ":" << port << " with " << o.cases.size()
            << " cases; reports go to " << o.outdir << std::endl;
        if (!start_client) return;
        std::string command = net::with_port(*start_client, port);
        const std::string authority = o.host + ":" + std::to_string(port);
        command = replace_all(std::move(command), "{url}", (o.tls ? "wss://" : "ws://") + authority);
        command = replace_all(std::move(command), "{page}", (o.tls ? "https://" : "http://") + authority + "/");
        client_command = command;
        client = std::make_unique<net::StartedProcess>(command, client_error);
        out << "started the client under test: '" << command << "'" << std::endl;
      },
      [&](std::string_view line) {
        if (!quiet || line.find("updateReports") != std::string_view::npos || line.find("stop") != std::string_view::npos)
          out << line << std::endl;
      },
      summary, error);
  if (!ok) {
    err << "wsconform fuzzingserver: " << error << '\n';
    return 2;
  }
  out << summary.cases_run << " case runs from " << summary.agents.size() << " agent(s), " << summary.failed << " failed\n";
  if (summary.cases_run > 0 && summary.reports_written == 0)
    out << "no client asked for /updateReports: no reports were written\n";
  // The client under test: one still running is stopped; one that failed or crashed is reported.
  bool client_failed = !client_error.empty();
  if (!client_error.empty()) err << "wsconform fuzzingserver: --start-client '" << client_command << "': " << client_error << '\n';
  if (client) {
    const std::optional<std::string> ended = client->ended();
    client->stop();
    if (ended && *ended != "exited with status 0") {
      err << "wsconform fuzzingserver: the client under test ('" << client_command << "') " << *ended << '\n';
      client_failed = true;
    }
  }
  return summary.failed > 0 || client_failed ? 1 : 0;
}

}  // namespace wsconform::cli
