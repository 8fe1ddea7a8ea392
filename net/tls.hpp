// TLS (wss://) over OpenSSL, behind the Stream seam: a client context (the tester against a
// wss:// server, the testee client) and a server context (the echo server and the fuzzing server
// with a key and a certificate). Nothing above net/ knows whether a stream is TLS.
#pragma once

#include <memory>
#include <string>

#include "net/stream.hpp"

struct ssl_ctx_st;

namespace wsconform::net {

struct TlsClientOptions {
  std::string ca_file;    // trust these certificates (PEM); empty: the system's store
  bool insecure = false;  // verify nothing (a self-signed test server): says so in the output
};

class TlsClient {
 public:
  // Nothing, with `error` set, when the CA file cannot be read.
  static std::shared_ptr<const TlsClient> make(const TlsClientOptions& options, std::string& error);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // The TLS handshake over a connected socket, bounded by `timeout_seconds`; the certificate must
  // name `host` (a DNS name or an IP address) unless insecure. Takes the socket; on failure it
  // is closed and `error` says why ("TLS handshake with 127.0.0.1:9443 failed: certificate
  // verify failed: self-signed certificate").
  std::unique_ptr<Stream> connect(int fd, const std::string& host, std::uint16_t port, double timeout_seconds,
                                  std::string& error) const;
  bool insecure() const { return insecure_; }

 private:
  TlsClient(ssl_ctx_st* ctx, bool insecure) : ctx_(ctx), insecure_(insecure) {}
  ssl_ctx_st* ctx_;
  bool insecure_;
};

struct TlsServerOptions {
  std::string key_file;   // PEM private key
  std::string cert_file;  // PEM certificate (chain)
};

class TlsServer {
 public:
  // Nothing, with `error` set, when the key or certificate cannot be read or do not match.
  static std::shared_ptr<const TlsServer> make(const TlsServerOptions& options, std::string& error);
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  // Takes an accepted socket; the handshake runs as the stream is read and written
  // (non-blocking), so one slow client holds up nobody. A failed handshake is a failed read.
  // Nothing (the socket closed) only when OpenSSL cannot allocate.
  std::unique_ptr<Stream> accept(int fd) const;

 private:
  explicit TlsServer(ssl_ctx_st* ctx) : ctx_(ctx) {}
  ssl_ctx_st* ctx_;
};

}  // namespace wsconform::net
