// The dashboard in a real browser: Debian's chromium, headless, driven over the DevTools protocol
// (devtools_browser.h), signs in through a one-time login link at a screen's width (1280 px) and a
// phone's (390 px). At each the test measures the layout chromium really made: the page is no
// wider than the window (wide tables scroll in their own box), every chart has its own heading
// above it in its figure, no two chart labels overlap, text is readable; then it takes
// screenshots (dashboard.png and dashboard-phone.png in the build folder, the top of the page;
// *-full.png all of it). docs/dashboard.png and docs/dashboard-phone.png are such screenshots.
#include <catch2/catch.hpp>
#include <filesystem>

#include "devtools_browser.h"
#include "served_dashboard.h"

using namespace triad::testing;
using nlohmann::json;

namespace {

// What the page's layout is, measured in the browser.
constexpr const char* kMeasure = R"js((() => {
  const shown = e => e.getClientRects().length > 0;
  const charts = [...document.querySelectorAll('svg.chart')].filter(shown);
  const overlapping = [], untitled = [];
  let smallestChartText = 99, bars = 0;
  for (const svg of charts) {
    const name = svg.getAttribute('aria-label');
    const boxes = [...svg.querySelectorAll('text.category-label')].map(t => t.getBoundingClientRect());
    for (let i = 0; i < boxes.length; ++i)
      for (let j = i + 1; j < boxes.length; ++j) {
        const a = boxes[i], b = boxes[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          overlapping.push(name);
      }
    const frame = svg.getBoundingClientRect();
    for (const b of boxes)
      if (b.left < frame.left - 1 || b.right > frame.right + 1) overlapping.push(name + ' (outside)');
    const figure = svg.closest('figure');
    const heading = figure && figure.querySelector('figcaption h3');
    if (!heading || heading.getBoundingClientRect().bottom > frame.top + 1) untitled.push(name);
    const scale = frame.width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text'))
      smallestChartText = Math.min(smallestChartText, Number(t.getAttribute('font-size')) * scale);
    bars += [...svg.querySelectorAll('rect.bar')].filter(r => Number(r.getAttribute('height')) >= 1).length;
  }
  let smallestText = 99;
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('svg') || !shown(e)) continue;
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    smallestText = Math.min(smallestText, parseFloat(getComputedStyle(e).fontSize));
  }
  return {pageWidth: document.documentElement.scrollWidth, windowWidth: window.innerWidth,
          title: document.querySelector('h1') ? document.querySelector('h1').textContent : '',
          form: !!document.querySelector('input[name=token]'), html: document.documentElement.outerHTML,
          charts: charts.length, bars, overlapping, untitled, smallestText, smallestChartText};
})())js";

void check_layout(const json& m, size_t min_charts) {
  INFO(m.dump().substr(0, 600));
  CHECK(m["title"].get<std::string>().find("alliance report") != std::string::npos);
  CHECK_FALSE(m["form"].get<bool>());  // signed in, not left at the form
  CHECK(m["pageWidth"].get<int>() <= m["windowWidth"].get<int>());  // no sideways scrolling
  CHECK(m["charts"].get<size_t>() >= min_charts);
  CHECK(m["bars"].get<int>() >= 20);
  CHECK(m["overlapping"] == json::array());
  CHECK(m["untitled"] == json::array());
  CHECK(m["smallestText"].get<double>() >= 12);
  CHECK(m["smallestChartText"].get<double>() >= 9.5);
  for (const std::string& marker : kPrivateMarkers)
    CHECK(m["html"].get<std::string>().find(marker) == std::string::npos);
}

std::string in_build_folder(const std::string& name) {
  const std::string path = std::filesystem::current_path() / name;
  std::filesystem::remove(path);
  return path;
}

void shoot(DevToolsBrowser& browser, const std::string& name, int height) {
  const std::string top = in_build_folder(name + ".png"), all = in_build_folder(name + "-full.png");
  browser.screenshot(top, height);
  browser.screenshot(all);
  CHECK(std::filesystem::file_size(top) > 50'000);  // a drawn page, not a blank one
  std::printf("screenshots: %s %s\n", top.c_str(), all.c_str());
}

}  // namespace

TEST_CASE(
    "in chromium the page fits a screen and a phone, every chart titled, no labels overlapping",
    "[dashboard][browser]") {
  ServedDashboard d;
  DevToolsBrowser browser;
  SECTION("at 1280 px") {
    browser.open(d.url() + d.login_link().substr(1), 1280, 1000, false);
    check_layout(browser.evaluate(kMeasure), 8);  // this year's two, per enquiry, four per kind,
                                                  // and the enquiries' figures
    shoot(browser, "dashboard", 1500);
  }
  SECTION("at 390 px, a phone") {
    browser.open(d.url() + d.login_link().substr(1), 390, 844, true);
    check_layout(browser.evaluate(kMeasure), 8);
    shoot(browser, "dashboard-phone", 1800);
  }
}

TEST_CASE("in chromium an admin enrols a device with the page's form, and sees its QR code",
          "[dashboard][browser][admin]") {
  ServedDashboard d;
  const std::string token = d.enrol_admin("Ada Admin");
  DevToolsBrowser browser;
  SECTION("at 1280 px") {
    browser.open(d.url() + d.login_link(token.substr(0, token.find('.'))).substr(1), 1280, 1000,
                 false);
    // Signed in and sent to the admin page; everything on it fits the window.
    CHECK(browser.evaluate("document.querySelector('h1').textContent") == "Hub admin: The Mead");
    CHECK(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth") == true);
    shoot(browser, "admin", 1400);
    // A typo in the school's name: the form comes back asking "did you mean", the teacher kept.
    browser.navigate_by(
        "document.querySelector('#school').value = 'Fortismere Shcool';"
        "document.querySelector('#person').value = 'Nia Obi';"
        "document.querySelector('#enrol button[type=submit]').click()");
    CHECK(browser.evaluate("document.querySelector('#enrol .notice.error').textContent") ==
          "No school is called 'Fortismere Shcool'.");
    CHECK(browser.evaluate("document.querySelector('#enrol .hint strong').textContent") ==
          "Fortismere");
    CHECK(browser.evaluate("document.querySelector('#person').value") == "Nia Obi");
    // Corrected: enrolled, with the join file's QR code and its one download.
    browser.navigate_by(
        "document.querySelector('#school').value = 'Fortismere';"
        "document.querySelector('#enrol button[type=submit]').click()");
    CHECK(browser.evaluate("document.querySelector('#enrol .notice strong').textContent") ==
          "Nia Obi's device at Fortismere is enrolled");
    const auto qr = browser.evaluate(
        "(() => { const r = document.querySelector('svg.qr').getBoundingClientRect();"
        " return [r.width, r.height]; })()");
    CHECK(qr[0].get<double>() >= 200);  // big enough to scan from a screen
    CHECK(qr[0] == qr[1]);
    CHECK(browser.evaluate("document.querySelector('a[href^=\"/admin/join-file\"]').download") ==
          "nia-obi.join");
    shoot(browser, "admin-enrolled", 900);
  }
  SECTION("at 390 px, a phone") {
    browser.open(d.url() + d.login_link(token.substr(0, token.find('.'))).substr(1), 390, 844,
                 true);
    CHECK(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth") == true);
    CHECK(browser.evaluate(
              "[...document.querySelectorAll('#devices form button')].every(b => {"
              " const r = b.getBoundingClientRect(); return r.right <= window.innerWidth; })") ==
          true);  // every Revoke button is on the screen, not in a scrolled-off column
    shoot(browser, "admin-phone", 1600);
  }
}
