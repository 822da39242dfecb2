// Real TLS over 127.0.0.1 for the tests of triad/net/tls_socket.h: a certificate made in memory
// for the test run, client and server contexts under Triad's TLS policy, and TCP connections
// accepted on a port the system picks. Header-only; one thread.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "triad/net/asio.h"
#include "triad/net/tls_policy.h"

namespace triad::testing {

namespace asio = net::asio;
using net::tcp;

// A server context with a fresh self-signed P-256 certificate, and a client context that trusts
// that certificate only and verifies the server against it.
struct TlsContexts {
  asio::ssl::context server{asio::ssl::context::tls_server};
  asio::ssl::context client{asio::ssl::context::tls_client};

  TlsContexts() {
    REQUIRE(net::apply_tls_policy(server.native_handle()).is_ok());
    REQUIRE(net::apply_tls_policy(client.native_handle()).is_ok());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    REQUIRE(key);
    REQUIRE(cert);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("triad tls test"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509_set_pubkey(cert.get(), key.get());
    REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
    REQUIRE(SSL_CTX_use_certificate(server.native_handle(), cert.get()) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey(server.native_handle(), key.get()) == 1);
    REQUIRE(X509_STORE_add_cert(SSL_CTX_get_cert_store(client.native_handle()), cert.get()) == 1);
    client.set_verify_mode(asio::ssl::verify_peer);
  }
};

// Two ends of one TCP connection on 127.0.0.1, on `io`.
struct TcpPair {
  tcp::socket client, server;

  explicit TcpPair(asio::io_context& io) : client(io), server(io) {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
  }
};

// Bytes that differ from one position to the next, so a byte lost or repeated shows.
inline std::string pattern(size_t size, char salt) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 131 + i / 251 + salt) & 0xff);
  return s;
}

// Runs `io` until it has nothing left to do, for at most 30 s (a test that hangs fails instead).
inline void run_bounded(asio::io_context& io) {
  io.restart();
  io.run_for(std::chrono::seconds(30));
  REQUIRE(io.stopped());
}

}  // namespace triad::testing
