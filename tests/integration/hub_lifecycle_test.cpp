// `triad-hub serve` as a daemon: SIGTERM and SIGINT stop it politely (open sessions are told to
// come back later, the process exits 0 at once, devices then get "retry later"), and a client
// that goes silent is cut off after --read-timeout while the hub goes on serving others.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <csignal>

#include "hub_process.h"
#include "raw_client.h"

using namespace triad;
using namespace triad::integration;

namespace {

void stops_politely_on(int sig) {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  const std::string tablet = hub.enroll("Fortismere", "Ana Diaz");  // her second device
  hub.start();
  ana.sync_ok();

  RawConnection idle(hub.port(), hub.tls(), hub.cert());  // a device between two frames
  REQUIRE(idle.send(hello_envelope(tablet, 0x77)));
  auto welcome = idle.read_frame(5s);
  REQUIRE(welcome);
  REQUIRE(welcome->has_welcome());

  const auto start = std::chrono::steady_clock::now();
  hub.signal(sig);
  std::string why;
  auto goodbye = idle.read_frame(5s, &why);
  INFO(why);
  REQUIRE(goodbye);
  REQUIRE(goodbye->has_error());
  CHECK(goodbye->error().code() == v1::SHUTTING_DOWN);
  CHECK(contains(goodbye->error().message(), "shutting down"));
  CHECK(idle.closed_by_hub(3s));
  idle.drop();

  const std::optional<int> status =
      hub.wait_exit(4s);  // well inside its 5 s grace: nothing is left open
  REQUIRE(status);
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  CHECK(contains(hub.log(), "shutting down"));

  const ProcessResult late = ana.sync();
  INFO(late.err);
  CHECK(late.exit_code == kExitNetwork);  // the hub is away: retry later
  CHECK(contains(late.err, "cannot reach the hub"));
}

}  // namespace

TEST_CASE("SIGTERM stops the hub politely: idle sessions are told to come back",
          "[integration][hub]") {
  stops_politely_on(SIGTERM);
}

TEST_CASE("SIGINT stops the hub politely too", "[integration][hub]") { stops_politely_on(SIGINT); }

TEST_CASE("a silent client is cut off after --read-timeout and others are still served",
          "[integration][hub]") {
  HubProcess hub(HubOptions{.read_timeout_s = 1});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();

  RawConnection silent(hub.port(), hub.tls(), hub.cert());
  const auto start = std::chrono::steady_clock::now();
  // Meanwhile another device syncs: one silent peer does not hold up the hub.
  ana.sync_ok();
  CHECK(silent.closed_by_hub(5s));
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= 900ms);
  CHECK(waited < 3s);
  ana.sync_ok();
  CHECK(hub.serving());
}
