// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket, Boost.Beast): the
// page's Content-Security-Policy forbids script, but DevTools evaluates expressions in the page
// regardless, so a test can measure the layout a browser really made (overflow, where labels
// fell) and take screenshots of any width, a phone's included. Chromium listens on 127.0.0.1 on a
// port it picks (--remote-debugging-port=0, read from its profile's DevToolsActivePort) and is
// killed with the object. Every wait has a time limit. Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "process.h"
#include "test_support.h"

namespace triad::testing {

class DevToolsBrowser {
 public:
  DevToolsBrowser();  // starts chromium with a throwaway profile and connects to it
  ~DevToolsBrowser();
  DevToolsBrowser(const DevToolsBrowser&) = delete;
  DevToolsBrowser& operator=(const DevToolsBrowser&) = delete;

  // Opens `url` in a fresh page `width` x `height` CSS pixels wide (a phone's, touch and a
  // device-width viewport, when `mobile`), and waits until it has loaded.
  void open(const std::string& url, int width, int height, bool mobile);
  // The value of a JavaScript expression evaluated in the page, as JSON.
  nlohmann::json evaluate(const std::string& expression);
  // Evaluates an expression that leaves the page (a form submitted, a link followed) and waits
  // until the page it leads to has loaded.
  void navigate_by(const std::string& expression);
  // A PNG of the page from its top: `height` CSS pixels of it, or all of it when 0.
  void screenshot(const std::string& path, int height = 0);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace triad::testing
