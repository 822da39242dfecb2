#include "devtools_browser.h"

// clang-format off: Boost 1.74's Asio under C++20 needs std::exchange declared first
#include <utility>
// clang-format on
#include <openssl/evp.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <catch2/catch.hpp>
#include <deque>
#include <fstream>
#include <thread>

namespace triad::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
using nlohmann::json;

constexpr std::chrono::seconds kWait{30};

struct DevToolsBrowser::Impl {
  TempDir profile;
  std::unique_ptr<ChildProcess> chromium;
  asio::io_context io;
  beast::websocket::stream<beast::tcp_stream> ws{io};
  int next_id = 1;
  std::string session;        // the page's, once attached
  std::deque<json> events;    // read while waiting for a reply, for a later wait_event()
  int width = 0, height = 0;  // of the page's viewport
  bool mobile = false;

  json read_message() {
    beast::flat_buffer buffer;
    bool done = false;
    boost::system::error_code ec;
    ws.async_read(buffer, [&](boost::system::error_code e, size_t) { ec = e, done = true; });
    io.restart();
    io.run_for(kWait);
    if (!done) {
      beast::get_lowest_layer(ws).cancel();
      io.restart();
      io.run();
      FAIL("chromium sent nothing within " << kWait.count() << " s");
    }
    REQUIRE_FALSE(ec);
    return json::parse(beast::buffers_to_string(buffer.data()));
  }

  json call(const std::string& method, json params = json::object(), bool in_page = true) {
    json message{{"id", next_id++}, {"method", method}, {"params", std::move(params)}};
    if (in_page && !session.empty()) message["sessionId"] = session;
    ws.write(asio::buffer(message.dump()));
    for (;;) {
      json in = read_message();
      if (!in.contains("id")) {
        events.push_back(std::move(in));
        continue;
      }
      if (in["id"] != message["id"]) continue;
      INFO(method << ": " << in.dump().substr(0, 1000));
      REQUIRE_FALSE(in.contains("error"));
      return in["result"];
    }
  }

  void wait_event(const std::string& method) {
    for (;;) {
      while (!events.empty()) {
        const json e = std::move(events.front());
        events.pop_front();
        if (e["method"] == method) return;
      }
      events.push_back(read_message());
    }
  }
};

namespace {

// The port and browser path chromium writes to its profile once it listens.
std::pair<std::string, std::string> devtools_address(const TempDir& profile) {
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  for (;;) {
    std::ifstream in(profile.file("DevToolsActivePort"));
    std::string port, path;
    if (std::getline(in, port) && std::getline(in, path) && !path.empty()) return {port, path};
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string base64_decoded(const std::string& text) {
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  REQUIRE(n >= 0);
  size_t padding = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

}  // namespace

DevToolsBrowser::DevToolsBrowser() : impl_(std::make_unique<Impl>()) {
  Impl& b = *impl_;
  b.chromium = std::make_unique<ChildProcess>(
      TRIAD_CHROMIUM_PATH,
      std::vector<std::string>{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                               "--no-first-run", "--disable-background-networking",
                               "--disable-component-update", "--disable-sync",
                               "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                               "--user-data-dir=" + b.profile.path().string(),
                               "--ignore-certificate-errors", "--hide-scrollbars", "about:blank"},
      Env{{"HOME", b.profile.path().string()}}, b.profile.file("chromium.log"));
  const auto [port, path] = devtools_address(b.profile);
  beast::get_lowest_layer(b.ws).expires_after(kWait);
  beast::get_lowest_layer(b.ws).connect(asio::ip::tcp::endpoint(
      asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(std::stoi(port))));
  beast::get_lowest_layer(b.ws).expires_never();
  b.ws.read_message_max(64 << 20);  // full-page screenshots
  b.ws.handshake("127.0.0.1:" + port, path);
}

DevToolsBrowser::~DevToolsBrowser() {
  boost::system::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
  if (impl_->chromium && impl_->chromium->running()) impl_->chromium->stop(5s);
}

void DevToolsBrowser::open(const std::string& url, int width, int height, bool mobile) {
  Impl& b = *impl_;
  if (!b.session.empty()) b.call("Page.close");
  b.session.clear();
  const json target = b.call("Target.createTarget", {{"url", "about:blank"}}, false);
  b.session = b.call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}},
                     false)["sessionId"];
  b.width = width, b.height = height, b.mobile = mobile;
  b.call("Emulation.setDeviceMetricsOverride",
         {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", mobile}});
  b.call("Page.enable");
  b.events.clear();
  const json navigated = b.call("Page.navigate", {{"url", url}});
  INFO(navigated.dump());
  REQUIRE_FALSE(navigated.contains("errorText"));
  b.wait_event("Page.loadEventFired");
}

json DevToolsBrowser::evaluate(const std::string& expression) {
  const json r =
      impl_->call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
  INFO(expression << "\n" << r.dump().substr(0, 2000));
  REQUIRE_FALSE(r.contains("exceptionDetails"));
  return r["result"].value("value", json());
}

void DevToolsBrowser::navigate_by(const std::string& expression) {
  impl_->events.clear();
  evaluate(expression);
  impl_->wait_event("Page.loadEventFired");
}

void DevToolsBrowser::screenshot(const std::string& path, int height) {
  Impl& b = *impl_;
  if (height == 0) height = evaluate("document.documentElement.scrollHeight").get<int>();
  const json shot = b.call(
      "Page.captureScreenshot",
      {{"format", "png"},
       {"captureBeyondViewport", true},
       {"clip", {{"x", 0}, {"y", 0}, {"width", b.width}, {"height", height}, {"scale", 1}}}});
  std::ofstream(path, std::ios::binary) << base64_decoded(shot["data"].get<std::string>());
}

}  // namespace triad::testing
