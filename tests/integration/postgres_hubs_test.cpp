// Two triad-hub processes serve one alliance from one PostgreSQL database. A device with 3000
// records syncs through a list of both addresses; the first hub is SIGKILLed mid-sync after a
// random delay (seed printed; TRIAD_SEED replays it); the device syncs again, finds the first hub
// gone and moves to the second; nothing the first hub acknowledged is lost, and a device that
// only ever syncs with the second hub receives every record.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <random>

#include "hub_process.h"
#include "postgres_database.h"
#include "triad/core/store.h"

using namespace triad;
using namespace triad::integration;

namespace {

constexpr size_t kRecords = 3000;

size_t enquiries_in(const std::string& db) {
  auto store = core::Store::open(db);
  REQUIRE(store);
  return (*store)->list("enquiry")->size();
}

}  // namespace

TEST_CASE("two hub processes on one PostgreSQL: one killed mid-sync, the device moves to the other",
          "[integration][postgres][failover]") {
  std::mt19937_64 rng(testing::test_seed("hub on PostgreSQL killed mid-sync"));
  testing::PostgresTestDatabase database;
  HubProcess first({.tls = false, .store = database.conninfo()});
  HubProcess second({.tls = false, .store = database.conninfo(), .init = false});
  first.start();
  second.start();
  const std::string full =
      make_device_with_enquiries(first, "Fortismere", "Ana Diaz", kRecords,
                                 {{first.address(), second.address()}, "", true, ""});
  Device ben(second, "Woodroffe", "Ben Lee");  // syncs with the second hub only

  const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 200)(rng));
  const std::string home = first.dir().path().string();
  {
    ChildProcess sync(TRIAD_CLI_PATH, {"--db", full, "sync", "--timeout", "10"}, triad_env(home),
                      first.dir().file("sync.log"));
    const bool ended_early = sync.wait_for(delay).has_value();
    first.kill();
    const auto status = sync.wait_for(15s);
    REQUIRE(status);
    REQUIRE(WIFEXITED(*status));
    const size_t committed = second.record_count("enquiry");  // the shared database
    std::printf("first hub killed after %lld ms; the sync %s with exit %d; %zu of %zu committed\n",
                static_cast<long long>(delay.count()),
                ended_early ? "had already ended" : "then ended", WEXITSTATUS(*status), committed,
                kRecords);
    CHECK((WEXITSTATUS(*status) == kExitOk || WEXITSTATUS(*status) == kExitNetwork));
    if (WEXITSTATUS(*status) == kExitOk) CHECK(committed == kRecords);
  }
  // The first address no longer answers. A device that tries it first (the order given, or the
  // address that answered last) is refused, says so, and syncs with the second; one whose killed
  // sync had already moved on (the kill landed before it connected) goes to the second at once.
  const std::string answered = core::Store::open(full).value()->sync_target().value().answered;
  const ProcessResult again = run_triad({"--db", full, "sync", "--timeout", "10"}, home);
  INFO("last answered: " << answered << "\nstdout: " << again.out << "\nstderr: " << again.err);
  REQUIRE(again.exit_code == kExitOk);
  CHECK(contains(again.out, "at " + second.address()));
  CHECK(contains(again.out, first.address() + " did not answer") == (answered != second.address()));
  CHECK(second.record_count("enquiry") == kRecords);
  ben.sync_ok();
  CHECK(enquiries_in(ben.db()) == kRecords);
  CHECK(ben.export_json("enquiry") ==
        run_triad({"--db", full, "export", "--format", "json", "enquiry"}, home).out);
}
