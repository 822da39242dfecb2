// The dashboard's requests and responses apart from the network, and what every page needs of
// them: forms and cookies read, the security headers every response carries, plain replies.
// Thread-safe: values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace triad::dashboard {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, e.g. "/login?code=..."
  std::string authorization;
  std::string cookie;
  std::string accept;
  std::string content_type;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type

  const std::string* header(const std::string& name) const;
};

// The value of `name` in "a=1&b=2", URL-decoded ("" when absent): a query or a form's body.
std::string form_value(std::string_view form, std::string_view name);
// A fresh random value for a page's style nonce.
std::string nonce();
// Adds the headers every response carries: a strict Content-Security-Policy (nothing loads from
// anywhere, no script runs, forms post only here, no page may frame it; the one style block needs
// `style_nonce`), and no sniffing, referrer, caching; HTTPS only.
void secure(HttpResponse& r, const std::string& style_nonce);
HttpResponse text(int status, const std::string& message);
HttpResponse redirect(const std::string& location);
// Whether two secrets are equal, in time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace triad::dashboard
