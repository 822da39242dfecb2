// The TLS every Triad end speaks: the hub's sync port, its dashboard and the client
// (README "Limits and deadlines"). TLS 1.3 as OpenSSL offers it, or TLS 1.2 with ECDHE key
// exchange and an AEAD suite (AES-GCM, ChaCha20-Poly1305) only: no RSA key exchange, no
// finite-field DHE, no CBC; no renegotiation, no compression. Called once on each OpenSSL
// context before it is used; thread-safe as OpenSSL's context setters are.
#pragma once

#include "triad/core/status.h"

typedef struct ssl_ctx_st SSL_CTX;  // OpenSSL's, as <openssl/ssl.h> declares it

namespace triad::net {

// The TLS 1.2 suites offered and accepted, in OpenSSL's cipher-list syntax.
inline constexpr const char* kTls12Suites = "ECDHE+AESGCM:ECDHE+CHACHA20";

// Applies the policy to `context` (a client's or a server's). kInvalidArgument if OpenSSL refuses
// it (an OpenSSL without these suites).
core::Status apply_tls_policy(SSL_CTX* context);

}  // namespace triad::net
