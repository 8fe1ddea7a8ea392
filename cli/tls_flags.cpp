#include "cli/tls_flags.hpp"

namespace wsconform::cli {

bool take_tls_client_flag(Args args, std::size_t& i, net::TlsClientOptions& tls) {
  if (args[i] == "--insecure") {
    tls.insecure = true;
    return true;
  }
  if (args[i] == "--ca-file" && i + 1 < args.size()) {
    tls.ca_file = args[++i];
    return true;
  }
  return false;
}

bool take_tls_server_flag(Args args, std::size_t& i, net::TlsServerOptions& tls) {
  if (i + 1 >= args.size()) return false;
  if (args[i] == "--key") tls.key_file = args[++i];
  else if (args[i] == "--cert") tls.cert_file = args[++i];
  else return false;
  return true;
}

bool finish_tls_server_flags(const net::TlsServerOptions& given, std::optional<net::TlsServerOptions>& tls, const char* command,
                             std::ostream& err) {
  if (given.key_file.empty() && given.cert_file.empty()) return true;
  if (given.key_file.empty() || given.cert_file.empty()) {
    err << command << ": wss:// needs both --key FILE and --cert FILE\n";
    return false;
  }
  tls = given;
  return true;
}

}  // namespace wsconform::cli
