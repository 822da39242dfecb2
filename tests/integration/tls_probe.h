// TLS as a peer of our choosing speaks it, to check what Triad's ends accept: a client that
// offers one protocol version and one cipher suite, and may ask to renegotiate (probe_tls); and a
// one-connection TLS server standing in for a hub (FakeTlsHub) that offers weak suites or asks
// the client to renegotiate. Blocking OpenSSL calls with socket timeouts of a few seconds, so a
// peer that hangs fails the test instead of the suite. Not thread-safe (FakeTlsHub serves from a
// thread of its own; read its outcome after wait()).
#pragma once

#include <cstdint>
#include <string>
#include <thread>

namespace triad::integration {

struct TlsOffer {
  int version = 0;           // TLS1_2_VERSION or TLS1_3_VERSION: the only version offered (0: any)
  std::string ciphers;       // TLS 1.2 cipher list ("" = OpenSSL's default)
  bool renegotiate = false;  // after the handshake, ask for a new one (TLS 1.2)
};

struct TlsOutcome {
  bool handshake = false;     // the handshake completed
  bool renegotiated = false;  // a renegotiation was asked for and completed
  std::string cipher;         // the suite agreed on
  std::string error;          // why it failed, from OpenSSL
};

// Connects to 127.0.0.1:port and handshakes as `offer` says, verifying against `ca_file`.
TlsOutcome probe_tls(uint16_t port, const std::string& ca_file, const TlsOffer& offer);

// A TLS server on 127.0.0.1 with `cert_file`/`key_file` that serves one connection as `offer`
// says: the handshake, then (with renegotiate) a HelloRequest, then it reads what the client
// sends for a few seconds and closes.
class FakeTlsHub {
 public:
  FakeTlsHub(const std::string& cert_file, const std::string& key_file, TlsOffer offer);
  ~FakeTlsHub();
  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Waits for the connection to end; what happened on the server's side.
  const TlsOutcome& wait();

 private:
  void serve(const std::string& cert_file, const std::string& key_file);

  TlsOffer offer_;
  int listener_ = -1;
  uint16_t port_ = 0;
  TlsOutcome outcome_;
  std::thread thread_;
};

}  // namespace triad::integration
