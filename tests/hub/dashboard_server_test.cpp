// The dashboard's server and the hub's sync port are set up by the same code (triad_net): given
// the same bad certificate, key or address, both refuse it in the same words. In one process, on
// 127.0.0.1, with a throwaway certificate made by the openssl CLI.
#include "dashboard_server.h"

#include <catch2/catch.hpp>

#include "process.h"
#include "sync_fixture.h"
#include "triad/hub/hub_server.h"
#include "triad/sync/transport.h"

using namespace triad;
using namespace triad::testing;
using namespace std::chrono_literals;

namespace {

const std::string kNotCert = TRIAD_FIXTURES_DIR "/not-a-cert.pem";  // a PEM public key

struct Refusals {
  core::Status hub, dashboard;
};

// What the hub's sync port and its dashboard answer to the same listen address, cert and key.
Refusals refusals(Alliance& alliance, const std::string& db_path, const std::string& listen,
                  const std::string& cert, const std::string& key) {
  sync::ServeOptions hub;
  hub.listen = listen;
  hub.cert_file = cert;
  hub.key_file = key;
  dashboard::DashboardOptions board;
  board.listen = listen;
  board.cert_file = cert;
  board.key_file = key;
  board.db_path = db_path;
  auto served = sync::HubServer::create(*alliance.hub, hub);
  auto started = dashboard::DashboardServer::start(board);
  return {served ? core::Status::ok() : served.status(),
          started ? core::Status::ok() : started.status()};
}

}  // namespace

TEST_CASE("the hub and its dashboard refuse the same bad certificate, key or address alike",
          "[hub][dashboard]") {
  TempDir dir;
  const std::vector<std::string> make_cert{"req",
                                           "-x509",
                                           "-newkey",
                                           "rsa:2048",
                                           "-nodes",
                                           "-keyout",
                                           dir.file("hub.key"),
                                           "-out",
                                           dir.file("hub.crt"),
                                           "-days",
                                           "2",
                                           "-subj",
                                           "/CN=triad test hub"};
  REQUIRE(run_process(TRIAD_OPENSSL_PATH, make_cert, {}, 30s).exit_code == 0);
  const std::string cert = dir.file("hub.crt"), key = dir.file("hub.key");
  Alliance alliance(dir.file("hub.db"));
  struct Case {
    std::string listen, cert, key, words;
  };
  const std::vector<Case> cases{
      {"127.0.0.1:0", dir.file("missing.crt"), key, "cannot use the certificate "},
      {"127.0.0.1:0", kNotCert, key, "cannot use the certificate " + kNotCert},
      {"127.0.0.1:0", cert, dir.file("missing.key"), "cannot use the private key "},
      {"127.0.0.1:0", cert, kNotCert, "cannot use the private key " + kNotCert},
      {"127.0.0.1", cert, key, "'127.0.0.1' is not an address of the form HOST:PORT"},
      {"127.0.0.1:74x", cert, key, "the port in '127.0.0.1:74x' is not a number"},
      {"127.0.0.1:70000", cert, key, "the port in '127.0.0.1:70000' is over 65535"},
      {"127.0.0.1:99999999999999999999", cert, key, "is over 65535"}};
  for (const Case& c : cases) {
    INFO(c.listen << " " << c.cert << " " << c.key);
    const Refusals r = refusals(alliance, alliance.hub_location, c.listen, c.cert, c.key);
    CHECK(r.hub.code() == core::StatusCode::kInvalidArgument);
    CHECK(r.dashboard.code() == core::StatusCode::kInvalidArgument);
    CHECK_THAT(r.hub.message(), Catch::Contains(c.words));
    CHECK(r.dashboard.message() == r.hub.message());
  }
  // And both serve with a good certificate and key.
  const Refusals good = refusals(alliance, alliance.hub_location, "127.0.0.1:0", cert, key);
  CHECK(good.hub.is_ok());
  CHECK(good.dashboard.is_ok());
}
