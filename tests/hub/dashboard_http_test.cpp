// The dashboard over HTTPS, served by a real `triad-hub serve --dashboard` on 127.0.0.1: every
// endpoint's status codes for a lead, nobody, a device and a lower hub; the read-only rule; the
// login form, one-time links and sessions; and that no private text appears in any response.
#include <catch2/catch.hpp>

#include "served_dashboard.h"

using namespace triad::testing;

namespace {

const std::vector<std::string> kDataEndpoints{"/",
                                              "/api/report.json",
                                              "/api/health.json",
                                              "/api/activity.json",
                                              "/api/enquiries.json",
                                              "/api/sync-health.csv",
                                              "/api/schools.csv",
                                              "/api/activity.csv",
                                              "/api/enquiries.csv",
                                              "/api/evidence.csv"};

std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

// The session cookie a successful sign-in set ("" when none).
std::string session_of(const HttpReply& r) {
  auto it = r.headers.find("set-cookie");
  if (it == r.headers.end()) return {};
  return it->second.substr(0, it->second.find(';'));
}

}  // namespace

TEST_CASE("every data endpoint answers a lead and refuses everyone else", "[dashboard][http]") {
  ServedDashboard d;
  for (const std::string& path : kDataEndpoints) {
    INFO(path);
    const HttpReply lead = d.request("GET", path, bearer(d.seeded().lead_token));
    CHECK(lead.status == 200);
    CHECK_FALSE(lead.body.empty());
    CHECK(lead.header("content-security-policy").find("default-src 'none'") == 0);
    CHECK(d.request("GET", path).status == 401);
    CHECK(d.request("GET", path, bearer("00000000.00000000000000000000000000000000")).status ==
          401);
    CHECK(d.request("GET", path, bearer(d.seeded().device_token)).status == 403);
    CHECK(d.request("GET", path, bearer(d.seeded().hub_token)).status == 403);
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
      const HttpReply r = d.request(method, path, bearer(d.seeded().lead_token), "x=1");
      CHECK(r.status == 405);
      CHECK(r.header("allow") == "GET, HEAD");
    }
  }
  CHECK(d.request("GET", "/no-such-page", bearer(d.seeded().lead_token)).status == 404);
  CHECK(d.request("GET", "/api/report.json").header("www-authenticate").find("Bearer") == 0);
}

TEST_CASE("the page carries the figures and its charts, and loads nothing from elsewhere",
          "[dashboard][http]") {
  ServedDashboard d;
  const HttpReply page = d.request("GET", "/", bearer(d.seeded().lead_token));
  REQUIRE(page.status == 200);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  CHECK(page.body.find("<svg class=\"chart\"") != std::string::npos);
  CHECK(page.body.find("class=\"bar\"") != std::string::npos);
  CHECK(page.body.find("Does wait time deepen answers?") != std::string::npos);
  CHECK(page.body.find("no sync for over 14 days") !=
        std::string::npos);  // Woodroffe, Etonbury Academy
  CHECK(page.body.find("<script") == std::string::npos);
  CHECK(page.body.find("src=\"http") == std::string::npos);
  CHECK(page.body.find("href=\"http") == std::string::npos);
  const std::string csp = page.header("content-security-policy");
  CHECK(csp.find("script-src") == std::string::npos);  // none allowed: default-src 'none'
  const HttpReply json = d.request("GET", "/api/enquiries.json", bearer(d.seeded().lead_token));
  CHECK(json.header("content-type") == "application/json");
  CHECK(json.body.find("\"targeted_pupils\": \"6\"") != std::string::npos);
  CHECK(d.request("GET", "/api/activity.csv", bearer(d.seeded().lead_token))
            .body.rfind("school,half_term,", 0) == 0);
}

