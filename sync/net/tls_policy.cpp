#include "triad/net/tls_policy.h"

#include <openssl/ssl.h>

namespace triad::net {

core::Status apply_tls_policy(SSL_CTX* context) {
  if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(context, kTls12Suites) != 1)
    return core::invalid_argument("this OpenSSL offers no TLS 1.2 suite with ECDHE and AEAD (" +
                                  std::string(kTls12Suites) + ")");
  // A server picks from its own order; neither end renegotiates (TLS 1.3 has no renegotiation).
  SSL_CTX_set_options(
      context, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_clear_options(context, SSL_OP_ALLOW_CLIENT_RENEGOTIATION | SSL_OP_LEGACY_SERVER_CONNECT);
  // An idle connection gives its read and write buffers (about 34 KiB) back: a hub holding
  // thousands of sessions that wait on their devices keeps only what is in flight.
  SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);
  return core::Status::ok();
}

}  // namespace triad::net
