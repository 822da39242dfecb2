#include "triad/sync/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>

namespace triad::sync {

namespace {

std::string hex(const unsigned char* data, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 0x0f];
  }
  return out;
}

bool is_hex(const std::string& s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c)) ||
        std::isupper(static_cast<unsigned char>(c)))
      return false;
  return true;
}

}  // namespace

core::Result<Token> generate_token() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    return core::store_error("the system could not provide random bytes");
  return Token{hex(bytes, 4), hex(bytes + 4, 16)};
}

core::Result<Token> parse_token(const std::string& text) {
  const size_t dot = text.find('.');
  Token t{text.substr(0, dot), dot == std::string::npos ? "" : text.substr(dot + 1)};
  if (!is_hex(t.id, 8) || !is_hex(t.secret, 32))
    return core::invalid_argument(
        "the device token is not of the form ID.SECRET that triad-hub enroll prints");
  return t;
}

std::string hash_secret(const std::string& secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(secret.data(), secret.size(), digest, &n, EVP_sha256(), nullptr);
  return hex(digest, n);
}

bool hashes_equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace triad::sync
