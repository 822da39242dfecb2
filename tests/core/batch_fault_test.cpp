// A batch of edits (Store::in_one_transaction) hit by an I/O error at every possible point: it
// commits exactly the edits that reported success, or nothing when it reports failure, and the
// store is usable afterwards. An importer (and the hub's group commit) goes on after an edit
// fails, so a batch whose transaction SQLite rolled back by itself must not let the rest commit.
#include <catch2/catch.hpp>
#include <filesystem>

#include "fault_vfs.h"
#include "test_support.h"

using namespace triad::core;
using namespace triad::testing;

TEST_CASE("a batch hit by an I/O error keeps exactly what it reported, or nothing",
          "[core][store][batch][fault]") {
  install_fault_vfs();
  TempDir dir;
  ManualClock clock;
  StoreOptions o = options_with(clock, 7);
  o.synchronous_full = true;
  const std::string base = dir.file("base.db");
  Store::create(base, "Fortismere", "Ana Diaz", o).value().reset();
  const auto enquiries = [](Store& s) { return s.list("enquiry").value().size(); };
  int points = 0;
  for (int n = 1; n < 400; ++n) {
    const std::string path = dir.file("run.db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::filesystem::copy_file(base, path);
    auto store = Store::open(path, o).value();
    fail_file_operation(n);
    int reported_ok = 0;
    const Status s = store->in_one_transaction([&] {
      for (int k = 0; k < 4; ++k)  // goes on after a failed edit, as an importer skipping a bad row
        if (store
                ->create_record("enquiry",
                                {{"title", FieldEdit::Op::kAssign, "Enquiry " + std::to_string(k)}})
                .is_ok())
          ++reported_ok;
      return Status::ok();
    });
    const bool injected = fault_injected();
    fail_file_operation(0);
    INFO("fault at file operation " << n << ": batch " << (s.is_ok() ? "ok" : s.message()));
    // The same store object is usable again: not stuck in the batch.
    REQUIRE(store->in_one_transaction([] { return Status::ok(); }).is_ok());
    store.reset();
    auto reopened = Store::open(path, o).value();
    REQUIRE(reopened->check_integrity().is_ok());
    if (s.is_ok())
      CHECK(enquiries(*reopened) == static_cast<size_t>(reported_ok));
    else
      CHECK(enquiries(*reopened) == 0);
    if (!injected) break;
    ++points;
  }
  CHECK(points > 5);
}
