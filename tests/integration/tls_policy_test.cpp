// What TLS every Triad end speaks (README "Limits and deadlines", issue 12 item 8): TLS 1.3 as
// OpenSSL offers it, or TLS 1.2 with ECDHE key exchange and an AEAD suite only; no
// renegotiation. Checked on the hub's sync port and its dashboard (real `triad-hub serve`), and
// on the client (`triad sync` against a stand-in hub). Plain TCP only on a loopback address, at
// both ends.
#include <openssl/ssl.h>

#include <catch2/catch.hpp>

#include "hub_process.h"
#include "tls_probe.h"

using namespace triad;
using namespace triad::integration;

namespace {

void speaks_only_strong_tls(uint16_t port, const std::string& ca) {
  for (const char* suite : {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                            "ECDHE-RSA-CHACHA20-POLY1305"}) {
    const TlsOutcome ok = probe_tls(port, ca, {TLS1_2_VERSION, suite});
    INFO("TLS 1.2 with " << suite << ": " << ok.error);
    CHECK(ok.handshake);
  }
  const TlsOutcome tls13 = probe_tls(port, ca, {TLS1_3_VERSION, ""});
  INFO("TLS 1.3: " << tls13.error);
  CHECK(tls13.handshake);
  // RSA key exchange (no forward secrecy), finite-field DHE, CBC with HMAC: all refused.
  for (const char* suite : {"AES128-GCM-SHA256", "AES256-SHA256", "DHE-RSA-AES128-GCM-SHA256",
                            "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES256-SHA"}) {
    const TlsOutcome weak = probe_tls(port, ca, {TLS1_2_VERSION, suite});
    INFO("TLS 1.2 with " << suite << " agreed on " << weak.cipher);
    CHECK_FALSE(weak.handshake);
  }
  const TlsOutcome again =
      probe_tls(port, ca, {TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256", true});
  INFO("renegotiation: " << again.error);
  CHECK(again.handshake);
  CHECK_FALSE(again.renegotiated);
}

}  // namespace

TEST_CASE(
    "the hub's sync port and dashboard speak only ECDHE with AEAD suites, and never renegotiate",
    "[integration][tls]") {
  HubProcess hub(HubOptions{.dashboard = true});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  {
    INFO("the sync port");
    speaks_only_strong_tls(hub.port(), hub.cert());
  }
  {
    INFO("the dashboard");
    speaks_only_strong_tls(hub.dashboard_port(), hub.cert());
  }
  ana.sync_ok();
}

TEST_CASE("the client refuses a hub that offers only weak suites, or asks to renegotiate",
          "[integration][tls]") {
  HubProcess hub;  // for its certificate and a device's store; not started
  Device ana(hub, "Fortismere", "Ana Diaz");
  auto sync_with = [&](const std::string& address) {
    return ana.run({"sync", "--hub", address, "--ca", hub.cert(), "--timeout", "5"});
  };
  for (const char* suite : {"AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA256"}) {
    FakeTlsHub weak(hub.cert(), hub.key(), {TLS1_2_VERSION, suite});
    const ProcessResult r = sync_with(weak.address());
    const TlsOutcome& seen = weak.wait();
    INFO("a hub offering only " << suite << ": the stand-in hub saw " << seen.error
                                << "; triad said " << r.err);
    CHECK_FALSE(seen.handshake);
    CHECK(r.exit_code != kExitOk);
  }
  FakeTlsHub renegotiating(hub.cert(), hub.key(), {TLS1_2_VERSION, "", true});
  const ProcessResult r = sync_with(renegotiating.address());
  const TlsOutcome& seen = renegotiating.wait();
  INFO("a hub asking to renegotiate: it saw " << seen.error << "; triad said " << r.err);
  CHECK(seen.handshake);
  CHECK_FALSE(seen.renegotiated);
  CHECK(r.exit_code != kExitOk);
}

TEST_CASE("plain TCP only on a loopback address, at the hub and at the client",
          "[integration][tls]") {
  HubProcess hub(HubOptions{.tls = false});
  Device ana(hub, "Fortismere", "Ana Diaz");
  {
    INFO("a hub asked to listen in plain TCP on every address refuses to start");
    const ProcessResult r =
        run_process(TRIAD_HUB_PATH,
                    {"--db", hub.db(), "serve", "--listen", "0.0.0.0:0", "--insecure-plaintext"},
                    {{"HOME", hub.dir().path().string()}}, 5s);
    INFO("exit " << r.exit_code << ": " << r.out << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == kExitBadInput);
    CHECK(contains(r.err, "loopback"));
    CHECK(contains(r.err, "--cert"));
  }
  hub.start();  // on 127.0.0.1
  const std::string port = std::to_string(hub.port());
  {
    INFO("a client asked for plain TCP to an address that is not loopback refuses to connect");
    const ProcessResult r = ana.run({"sync", "--hub", "0.0.0.0:" + port, "--insecure-plaintext"});
    INFO("exit " << r.exit_code << ": " << r.out << r.err);
    CHECK(r.exit_code == kExitBadInput);
    CHECK(contains(r.err, "loopback"));
  }
  const ProcessResult local =
      ana.run({"sync", "--hub", "localhost:" + port, "--insecure-plaintext"});
  INFO("localhost: " << local.err);
  CHECK(local.exit_code == kExitOk);
}
