// The TLS flags the commands share: --ca-file/--insecure where wsconform connects to a wss://
// server, --key/--cert where it serves wss:// itself.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "cli/commands.hpp"
#include "net/tls.hpp"

namespace wsconform::cli {

inline constexpr const char* kTlsClientUsage =
    "  --ca-file FILE             wss://: trust the certificates in FILE (PEM) instead of the system's\n"
    "  --insecure                 wss://: check no certificate (a self-signed test server)\n";
inline constexpr const char* kTlsServerUsage =
    "  --key FILE --cert FILE     serve wss:// (TLS) with this PEM key and certificate\n";

// Takes --ca-file FILE or --insecure at args[i] (moving i past its value); false when args[i]
// is neither.
bool take_tls_client_flag(Args args, std::size_t& i, net::TlsClientOptions& tls);

// Takes --key FILE or --cert FILE at args[i]; false when args[i] is neither.
bool take_tls_server_flag(Args args, std::size_t& i, net::TlsServerOptions& tls);

// The server options when both or neither were given (nothing means ws://); otherwise an
// error message on `err` and false.
bool finish_tls_server_flags(const net::TlsServerOptions& given, std::optional<net::TlsServerOptions>& tls, const char* command,
                             std::ostream& err);

}  // namespace wsconform::cli
