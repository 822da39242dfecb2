#include "http_message.h"

#include <openssl/crypto.h>

#include "triad/sync/token.h"

namespace triad::dashboard {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded and query strings: '+' is a space, %XX a byte.
std::string url_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string form_value(std::string_view form, std::string_view name) {
  while (!form.empty()) {
    const size_t amp = form.find('&');
    const std::string_view pair = form.substr(0, amp);
    const size_t eq = pair.find('=');
    if (url_decode(pair.substr(0, eq)) == name)
      return eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
    form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
  }
  return {};
}

std::string nonce() {
  auto t = sync::generate_token();
  return t ? t->secret : std::string("0");
}

// Every response: nothing may load from anywhere, no script may run, no page may frame it.
void secure(HttpResponse& r, const std::string& style_nonce) {
  r.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'nonce-" + style_nonce +
          "'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
}

HttpResponse text(int status, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = message + "\n";
  return r;
}

HttpResponse redirect(const std::string& location) {
  HttpResponse r = text(303, "see " + location);
  r.headers.emplace_back("Location", location);
  return r;
}

const std::string* HttpResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return &v;
  return nullptr;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace triad::dashboard
