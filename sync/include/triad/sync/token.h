// Device tokens: "ID.SECRET", ID 8 hex digits (public: listed, used to revoke), SECRET 32 hex
// digits (128 random bits from OpenSSL). The hub stores only the SHA-256 of SECRET.
// Thread-safe.
#pragma once

#include <string>

#include "triad/core/status.h"

namespace triad::sync {

struct Token {
  std::string id;
  std::string secret;
  std::string text() const { return id + "." + secret; }
};

core::Result<Token> generate_token();
// kInvalidArgument when `text` is not of the form ID.SECRET.
core::Result<Token> parse_token(const std::string& text);
std::string hash_secret(const std::string& secret);  // hex SHA-256
// Constant-time comparison of two hex hashes.
bool hashes_equal(const std::string& a, const std::string& b);

}  // namespace triad::sync
