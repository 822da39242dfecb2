// The dashboard in a real browser: Debian's chromium, headless, signs in through a one-time login
// link, and the test checks the DOM it ends up with has the charts drawn (SVG with bars), then
// takes a screenshot (dashboard.png in the build folder; docs/dashboard.png is one of these).
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "served_dashboard.h"

using namespace triad::testing;

namespace {

ProcessResult chromium(const TempDir& profile, const std::vector<std::string>& extra,
                       const std::string& url, const std::string& window_size = "1280,1000") {
  std::vector<std::string> args{"--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profile.path().string(),
                                "--ignore-certificate-errors",
                                "--window-size=" + window_size,
                                "--hide-scrollbars"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(url);
  return run_process(TRIAD_CHROMIUM_PATH, args, {{"HOME", profile.path().string()}}, 90s);
}

size_t count(const std::string& text, const std::regex& pattern) {
  return static_cast<size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), pattern),
                                           std::sregex_iterator()));
}

}  // namespace

TEST_CASE("headless chromium signs in with a login link and draws the charts",
          "[dashboard][browser]") {
  ServedDashboard d;
  TempDir profile;
  const ProcessResult dom = chromium(profile, {"--dump-dom"}, d.url() + d.login_link().substr(1));
  INFO("chromium: exit " << dom.exit_code << "\n" << dom.err.substr(0, 2000));
  REQUIRE(dom.exit_code == 0);
  // Signed in and redirected to the page, not left at the form.
  CHECK(dom.out.find("alliance report</h1>") != std::string::npos);
  CHECK(dom.out.find("name=\"token\"") == std::string::npos);
  const size_t charts = count(dom.out, std::regex("<svg class=\"chart\""));
  CHECK(charts >= 6);  // four activity charts and one per enquiry with figures
  CHECK(count(dom.out, std::regex("<rect class=\"bar\"[^>]* height=\"[1-9]")) >= 20);
  for (const std::string& marker : kPrivateMarkers)
    CHECK(dom.out.find(marker) == std::string::npos);

  TempDir profile2;
  const std::string png = std::filesystem::current_path() / "dashboard.png";
  std::filesystem::remove(png);
  const ProcessResult shot =
      chromium(profile2, {"--screenshot=" + png}, d.url() + d.login_link().substr(1));
  INFO("chromium: exit " << shot.exit_code << "\n" << shot.err.substr(0, 2000));
  REQUIRE(shot.exit_code == 0);
  REQUIRE(std::filesystem::exists(png));
  CHECK(std::filesystem::file_size(png) > 50'000);  // a drawn page, not a blank one
  std::printf("screenshot: %s\n", png.c_str());
}

TEST_CASE("headless chromium signs an admin in to the admin page, at laptop and phone widths",
          "[dashboard][browser][admin]") {
  ServedDashboard d;
  const std::string token = d.enrol_admin("Ada Admin");
  const std::string token_id = token.substr(0, token.find('.'));
  TempDir profile;
  const ProcessResult dom =
      chromium(profile, {"--dump-dom"}, d.url() + d.login_link(token_id).substr(1));
  INFO("chromium: exit " << dom.exit_code << "\n" << dom.err.substr(0, 2000));
  REQUIRE(dom.exit_code == 0);
  // Signed in and sent to the admin page, its five forms' sections drawn.
  CHECK(dom.out.find("Hub admin: ") != std::string::npos);
  for (const char* section :
       {"id=\"enrol\"", "id=\"devices\"", "id=\"schools\"", "id=\"people\"", "id=\"erase\""})
    CHECK(dom.out.find(section) != std::string::npos);
  CHECK(count(dom.out, std::regex("<form method=\"post\" action=\"/admin/revoke\">")) >= 5);
  for (const auto& [name, size] : {std::pair<std::string, std::string>{"admin.png", "1280,1400"},
                                   {"admin-phone.png", "390,1600"}}) {
    TempDir shot_profile;
    const std::string png = std::filesystem::current_path() / name;
    std::filesystem::remove(png);
    const ProcessResult shot = chromium(shot_profile, {"--screenshot=" + png},
                                        d.url() + d.login_link(token_id).substr(1), size);
    INFO("chromium: exit " << shot.exit_code << "\n" << shot.err.substr(0, 2000));
    REQUIRE(shot.exit_code == 0);
    REQUIRE(std::filesystem::exists(png));
    CHECK(std::filesystem::file_size(png) > 30'000);
    std::printf("screenshot: %s\n", png.c_str());
  }
}
