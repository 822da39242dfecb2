// Storage fault loops in the style of SQLite's do_faultsim_test: fail the Nth file operation
// (read, write, sync, truncate) during an operation, for N = 1, 2, 3 ... until a run injects no
// fault. After each, the store reopens, passes PRAGMA integrity_check, and holds the state of
// before the operation or of after it, never anything between.
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <iterator>

#include "fault_vfs.h"
#include "replica_trio.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

constexpr SiteId kPeer = 0x77;

struct Snapshot {
  std::vector<RecordState> records;
  uint64_t pulled = 0, pushed = 0;
  bool operator==(const Snapshot&) const = default;
};

// The same clock and the same random bits every time, so "after" is the same in every run.
StoreOptions fixed_options(ManualClock& clock) {
  StoreOptions o = options_with(clock, 0);
  auto n = std::make_shared<uint64_t>(0);
  o.random = [n] { return ++*n * 0x9e3779b97f4a7c15ull; };
  o.synchronous_full = true;
  return o;
}

Snapshot snapshot(Store& s) {
  auto peer = s.peer(kPeer).value();
  return {full_state(s), peer.pulled_seq, peer.pushed_seq};
}

using Operation = std::function<Status(Store&)>;

// Runs `op` on copies of `base` with the Nth file operation failing, N = 1, 2, ...
void fault_loop(const std::string& base, const Operation& op, const char* name) {
  install_fault_vfs();
  TempDir dir;
  ManualClock clock;
  auto run_copy = [&](int fault_at, Status& result, bool& injected) {
    const std::string path = dir.file("run.db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::filesystem::copy_file(base, path);
    auto store = Store::open(path, fixed_options(clock)).value();
    fail_file_operation(fault_at);
    result = op(*store);
    injected = fault_injected();
    fail_file_operation(0);
    store.reset();
    auto reopened = Store::open(path, fixed_options(clock));
    REQUIRE(reopened);
    REQUIRE((*reopened)->check_integrity().is_ok());
    return snapshot(**reopened);
  };
  Status status;
  bool injected = false;
  const Snapshot before = [&] {
    auto s = Store::open(base, fixed_options(clock)).value();
    return snapshot(*s);
  }();
  const Snapshot after = run_copy(0, status, injected);
  REQUIRE(status.is_ok());
  REQUIRE_FALSE(after == before);
  int n = 1;
  for (;; ++n) {
    INFO(name << ": file operation " << n << " fails");
    const Snapshot got = run_copy(n, status, injected);
    CHECK((got == before || got == after));
    if (!injected) {
      CHECK(status.is_ok());
      break;
    }
    if (!status.is_ok())
      CHECK((status.code() == StatusCode::kStoreError || status.code() == StatusCode::kCorrupt));
    REQUIRE(n < 2000);
  }
  std::printf("%s: %d fault points, each wholly done or not at all\n", name, n - 1);
  CHECK(n > 3);  // the operation did touch the disk
}

// A store with a few records, a peer checkpoint, and another store's batch ready to merge.
struct Base {
  TempDir dir;
  ManualClock clock;
  std::string path = dir.file("base.db");
  RecordId observation, log;
  std::vector<RecordState> batch;
  uint64_t batch_seq = 0;

  Base() {
    {
      auto s = Store::create(path, "Fortismere", "Ana Diaz", fixed_options(clock)).value();
      observation = s->create_record("observation", {set_field("observed_teacher", "Ana Diaz"),
                                                     set_field("notes", "v1")})
                        .value();
      log = s->create_record("learning_log", {set_field("title", "Journal")}).value();
      for (int i = 0; i < 3; ++i)
        REQUIRE(s->create_record(
            "log_entry",
            {set_field("log", log.to_string()),
             set_field("date", "2014-01-0" + std::to_string(i + 1)), set_field("text", "entry")}));
      REQUIRE(s->confirm_pushed(kPeer, "peer", 1).is_ok());
    }
    auto other =
        Store::create(":memory:", "Woodroffe", "Ben Lee", options_with(clock, kPeer)).value();
    for (int i = 0; i < 20; ++i)
      REQUIRE(other->create_record("enquiry", {set_field("title", "E" + std::to_string(i)),
                                               set_field("scope", "alliance")}));
    auto b = other->changes_since(0, 1000, SIZE_MAX).value();
    batch = b.records;
    batch_seq = b.last_seq;
  }
};

}  // namespace

