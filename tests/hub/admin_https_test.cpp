// The admin page over HTTPS, served by a real `triad-hub serve --dashboard` on 127.0.0.1: an admin
// signs in, enrols a teacher's device with the page's form (with its anti-forgery token), downloads
// the join file, and a fresh device takes it with the real `triad join` and syncs with the hub the
// file names, over TLS, against the certificate the file carries.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "served_dashboard.h"

using namespace triad::testing;

namespace {

std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  const std::regex re(pattern);
  return std::regex_search(text, m, re) ? m[1].str() : std::string();
}

}  // namespace

TEST_CASE("an admin enrols a device on the page, and the device joins and syncs with its file",
          "[admin][http]") {
  ServedDashboard d;
  const std::string admin = d.enrol_admin("Ada Admin");
  // Sign in with the form, as a browser would; the session's cookie and form token from now on.
  const HttpReply signed_in = d.request(
      "POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}}, "token=" + admin);
  REQUIRE(signed_in.status == 303);
  CHECK(signed_in.header("location") == "/admin");
  const std::string cookie =
      signed_in.header("set-cookie").substr(0, signed_in.header("set-cookie").find(';'));
  const HttpReply page = d.request("GET", "/admin", {{"Cookie", cookie}});
  REQUIRE(page.status == 200);
  CHECK(page.header("content-security-policy").find("default-src 'none'") == 0);
  const std::string form_token =
      first_match(page.body, "name=\"form_token\" value=\"([0-9a-f]+)\"");
  REQUIRE_FALSE(form_token.empty());
  // The lead's token does not open it.
  CHECK(d.request("GET", "/admin", {{"Authorization", "Bearer " + d.seeded().lead_token}}).status ==
        403);

  const std::map<std::string, std::string> form{
      {"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}};
  CHECK(d.request("POST", "/admin/enrol", form, "school=Fortismere&person=Nia+Obi").status == 403);
  const HttpReply posted =
      d.request("POST", "/admin/enrol", form,
                "form_token=" + form_token + "&school=" + "Fortismere&person=Nia+Obi");
  INFO(posted.body.substr(0, 3000));
  // Done, so the browser is sent to the page, which shows what was done once: a reload of it
  // enrols nothing again.
  REQUIRE(posted.status == 303);
  CHECK(posted.header("location") == "/admin");
  const HttpReply enrolled = d.request("GET", "/admin", {{"Cookie", cookie}});
  const std::string download =
      first_match(enrolled.body, "href=\"(/admin/join-file\\?id=[0-9a-f]+)\"");
  REQUIRE_FALSE(download.empty());
  CHECK(d.request("GET", "/admin", {{"Cookie", cookie}}).body.find("/admin/join-file") ==
        std::string::npos);
  CHECK(d.request("HEAD", download, {{"Cookie", cookie}}).status == 405);  // would use it up
  const HttpReply file = d.request("GET", download, {{"Cookie", cookie}});
  REQUIRE(file.status == 200);
  CHECK(file.header("content-disposition") == "attachment; filename=\"nia-obi.join\"");

  // The device: `triad join` takes the file, then syncs with the hub it names, over TLS.
  const std::string join = d.dir().file("nia-obi.join");
  {
    std::ofstream out(join, std::ios::binary);
    out << file.body;
  }
  std::filesystem::permissions(
      join, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string db = d.dir().file("nia.db");
  const Env env{{"HOME", d.dir().path().string()}, {"TZ", "UTC"}};
  const ProcessResult joined = run_process(TRIAD_CLI_PATH, {"--db", db, "join", join}, env, 60s);
  INFO(joined.out << joined.err);
  REQUIRE(joined.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(join));  // the device deletes the file it took
  const ProcessResult synced = run_process(TRIAD_CLI_PATH, {"--db", db, "sync"}, env, 60s);
  INFO(synced.out << synced.err);
  CHECK(synced.exit_code == 0);
  // The page lists the device as synced.
  const HttpReply after = d.request("GET", "/admin", {{"Cookie", cookie}});
  CHECK_FALSE(first_match(after.body,
                          "Nia Obi</td><td data-label=\"Role\">device</td><td data-label=\"Token "
                          "id\"><code>[0-9a-f]+</code></td><td data-label=\"Last "
                          "sync\">(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC)</td>")
                  .empty());
}