TEST_CASE("no private, participants-only or school-scope text appears in any response",
          "[sqlite-hub-file][dashboard][http][privacy]") {
  ServedDashboard d;
  std::vector<HttpReply> replies;
  for (const std::string& path : kDataEndpoints)
    replies.push_back(d.request("GET", path, bearer(d.seeded().lead_token)));
  for (const std::string& path : {"/login", "/logout", "/no-such-page"})
    replies.push_back(d.request("GET", path));
  replies.push_back(d.request("GET", "/", {{"Accept", "text/html"}}));
  for (const HttpReply& r : replies)
    for (const std::string& marker : kPrivateMarkers) {
      INFO(marker);
      CHECK(r.body.find(marker) == std::string::npos);
      for (const auto& [name, value] : r.headers) CHECK(value.find(marker) == std::string::npos);
    }
  // The planted records are in the hub's store: the test would prove nothing otherwise.
  CHECK(contains(
      read_file_bytes(d.dir().file("hub.db")) + read_file_bytes(d.dir().file("hub.db-wal")),
      kPrivateMarkers[1]));
}

TEST_CASE("a browser signs in with the form and a cookie, and is sent to the form without one",
          "[dashboard][http]") {
  ServedDashboard d;
  const HttpReply anonymous = d.request("GET", "/", {{"Accept", "text/html"}});
  CHECK(anonymous.status == 303);
  CHECK(anonymous.header("location") == "/login");
  const HttpReply form = d.request("GET", "/login");
  CHECK(form.status == 200);
  CHECK(form.body.find("<form method=\"post\" action=\"/login\">") != std::string::npos);
  const auto post = [&](const std::string& token) {
    return d.request("POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}},
                     "token=" + token);
  };
  CHECK(post("nonsense").status == 401);
  CHECK(post(d.seeded().device_token).status == 403);
  const HttpReply signed_in = post(d.seeded().lead_token);
  REQUIRE(signed_in.status == 303);
  const std::string cookie_header = signed_in.headers.at("set-cookie");
  for (const char* attribute : {"Secure", "HttpOnly", "SameSite=Strict", "Path=/"})
    CHECK(cookie_header.find(attribute) != std::string::npos);
  const std::string cookie = session_of(signed_in);
  CHECK(d.request("GET", "/", {{"Cookie", cookie}}).status == 200);
  CHECK(d.request("GET", "/", {{"Cookie", "triad_session=forged"}}).status == 401);
  CHECK(d.request("GET", "/logout", {{"Cookie", cookie}}).status == 303);
  CHECK(d.request("GET", "/api/report.json", {{"Cookie", cookie}}).status ==
        401);  // the session is over
  CHECK(d.request("PUT", "/login").status == 405);
}

TEST_CASE("a one-time login link signs in once, and revoking the lead ends its sessions",
          "[dashboard][http]") {
  ServedDashboard d;
  const std::string link = d.login_link();
  const HttpReply first = d.request("GET", link);
  REQUIRE(first.status == 303);
  const std::string cookie = session_of(first);
  REQUIRE_FALSE(cookie.empty());
  CHECK(d.request("GET", "/api/health.json", {{"Cookie", cookie}}).status == 200);
  CHECK(d.request("GET", link).status == 401);  // used up
  CHECK(d.request("GET", "/login?code=0123456789abcdef").status == 401);
  // login-link refuses a device's token id
  const std::string device_id = d.seeded().device_token.substr(0, 8);
  CHECK(d.admin({"login-link", device_id}).exit_code == 2);
  const std::string lead_id = d.seeded().lead_token.substr(0, 8);
  REQUIRE(d.admin({"revoke", lead_id}).exit_code == 0);
  CHECK(d.request("GET", "/api/health.json", {{"Cookie", cookie}}).status == 401);
  CHECK(d.request("GET", "/api/health.json", bearer(d.seeded().lead_token)).status == 401);
}

TEST_CASE("requests over the size limits are refused", "[dashboard][http]") {
  ServedDashboard d;
  CHECK(d.request("GET", "/", {{"X-Filler", std::string(9000, 'a')}}).status == 413);
  CHECK(d.request("POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}},
                  "token=" + std::string(5000, 'a'))
            .status == 413);
}