TEST_CASE("fault loop: a local edit happens wholly or not at all", "[core][fault]") {
  Base base;
  fault_loop(
      base.path,
      [&](Store& s) {
        return s.update_record(base.observation,
                               {set_field("notes", "v2"), set_field("focus", "Questioning")});
      },
      "local edit");
}

TEST_CASE("fault loop: a received batch and its checkpoint commit together or not at all",
          "[core][fault]") {
  Base base;
  fault_loop(
      base.path,
      [&](Store& s) {
        auto r = s.apply(base.batch, kPeer, "peer", base.batch_seq);
        return r ? Status::ok() : r.status();
      },
      "merge batch");
}

TEST_CASE("fault loop: a checkpoint write happens wholly or not at all", "[core][fault]") {
  Base base;
  fault_loop(
      base.path, [&](Store& s) { return s.confirm_pushed(kPeer, "peer", 99); }, "checkpoint");
}

TEST_CASE("fault loop: a delete with its cascade happens wholly or not at all", "[core][fault]") {
  Base base;
  fault_loop(
      base.path, [&](Store& s) { return s.delete_record(base.log); }, "delete cascade");
}

TEST_CASE("a full disk during a merge: a clear error and nothing half-written", "[core][fault]") {
  Base base;
  install_fault_vfs();
  ManualClock clock;
  auto store = Store::open(base.path, fixed_options(clock)).value();
  const Snapshot before = snapshot(*store);
  fail_file_operation(1, /*disk_full=*/true);
  auto applied = store->apply(base.batch, kPeer, "peer", base.batch_seq);
  fail_file_operation(0);
  REQUIRE_FALSE(applied);
  CHECK(applied.status().code() == StatusCode::kStoreError);
  CHECK_THAT(applied.status().message(), Catch::Contains("disk is full"));
  store.reset();
  auto reopened = Store::open(base.path, fixed_options(clock)).value();
  CHECK(reopened->check_integrity().is_ok());
  CHECK(snapshot(*reopened) == before);
}

TEST_CASE("a damaged store file is reported as damaged and never changed", "[core][fault]") {
  Base base;
  {  // scribble over the b-tree header of every page after the first (which holds the format)
    const auto size = std::filesystem::file_size(base.path);
    std::fstream f(base.path, std::ios::in | std::ios::out | std::ios::binary);
    for (uint64_t page = 4096; page + 64 < size; page += 4096) {
      f.seekp(static_cast<std::streamoff>(page));
      f.write("\x0d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 12);
    }
  }
  std::ifstream in(base.path, std::ios::binary);
  const std::string damaged{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ManualClock clock;
  auto store = Store::open(base.path, fixed_options(clock));
  Status found = store.is_ok() ? (*store)->check_integrity() : store.status();
  CHECK(found.code() == StatusCode::kCorrupt);
  if (store) store->reset();
  std::ifstream again(base.path, std::ios::binary);
  CHECK(std::string{std::istreambuf_iterator<char>(again), std::istreambuf_iterator<char>()} ==
        damaged);
}

TEST_CASE("the injected-fault seam fails a statement mid-transaction and the edit rolls back",
          "[core][fault]") {
  ManualClock clock;
  int countdown = 0;
  StoreOptions o = options_with(clock, 1);
  o.inject_fault = [&countdown] { return countdown > 0 && --countdown == 0; };
  auto s = Store::create(":memory:", "Fortismere", "Ana Diaz", o).value();
  auto log = s->create_record("learning_log", {set_field("title", "Journal")}).value();
  for (int i = 0; i < 3; ++i)
    REQUIRE(
        s->create_record("log_entry", {set_field("log", log.to_string()),
                                       set_field("date", "2014-01-01"), set_field("text", "t")}));
  const auto before = full_state(*s);
  int failures = 0;
  for (int n = 1; n < 40; ++n) {
    countdown = n;
    const Status st = s->delete_record(log);  // a cascade: several statements in one transaction
    countdown = 0;                            // no fault in the reads that check it
    if (!st.is_ok()) {
      ++failures;
      CHECK(full_state(*s) == before);  // nothing of a failed delete remains
      continue;
    }
    CHECK(s->get(log).value()->is_deleted());
    CHECK(s->list("log_entry")->empty());
    break;
  }
  CHECK(failures > 3);
}
