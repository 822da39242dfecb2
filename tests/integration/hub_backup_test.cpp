// triad-hub backup and restore with the real binaries over TLS on 127.0.0.1 (issue 17, item 3): a
// consistent backup of a live hub taken while a device syncs 2,000 records into it; an older
// backup restored, after which every device's work confirmed by the newer hub comes back to it;
// and what each command refuses.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "hub_process.h"
#include "triad/core/store.h"

using namespace triad;
using namespace triad::integration;
namespace fs = std::filesystem;

namespace {

using Op = core::FieldEdit::Op;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// `n` enquiries written straight into a device's store, as a busy week of records would be.
void add_enquiries(const Device& device, int n, const std::string& title) {
  auto store = core::Store::open(device.db());
  REQUIRE(store.is_ok());
  REQUIRE((*store)->in_one_transaction([&] {
    for (int i = 0; i < n; ++i)
      TRIAD_RETURN_IF_ERROR(
          (*store)
              ->create_record("enquiry", {{"title", Op::kAssign, title + " " + std::to_string(i)},
                                          {"scope", Op::kAssign, "alliance"}})
              .status());
    return core::Status::ok();
  }));
}

bool holds(const Device& d, const std::string& id) {
  return d.run({"get", id}).exit_code == kExitOk;
}

}  // namespace

TEST_CASE(
    "a live hub is backed up while it serves, and an older backup restored brings back "
    "every device's confirmed work",
    "[integration][backup]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Woodroffe", "Ben Lee");
  hub.start();
  const std::string early = ana.add("enquiry", {"title=Before the backup", "scope=alliance"});
  ana.sync_ok();
  ben.sync_ok();

  // The backup is taken while Ben's device pushes 2,000 records into the serving hub.
  add_enquiries(ben, 2000, "Busy week");
  ChildProcess syncing(TRIAD_CLI_PATH, ben.sync_args(), triad_env(hub.dir().path().string()),
                       hub.dir().file("ben-sync.err"));
  const std::string backup = hub.dir().file("backups/hub-monday.db");
  fs::create_directories(hub.dir().file("backups"));
  const ProcessResult made = hub.admin({"backup", backup});
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == kExitOk);
  CHECK(contains(made.out, "backed up the hub of The Mead: "));
  CHECK(contains(made.out, ", checked"));
  CHECK(mode_of(backup) == 0600);
  const std::optional<int> synced = syncing.wait_for(60s);
  REQUIRE(synced);
  CHECK(WEXITSTATUS(*synced) == kExitOk);
  const size_t in_backup = [&] {
    auto copy = core::Store::open(backup);
    REQUIRE(copy.is_ok());
    return (*copy)->list("enquiry")->size();
  }();
  INFO("enquiries in the backup: " << in_backup);
  CHECK(in_backup >= 1);  // a moment of the sync: all of Ben's batches committed by then, or none
  CHECK(in_backup <= 2001);

  // After the backup, both devices record more, and the hub confirms it.
  const std::string from_ana = ana.add("enquiry", {"title=Confirmed after", "scope=alliance"});
  const std::string from_ben = ben.add("enquiry", {"title=Ben's, after", "scope=alliance"});
  ana.sync_ok();
  ben.sync_ok();
  ana.sync_ok();
  REQUIRE(hub.record_count("enquiry") == 2003);

  SECTION("restore refuses while the hub serves") {
    const ProcessResult r = hub.admin({"restore", backup});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "a triad-hub is serving"));
    CHECK(hub.record_count("enquiry") == 2003);
  }
  SECTION("the hub's disk is lost: the backup is restored and the devices fill it in") {
    hub.stop();
    const ProcessResult r = hub.admin({"restore", backup});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == kExitOk);
    CHECK(contains(r.out, "restored the hub of The Mead"));
    CHECK(contains(r.out, "is kept as " + hub.db() + ".replaced-"));
    CHECK(mode_of(hub.db()) == 0600);
    hub.start();
    CHECK(hub.record_count("enquiry") == in_backup);

    const ProcessResult again = ana.sync();
    INFO(again.out << again.err);
    REQUIRE(again.exit_code == kExitOk);
    CHECK(contains(again.out, "The hub's store is older than this device's last sync"));
    ben.sync_ok();
    CHECK(hub.record_count("enquiry") == 2003);  // every device's confirmed work is back
    ana.sync_ok();
    CHECK(holds(ana, from_ben));
    CHECK(holds(ben, from_ana));
    CHECK(holds(ben, early));
  }
}

TEST_CASE("backup and restore refuse what would lose or mix data", "[integration][backup]") {
  HubProcess hub;
  hub.start();
  const std::string taken = hub.dir().file("taken.db");
  REQUIRE(hub.admin({"backup", taken}).exit_code == kExitOk);
  const ProcessResult over = hub.admin({"backup", taken});
  CHECK(over.exit_code != kExitOk);
  CHECK(contains(over.err, "choose a new file name"));
  // One process serves an SQLite hub: a second is refused at once (the lock restore looks for).
  const ProcessResult second =
      hub.admin({"serve", "--listen", "127.0.0.1:0", "--insecure-plaintext"});
  CHECK(second.exit_code == 2);
  CHECK(contains(second.err, "another triad-hub is serving"));
  hub.stop();

  const std::string junk = hub.dir().file("junk.db");
  std::ofstream(junk) << "a spreadsheet, not a backup";
  const ProcessResult not_hub = hub.admin({"restore", junk});
  CHECK(not_hub.exit_code == 2);
  CHECK(contains(not_hub.err, "is not a hub's backup"));

  HubProcess other(HubOptions{.alliance = "North Trust"});
  const std::string theirs = other.dir().file("north.db");
  REQUIRE(other.admin({"backup", theirs}).exit_code == kExitOk);
  const ProcessResult mixed = hub.admin({"restore", theirs});
  CHECK(mixed.exit_code == 2);
  CHECK(contains(mixed.err, "the backup is of North Trust, and"));
  CHECK(contains(mixed.err, "nothing was changed"));
  CHECK(hub.admin({"devices"}).exit_code == kExitOk);  // the store is still The Mead's
}
