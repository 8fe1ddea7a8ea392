// `wsconform echoserver [--host H] [--port P] [--max-seconds S]`: impl/ as an echo server.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/tls_flags.hpp"
#include "net/echo_server.hpp"

namespace wsconform::cli {

int echoserver_command(Args args, std::ostream& out, std::ostream& err) {
  net::EchoServerOptions o;
  net::TlsServerOptions tls;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool has = i + 1 < args.size();
    if (take_tls_server_flag(args, i, tls)) continue;
    if (args[i] == "--port" && has) o.port = static_cast<std::uint16_t>(std::atoi(std::string(args[++i]).c_str()));
    else if (args[i] == "--host" && has) o.host = args[++i];
    else if (args[i] == "--max-seconds" && has) o.max_seconds = std::atof(std::string(args[++i]).c_str());
    else {
      err << "usage: wsconform echoserver [--host 127.0.0.1] [--port 9001 (0: any free port)] [--max-seconds S]\n"
             "                            [--key FILE --cert FILE]\n"
          << kTlsServerUsage;
      return 2;
    }
  }
  if (!finish_tls_server_flags(tls, o.tls, "wsconform echoserver", err)) return 2;
  std::string error;
  const int rc = net::run_echo_server(o, [&](std::uint16_t port) {
    out << "wsconform echoserver listening on " << (o.tls ? "wss://" : "ws://") << o.host << ":" << port << "/" << std::endl;
  }, error);
  if (rc != 0) err << "wsconform echoserver: " << error << '\n';
  return rc;
}

}  // namespace wsconform::cli
