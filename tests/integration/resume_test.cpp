// Interrupted syncs resume and converge (DESIGN.md: a received batch and its checkpoint commit
// together). A device with 3000 alliance-scope records has its `triad sync` SIGKILLed after a
// random delay, then syncs again; the hub itself is SIGKILLed mid-sync and restarted on the same
// store. Afterwards the hub holds every record, both stores pass PRAGMA integrity_check, and
// another device receives everything. The delays come from a printed seed (TRIAD_SEED replays it).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "hub_process.h"
#include "triad/core/store.h"

using namespace triad;
using namespace triad::integration;

namespace {

constexpr size_t kRecords = 3000;

std::unique_ptr<core::Store> open_store(const std::string& db) {
  auto store = core::Store::open(db);
  INFO(db << ": " << store.status().message());
  REQUIRE(store);
  return std::move(store.value());
}

size_t enquiries_in(const std::string& db) {
  auto records = open_store(db)->list("enquiry");
  REQUIRE(records);
  return records->size();
}

void check_integrity(const std::string& what, const std::string& db) {
  const core::Status s = open_store(db)->check_integrity();
  INFO(what << ": " << s.message());
  CHECK(s.is_ok());
}

// `triad --db DB sync ARGS` in the background, SIGKILLed after `delay` unless it ended before.
// Returns its wait status.
int sync_killed_after(const HubProcess& hub, const std::string& db,
                      const std::vector<std::string>& args, std::chrono::milliseconds delay) {
  std::vector<std::string> full{"--db", db, "sync", "--timeout", "10"};
  full.insert(full.end(), args.begin(), args.end());
  const std::string home = hub.dir().path().string();
  ChildProcess sync(TRIAD_CLI_PATH, full, triad_env(home), hub.dir().file("sync.log"));
  if (auto ended = sync.wait_for(delay)) return *ended;
  sync.signal(SIGKILL);
  const auto status = sync.wait_for(10s);
  REQUIRE(status);
  return *status;
}

ProcessResult sync_to_end(const HubProcess& hub, const std::string& db) {
  std::vector<std::string> args{"--db", db, "sync", "--timeout", "10", "--hub", hub.address()};
  const ProcessResult r = run_triad(args, hub.dir().path().string());
  INFO("triad sync: exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == kExitOk);
  return r;
}

// N from "... sent N, received M ..." in the line `triad sync` prints.
size_t reported(const std::string& out, const std::string& what) {
  const size_t at = out.find(what + " ");
  REQUIRE(at != std::string::npos);
  return std::stoul(out.substr(at + what.size() + 1));
}

std::chrono::milliseconds random_delay(std::mt19937_64& rng, int lo_ms, int hi_ms) {
  return std::chrono::milliseconds(std::uniform_int_distribution<int>(lo_ms, hi_ms)(rng));
}

}  // namespace

TEST_CASE("a sync killed mid-batch resumes and converges", "[integration][resume]") {
  std::mt19937_64 rng(testing::test_seed("sync killed mid-batch"));
  HubProcess hub;
  hub.start();
  const std::string full = make_device_with_enquiries(hub, "Fortismere", "Ana Diaz", kRecords,
                                                      {{hub.address()}, hub.cert(), false, ""});
  Device ben(hub, "Woodroffe", "Ben Lee");

  // The push is killed part-way, then run again to the end.
  const auto push_delay = random_delay(rng, 20, 160);
  const int push_status = sync_killed_after(hub, full, {}, push_delay);
  const size_t at_kill = hub.record_count("enquiry");
  std::printf("push killed after %lld ms: %s; the hub then held %zu of %zu enquiries\n",
              static_cast<long long>(push_delay.count()),
              WIFSIGNALED(push_status) ? "killed" : "had already ended", at_kill, kRecords);
  CHECK(at_kill <= kRecords);
  const ProcessResult resumed = sync_to_end(hub, full);
  CHECK(hub.record_count("enquiry") == kRecords);
  // Resumed from the push checkpoint: what the hub had committed is not sent again, apart from at
  // most the one batch whose Ack the kill cut off.
  CHECK(reported(resumed.out, "sent") <= kRecords - at_kill + 500);
  CHECK(enquiries_in(full) == kRecords);

  // The pull of a second device is killed part-way too, then run again to the end.
  const auto pull_delay = random_delay(rng, 20, 160);
  const int pull_status =
      sync_killed_after(hub, ben.db(), {"--ca", hub.cert(), "--hub", hub.address()}, pull_delay);
  const size_t pulled_at_kill = enquiries_in(ben.db());
  std::printf("pull killed after %lld ms: %s; the device then held %zu enquiries\n",
              static_cast<long long>(pull_delay.count()),
              WIFSIGNALED(pull_status) ? "killed" : "had already ended", pulled_at_kill);
  const ProcessResult pulled = ben.sync();
  REQUIRE(pulled.exit_code == kExitOk);
  // Resumed from the pull checkpoint (the roster's few records aside).
  CHECK(reported(pulled.out, "received") <= kRecords - pulled_at_kill + 500 + 10);
  CHECK(enquiries_in(ben.db()) == kRecords);
  CHECK(ben.export_json("enquiry") == hub.export_json("enquiry"));
  CHECK(
      run_triad({"--db", full, "export", "--format", "json", "enquiry"}, hub.dir().path().string())
          .out == hub.export_json("enquiry"));

  hub.stop();
  check_integrity("the device's store", full);
  check_integrity("the second device's store", ben.db());
  check_integrity("the hub's store", hub.db());
}

TEST_CASE("a hub killed mid-sync restarts on the same store and nothing is lost",
          "[integration][resume]") {
  std::mt19937_64 rng(testing::test_seed("hub killed mid-sync"));
  HubProcess hub;
  hub.start();
  const std::string full = make_device_with_enquiries(hub, "Fortismere", "Ana Diaz", kRecords,
                                                      {{hub.address()}, hub.cert(), false, ""});
  Device ben(hub, "Woodroffe", "Ben Lee");

  const std::string home = hub.dir().path().string();
  const auto delay = random_delay(rng, 20, 160);
  size_t committed = 0;
  {
    ChildProcess sync(TRIAD_CLI_PATH, {"--db", full, "sync", "--timeout", "10"}, triad_env(home),
                      hub.dir().file("sync.log"));
    const bool ended_early = sync.wait_for(delay).has_value();
    hub.kill();
    const auto status = sync.wait_for(15s);
    REQUIRE(status);
    REQUIRE(WIFEXITED(*status));
    const int code = WEXITSTATUS(*status);
    const std::string err = read_file_bytes(hub.dir().file("sync.log"));
    committed = hub.record_count("enquiry");
    std::printf(
        "hub killed after %lld ms; the sync %s with exit %d; the hub had committed %zu of %zu "
        "enquiries\n",
        static_cast<long long>(delay.count()), ended_early ? "had already ended" : "then ended",
        code, committed, kRecords);
    INFO("the device said: " << err);
    // Exit 0 only when the session had run to its end before the kill landed (its TLS goodbye
    // ignores a vanished hub); cut off before that, it is a network failure: retry later.
    CHECK((code == kExitOk || code == kExitNetwork));
    if (code == kExitNetwork) CHECK(contains(err, "sync again"));
    if (code == kExitOk) CHECK(committed == kRecords);
  }
  check_integrity("the hub's store after the crash", hub.db());

  hub.start();  // same store, a new port
  const ProcessResult again = sync_to_end(hub, full);
  CHECK(hub.record_count("enquiry") == kRecords);
  CHECK(reported(again.out, "sent") <=
        kRecords - committed + 500);  // from the checkpoint, not from scratch
  ben.sync_ok();
  CHECK(enquiries_in(ben.db()) == kRecords);
  CHECK(ben.export_json("enquiry") == hub.export_json("enquiry"));

  hub.stop();
  check_integrity("the device's store", full);
  check_integrity("the hub's store", hub.db());
}

// The kill loop: TRIAD_KILLS times (20 by default; the long run uses 100), a random one of the
// pushing client, the pulling client and the hub is SIGKILLed at a random moment of a real sync
// over TLS, with fresh work each round. Every store must stay sound after every kill, and at the
// end everything converges with nothing lost.
TEST_CASE("kill loop: clients and the hub killed at random moments lose nothing",
          "[integration][resume][kill]") {
  const char* env = std::getenv("TRIAD_KILLS");
  const int kills = env && *env ? std::atoi(env) : 20;
  std::mt19937_64 rng(testing::test_seed("kill loop"));
  HubProcess hub;
  hub.start();
  const std::string full = make_device_with_enquiries(hub, "Fortismere", "Ana Diaz", kRecords,
                                                      {{hub.address()}, hub.cert(), false, ""});
  Device ben(hub, "Woodroffe", "Ben Lee");
  const std::string home = hub.dir().path().string();
  size_t expected = kRecords;
  int killed = 0;
  int round = 0;
  for (; killed < kills && round < 3 * kills;
       ++round) {  // until `kills` syncs were really cut short
    {              // fresh work for Ana's device while no sync runs
      auto store = open_store(full);
      for (int i = 0; i < 300; ++i)
        REQUIRE(store->create_record(
            "enquiry", {{"title", core::FieldEdit::Op::kAssign, "Round " + std::to_string(round)},
                        {"scope", core::FieldEdit::Op::kAssign, "alliance"}}));
      expected += 300;
    }
    const auto delay = random_delay(rng, 2, 60);
    const int victim = static_cast<int>(rng() % 3);
    INFO("round " << round << ", victim " << victim << ", delay " << delay.count() << " ms");
    if (victim < 2) {
      const int status =
          sync_killed_after(hub, victim == 0 ? full : ben.db(), {"--hub", hub.address()}, delay);
      killed += WIFSIGNALED(status) ? 1 : 0;
    } else {
      ChildProcess sync(TRIAD_CLI_PATH,
                        {"--db", full, "sync", "--timeout", "10", "--hub", hub.address()},
                        triad_env(home), hub.dir().file("sync.log"));
      (void)sync.wait_for(delay);
      hub.kill();
      ++killed;
      REQUIRE(sync.wait_for(15s));
      check_integrity("the hub's store after a kill", hub.db());
      hub.start();
    }
    check_integrity("Ana's store after a kill", full);
    check_integrity("Ben's store after a kill", ben.db());
  }
  std::printf("kill loop: %d rounds, %d processes killed mid-sync\n", round, killed);
  sync_to_end(hub, full);
  ben.sync_ok();
  CHECK(hub.record_count("enquiry") == expected);
  CHECK(enquiries_in(ben.db()) == expected);
  CHECK(ben.export_json("enquiry") == hub.export_json("enquiry"));
  CHECK(killed >= kills);
}
