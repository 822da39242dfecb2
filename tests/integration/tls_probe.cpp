#include "tls_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>

namespace triad::integration {

namespace {

using Context = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
using Connection = std::unique_ptr<SSL, decltype(&SSL_free)>;

std::string openssl_errors() {
  std::string text;
  while (unsigned long e = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(e, buffer, sizeof buffer);
    text += (text.empty() ? "" : "; ") + std::string(buffer);
  }
  return text.empty() ? "no OpenSSL error (the peer closed or timed out)" : text;
}

void set_timeouts(int fd, int seconds) {
  timeval t{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &t, sizeof t);
}

sockaddr_in loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

void apply(SSL_CTX* ctx, const TlsOffer& offer) {
  if (offer.version) {
    SSL_CTX_set_min_proto_version(ctx, offer.version);
    SSL_CTX_set_max_proto_version(ctx, offer.version);
  }
  if (!offer.ciphers.empty()) REQUIRE(SSL_CTX_set_cipher_list(ctx, offer.ciphers.c_str()) == 1);
  // Both ends must be willing for a renegotiation to be tried at all.
  if (offer.renegotiate) SSL_CTX_set_options(ctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
}

}  // namespace

TlsOutcome probe_tls(uint16_t port, const std::string& ca_file, const TlsOffer& offer) {
  TlsOutcome out;
  Context ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  apply(ctx.get(), offer);
  REQUIRE(SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) == 1);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  set_timeouts(fd, 5);
  const sockaddr_in hub = loopback(port);
  REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&hub), sizeof hub) == 0);
  Connection ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), fd);
  ERR_clear_error();
  if (SSL_connect(ssl.get()) != 1) {
    out.error = openssl_errors();
  } else {
    out.handshake = true;
    out.cipher = SSL_get_cipher_name(ssl.get());
    if (offer.renegotiate) {
      out.renegotiated = SSL_renegotiate(ssl.get()) == 1 && SSL_do_handshake(ssl.get()) == 1 &&
                         SSL_renegotiate_pending(ssl.get()) == 0;
      if (!out.renegotiated) out.error = openssl_errors();
    }
  }
  ::close(fd);
  return out;
}

FakeTlsHub::FakeTlsHub(const std::string& cert_file, const std::string& key_file, TlsOffer offer)
    : offer_(std::move(offer)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(listener_ >= 0);
  sockaddr_in any_port = loopback(0);
  REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&any_port), sizeof any_port) == 0);
  REQUIRE(::listen(listener_, 4) == 0);
  socklen_t length = sizeof any_port;
  REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&any_port), &length) == 0);
  port_ = ntohs(any_port.sin_port);
  thread_ = std::thread([this, cert_file, key_file] { serve(cert_file, key_file); });
}

FakeTlsHub::~FakeTlsHub() {
  if (thread_.joinable()) thread_.join();
  ::close(listener_);
}

const TlsOutcome& FakeTlsHub::wait() {
  if (thread_.joinable()) thread_.join();
  return outcome_;
}

// Runs on the hub's thread: no Catch2 assertions here, only the outcome.
void FakeTlsHub::serve(const std::string& cert_file, const std::string& key_file) {
  pollfd p{listener_, POLLIN, 0};
  if (::poll(&p, 1, 15'000) != 1) {
    outcome_.error = "no client came";
    return;
  }
  const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  set_timeouts(fd, 3);
  Context ctx(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
  apply(ctx.get(), offer_);
  SSL_CTX_use_certificate_chain_file(ctx.get(), cert_file.c_str());
  SSL_CTX_use_PrivateKey_file(ctx.get(), key_file.c_str(), SSL_FILETYPE_PEM);
  Connection ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), fd);
  if (SSL_accept(ssl.get()) != 1) {
    outcome_.error = openssl_errors();
    ::close(fd);
    return;
  }
  outcome_.handshake = true;
  outcome_.cipher = SSL_get_cipher_name(ssl.get());
  if (offer_.renegotiate) {
    SSL_renegotiate(ssl.get());
    SSL_do_handshake(ssl.get());  // sends the HelloRequest
  }
  // Read what the client sends (its Hello, and its answer to the HelloRequest) until it stops.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < until &&
         SSL_read(ssl.get(), buffer, sizeof buffer) > 0) {
  }
  if (offer_.renegotiate) {
    outcome_.renegotiated = SSL_renegotiate_pending(ssl.get()) == 0;
    outcome_.error = openssl_errors();
  }
  ::close(fd);
}

}  // namespace triad::integration
