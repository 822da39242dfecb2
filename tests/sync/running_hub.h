// A hub serving on 127.0.0.1 on a port of its own choosing, on its own thread, in the test's
// process (plain TCP: TLS is covered by the process tests), stopped at the end. Not thread-safe.
#pragma once

#include <thread>

#include "free_port.h"
#include "sync_fixture.h"
#include "triad/hub/hub_server.h"
#include "triad/sync/transport.h"

namespace triad::testing {

struct RunningHub {
  Alliance alliance;
  std::unique_ptr<sync::HubServer> server;
  std::thread thread;

  explicit RunningHub(std::chrono::milliseconds read_timeout = std::chrono::seconds(5)) {
    sync::ServeOptions o;
    o.plaintext = true;
    o.read_timeout = read_timeout;
    o.shutdown_grace = std::chrono::milliseconds(500);
    auto s = sync::HubServer::create(*alliance.hub, o);
    REQUIRE(s);
    server = std::move(s.value());
    thread = std::thread([this] { (void)server->run(); });
  }
  ~RunningHub() {
    server->stop();
    thread.join();
  }
  sync::HubAddress address() const {
    return {"127.0.0.1:" + std::to_string(server->port()), "", true, std::chrono::seconds(5)};
  }
};

}  // namespace triad::testing
