// `triad sync` against hubs that are not there or misbehave at the network level: nothing
// listening, a listener that never answers, one that hangs up at once. Each ends within the
// --timeout with exit code 4 (network: retry later) and a message naming the hub, over plain TCP
// and over TLS alike; none of them is a certificate problem.
#include <catch2/catch.hpp>

#include "fake_hub.h"
#include "hub_process.h"

using namespace triad::integration;

namespace {

struct Workspace {
  triad::testing::TempDir dir;
  std::string db = dir.file("device.db");
  Workspace() {
    const ProcessResult r =
        run_triad({"--db", db, "init", "--school", "Fortismere", "--person", "Ana Diaz"},
                  dir.path().string());
    REQUIRE(r.exit_code == kExitOk);
  }
  ProcessResult sync(const std::string& address, bool tls) const {
    std::vector<std::string> args{"--db", db, "sync", "--hub", address, "--timeout", "1"};
    if (tls) {
      make_self_signed_cert(dir.path().string(), "ca");
      args.insert(args.end(), {"--ca", dir.file("ca.crt")});
    } else {
      args.push_back("--insecure-plaintext");
    }
    return run_triad(args, dir.path().string(), 10s,
                     {{"TRIAD_TOKEN", "0badf00d." + std::string(32, 'a')}});
  }
};

void retry_later(const ProcessResult& r, const std::string& address) {
  INFO("exit " << r.exit_code << " after " << r.took.count() << " ms: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == kExitNetwork);
  CHECK(contains(r.err, address));
  CHECK_FALSE(contains(r.err, "could not be verified"));
  CHECK(r.took < 4s);
}

}  // namespace

TEST_CASE("no hub listening: the sync fails at once with exit 4", "[integration][network]") {
  Workspace w;
  std::string address;
  { address = FakeHub(FakeHub::Mode::kSilent).address(); }  // the port is free again
  for (bool tls : {false, true}) {
    INFO((tls ? "TLS" : "plain TCP"));
    const ProcessResult r = w.sync(address, tls);
    retry_later(r, address);
    CHECK(contains(r.err, "cannot reach the hub"));
  }
}

TEST_CASE("a hub that never answers over plain TCP: the sync gives up after --timeout with exit 4",
          "[integration][network]") {
  Workspace w;
  FakeHub hub(FakeHub::Mode::kSilent);
  const ProcessResult r = w.sync(hub.address(), false);
  retry_later(r, hub.address());
  CHECK(r.took >= 900ms);
}

// A TLS handshake that times out or is cut off is a network failure, like the same silence over
// plain TCP; "check --ca" and exit 2 (fix the input) would send the teacher looking for a
// certificate problem that is not there, and a cron job would stop retrying.
TEST_CASE(
    "a hub that never answers the TLS handshake: exit 4 (retry later), not a certificate error",
    "[integration][network]") {
  Workspace w;
  FakeHub hub(FakeHub::Mode::kSilent);
  const ProcessResult r = w.sync(hub.address(), true);
  retry_later(r, hub.address());
  CHECK(r.took >= 900ms);
}

TEST_CASE(
    "a hub that hangs up during the TLS handshake: exit 4 (retry later), not a certificate error",
    "[integration][network]") {
  Workspace w;
  FakeHub hub(FakeHub::Mode::kHangUp);
  retry_later(w.sync(hub.address(), true), hub.address());
}

TEST_CASE("a hub that hangs up at once over plain TCP: exit 4", "[integration][network]") {
  Workspace w;
  FakeHub hub(FakeHub::Mode::kHangUp);
  retry_later(w.sync(hub.address(), false), hub.address());
}
