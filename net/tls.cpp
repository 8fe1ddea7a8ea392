#include "net/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>

namespace wsconform::net {
namespace {

// The oldest error on this thread's OpenSSL queue, in words; the queue is emptied.
std::string openssl_error() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "the connection ended during the TLS handshake";
  char text[256];
  ERR_error_string_n(e, text, sizeof text);
  const char* reason = ERR_reason_error_string(e);
  return reason != nullptr ? reason : text;
}

class TlsStream final : public Stream {
 public:
  TlsStream(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ~TlsStream() override {
    if (!shutdown_sent_ && SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);  // close_notify, if the socket takes it now
    ERR_clear_error();
    SSL_free(ssl_);
    close(fd_);
  }

  int fd() const override { return fd_; }
  Io read(std::span<std::uint8_t> into) override {
    ERR_clear_error();
    const int n = SSL_read(ssl_, into.data(), static_cast<int>(std::min<std::size_t>(into.size(), INT_MAX)));
    if (n > 0) return {Io::Status::ok, static_cast<std::size_t>(n)};
    return outcome(n);
  }
  Io write(std::span<const std::uint8_t> octets) override {
    ERR_clear_error();
    const int n = SSL_write(ssl_, octets.data(), static_cast<int>(std::min<std::size_t>(octets.size(), INT_MAX)));
    if (n > 0) return {Io::Status::ok, static_cast<std::size_t>(n)};
    return outcome(n);
  }
  void shutdown_write() override {
    if (!shutdown_sent_ && SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);
    ERR_clear_error();
    shutdown_sent_ = true;
    shutdown(fd_, SHUT_WR);
  }
  bool buffered() const override { return SSL_pending(ssl_) > 0; }
  std::string error() const override { return error_; }
  bool secure() const override { return true; }

 private:
  Io outcome(int n) {
    switch (SSL_get_error(ssl_, n)) {
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        return {Io::Status::would_block, 0};
      case SSL_ERROR_ZERO_RETURN:  // close_notify, or (SSL_OP_IGNORE_UNEXPECTED_EOF) TCP's FIN
        return {Io::Status::closed, 0};
      case SSL_ERROR_SYSCALL:
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return {Io::Status::would_block, 0};
        error_ = errno != 0 ? std::strerror(errno) : "connection closed";
        ERR_clear_error();
        return {Io::Status::closed, 0};
      default:
        error_ = "TLS: " + openssl_error();
        return {Io::Status::failed, 0};
    }
  }

  int fd_;
  SSL* ssl_;
  bool shutdown_sent_ = false;
  std::string error_;
};

SSL_CTX* new_context(const SSL_METHOD* method) {
  SSL_CTX* ctx = SSL_CTX_new(method);
  if (ctx == nullptr) return nullptr;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);  // a peer that closes TCP without close_notify has closed
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return ctx;
}

void make_non_blocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

bool is_ip_address(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

std::shared_ptr<const TlsClient> TlsClient::make(const TlsClientOptions& options, std::string& error) {
  SSL_CTX* ctx = new_context(TLS_client_method());
  if (ctx == nullptr) {
    error = "TLS: " + openssl_error();
    return nullptr;
  }
  std::shared_ptr<const TlsClient> client(new TlsClient(ctx, options.insecure));
  if (options.insecure) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    return client;
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  const int loaded = options.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx)
                                             : SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr);
  if (loaded != 1) {
    error = "cannot read the CA file " + options.ca_file + ": " + openssl_error();
    return nullptr;
  }
  return client;
}

TlsClient::~TlsClient() { SSL_CTX_free(ctx_); }

std::unique_ptr<Stream> TlsClient::connect(int fd, const std::string& host, std::uint16_t port, double timeout_seconds,
                                           std::string& error) const {
  make_non_blocking(fd);
  const std::string where = host + ":" + std::to_string(port);
  SSL* ssl = SSL_new(ctx_);
  if (ssl == nullptr) {
    close(fd);
    error = "TLS with " + where + ": " + openssl_error();
    return nullptr;
  }
  auto stream = std::make_unique<TlsStream>(fd, ssl);  // owns fd and ssl from here on
  if (SSL_set_fd(ssl, fd) != 1) {
    error = "TLS with " + where + ": " + openssl_error();
    return nullptr;
  }
  if (!is_ip_address(host)) SSL_set_tlsext_host_name(ssl, host.c_str());  // SNI names hosts, not addresses
  if (!insecure_) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    const int named = is_ip_address(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                                          : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    if (named != 1) {
      error = "TLS with " + where + ": cannot check the certificate against " + host;
      return nullptr;
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  for (;;) {
    ERR_clear_error();
    const int r = SSL_connect(ssl);
    if (r == 1) return stream;
    const int e = SSL_get_error(ssl, r);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if ((e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) && left > 0) {
      pollfd p{fd, static_cast<short>(e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
      poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)));
      continue;
    }
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
      error = "TLS handshake with " + where + " did not complete within " + std::to_string(timeout_seconds).substr(0, 4) +
              " s (is it a wss:// server?)";
    } else if (SSL_get_verify_result(ssl) != X509_V_OK) {
      error = "TLS handshake with " + where + " failed: certificate verify failed: " +
              X509_verify_cert_error_string(SSL_get_verify_result(ssl)) + " (--ca-file FILE trusts a test certificate, --insecure skips the check)";
    } else {
      error = "TLS handshake with " + where + " failed: " + (e == SSL_ERROR_SYSCALL && errno == 0 ? std::string("the server closed the connection") : openssl_error()) +
              " (is it a wss:// server?)";
    }
    ERR_clear_error();
    return nullptr;
  }
}

std::shared_ptr<const TlsServer> TlsServer::make(const TlsServerOptions& options, std::string& error) {
  SSL_CTX* ctx = new_context(TLS_server_method());
  if (ctx == nullptr) {
    error = "TLS: " + openssl_error();
    return nullptr;
  }
  std::shared_ptr<const TlsServer> server(new TlsServer(ctx));
  if (SSL_CTX_use_certificate_chain_file(ctx, options.cert_file.c_str()) != 1) {
    error = "cannot read the certificate " + options.cert_file + ": " + openssl_error();
    return nullptr;
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    error = "cannot read the private key " + options.key_file + ": " + openssl_error();
    return nullptr;
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    error = "the private key " + options.key_file + " does not match the certificate " + options.cert_file;
    return nullptr;
  }
  return server;
}

TlsServer::~TlsServer() { SSL_CTX_free(ctx_); }

std::unique_ptr<Stream> TlsServer::accept(int fd) const {
  make_non_blocking(fd);
  SSL* ssl = SSL_new(ctx_);
  if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1) {
    if (ssl != nullptr) SSL_free(ssl);
    ERR_clear_error();
    close(fd);
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return std::make_unique<TlsStream>(fd, ssl);
}

}  // namespace wsconform::net
