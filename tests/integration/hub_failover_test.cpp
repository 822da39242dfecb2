// `triad sync` with several hub addresses (issue 14: several `triad-hub` processes serve one
// alliance): real `triad` and `triad-hub` processes over TLS on 127.0.0.1. An address that does
// not answer (nothing listening, a TLS handshake that does not finish) is passed over, with a
// line saying so; a hub whose certificate does not verify ends the sync; the address that
// answered is tried first next time.
#include <catch2/catch.hpp>

#include "fake_hub.h"
#include "free_port.h"
#include "hub_process.h"

using namespace triad::integration;

namespace {

// `triad sync --hub HUBS --ca CA --timeout SECONDS` on Ana's device.
ProcessResult sync_with(const Device& device, const std::string& hubs, const std::string& ca,
                        int timeout_s = 5) {
  return device.run({"sync", "--hub", hubs, "--ca", ca, "--timeout", std::to_string(timeout_s)});
}

std::string skipped_line(const std::string& address, const std::string& why) {
  return "the hub at " + address + " did not answer (" + why + "); tried the next address";
}

}  // namespace

TEST_CASE("the first hub address has nothing listening: the sync passes it over and says so",
          "[integration][failover]") {
  HubProcess hub;
  hub.start();
  Device ana(hub, "Fortismere", "Ana Diaz");
  ana.add("enquiry", {"title=Wait time", "scope=alliance"});
  const std::string down = address_nothing_listens_on();
  const ProcessResult r = sync_with(ana, down + "," + hub.address(), hub.cert());
  INFO(r.out << r.err);
  CHECK(r.exit_code == kExitOk);
  CHECK(contains(r.out, "synced with the hub of The Mead at " + hub.address() + ": sent "));
  CHECK(contains(r.out, "\n" + skipped_line(down, "connection refused") + "\n"));
  CHECK(hub.record_count("enquiry") == 1);
}

TEST_CASE("every hub address down: exit 4, naming each and why", "[integration][failover]") {
  HubProcess hub;  // for its certificate: it does not serve
  Device ana(hub, "Fortismere", "Ana Diaz");
  const std::string first = address_nothing_listens_on(), second = address_nothing_listens_on();
  const ProcessResult r = sync_with(ana, first + "," + second, hub.cert());
  INFO(r.out << r.err);
  CHECK(r.exit_code == kExitNetwork);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "triad: none of the hub's addresses answered: " + first +
                            " (connection refused), " + second +
                            " (connection refused); nothing was exchanged: sync again once the "
                            "network or a hub is back"));
}

TEST_CASE("a hub whose TLS handshake does not finish is passed over after --timeout",
          "[integration][failover]") {
  HubProcess hub;
  hub.start();
  Device ana(hub, "Fortismere", "Ana Diaz");
  FakeHub silent(FakeHub::Mode::kSilent), hangs_up(FakeHub::Mode::kHangUp);
  const ProcessResult r = sync_with(
      ana, silent.address() + "," + hangs_up.address() + "," + hub.address(), hub.cert(), 1);
  INFO(r.out << r.err);
  CHECK(r.exit_code == kExitOk);
  CHECK(contains(r.out, "synced with the hub of The Mead at " + hub.address()));
  CHECK(contains(
      r.out, skipped_line(silent.address(), "the TLS handshake did not finish within 1 second")));
  CHECK(contains(r.out, "the hub at " + hangs_up.address() +
                            " did not answer (it hung up during the TLS handshake ("));
  CHECK(r.took >= 900ms);
}

// A certificate that does not verify may be a hub someone else runs at that address: the device
// says so and stops, and never offers its token to the next address in its place.
TEST_CASE("a hub whose certificate does not verify ends the sync: the next address is not tried",
          "[integration][failover]") {
  HubProcess stranger, hub;
  stranger.start();
  hub.start();
  Device ana(hub, "Fortismere", "Ana Diaz");
  ana.add("enquiry", {"title=Wait time", "scope=alliance"});
  const ProcessResult r = sync_with(ana, stranger.address() + "," + hub.address(), hub.cert());
  INFO(r.out << r.err);
  CHECK(r.exit_code == kExitBadInput);
  CHECK(contains(r.err, "the hub at " + stranger.address() + " could not be verified"));
  CHECK_FALSE(contains(r.out, "synced"));
  CHECK(hub.record_count("enquiry") == 0);
}

TEST_CASE("the saved hub address that answered is tried first at the next sync",
          "[integration][failover]") {
  HubProcess hub;
  hub.start();
  Device ana(hub, "Fortismere", "Ana Diaz");
  const std::string down = address_nothing_listens_on();
  const std::string hubs = down + "," + hub.address();
  CHECK(ana.ok({"config", "hub", hubs}) == "hub = " + hubs + "\n");
  const auto sync = [&] {
    const ProcessResult r = ana.run({"sync", "--ca", hub.cert(), "--timeout", "5"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == kExitOk);
    CHECK(contains(r.out, "synced with the hub of The Mead at " + hub.address()));
    return r.out;
  };
  CHECK(contains(sync(), skipped_line(down, "connection refused")));
  CHECK_FALSE(contains(sync(), "did not answer"));
  CHECK(ana.ok({"config", "hub"}) == "hub = " + hubs + "\n");  // the order given is kept
}
