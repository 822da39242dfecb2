// Restored stores, restored hubs and revoked tokens with the real binaries over TLS on 127.0.0.1
// (issue 12, items 1 and 6): a device store put back from a backup gets its original's later
// changes and says so; the other live copy is then refused with what to do; a hub put back from
// a backup gets everything back from the devices; a revoked token's open session ends.
#include <catch2/catch.hpp>
#include <filesystem>

#include "hub_process.h"
#include "raw_client.h"

using namespace triad;
using namespace triad::integration;
namespace fs = std::filesystem;

namespace {

// A copy of a store file as a backup tool makes one, while no process has it open.
void copy_store(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal"}) {
    fs::remove(to + suffix);
    if (fs::exists(from + suffix)) fs::copy_file(from + suffix, to + suffix);
  }
}

void move_store(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(to + suffix);
    if (fs::exists(from + suffix)) fs::rename(from + suffix, to + suffix);
  }
}

bool holds(const Device& d, const std::string& id) {
  return d.run({"get", id}).exit_code == kExitOk;
}

}  // namespace

TEST_CASE(
    "a device store restored from a backup gets its later changes back, and its other copy is "
    "refused",
    "[integration][restore]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  const std::string before = ana.add("enquiry", {"title=Before the backup", "scope=alliance"});
  ana.sync_ok();
  const std::string backup = hub.dir().file("ana-backup.db");
  copy_store(ana.db(), backup);
  const std::string after = ana.add("enquiry", {"title=After the backup", "scope=alliance"});
  ana.sync_ok();

  // The laptop is reinstalled and last week's backup put back where the store was.
  const std::string original = hub.dir().file("ana-original.db");
  move_store(ana.db(), original);
  copy_store(backup, ana.db());
  const ProcessResult restored = ana.sync();
  INFO(restored.out << restored.err);
  REQUIRE(restored.exit_code == kExitOk);
  CHECK(contains(restored.out, "older than a copy of it that synced with the hub since"));
  CHECK(holds(ana, before));
  CHECK(holds(ana, after));  // before the fix: never, and `status` said nothing was wrong
  const std::string typed =
      ana.add("enquiry", {"title=Typed on the restored store", "scope=alliance"});
  ana.sync_ok();
  CHECK(contains(hub.export_json(), typed));

  // The old disk turns up and its store syncs again: refused, with the ways out, its work kept.
  const std::string restored_path = hub.dir().file("ana-restored.db");
  move_store(ana.db(), restored_path);
  move_store(original, ana.db());
  ana.add("enquiry", {"title=On the old disk", "scope=alliance"});
  const ProcessResult old_disk = ana.sync();
  INFO(old_disk.out << old_disk.err);
  CHECK(old_disk.exit_code == kExitBadInput);
  CHECK(contains(old_disk.err, "another copy of this store"));
  CHECK(contains(old_disk.err, "triad merge"));
  CHECK(contains(old_disk.err, "triad-hub replace " + ana.token_id()));
  // The way out the message names: merge the old disk's store into the one in use.
  const ProcessResult merged =
      run_triad({"--db", restored_path, "merge", ana.db()}, hub.dir().path().string());
  INFO(merged.out << merged.err);
  CHECK(merged.exit_code == kExitOk);
}

TEST_CASE(
    "a hub restored from a backup gets back what the devices had confirmed with the newer hub",
    "[integration][restore]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Woodroffe", "Ben Lee");
  hub.start();
  ana.sync_ok();
  ben.sync_ok();
  hub.stop();
  const std::string backup = hub.dir().file("hub-backup.db");
  copy_store(hub.db(), backup);
  hub.start();
  const std::string from_ana =
      ana.add("enquiry", {"title=Confirmed by the newer hub", "scope=alliance"});
  const std::string from_ben =
      ben.add("enquiry", {"title=Ben's, also confirmed", "scope=alliance"});
  ana.sync_ok();
  ben.sync_ok();
  ana.sync_ok();
  REQUIRE(contains(hub.export_json(), from_ana));
  hub.stop();
  move_store(hub.db(), hub.dir().file("hub-lost.db"));
  copy_store(backup, hub.db());
  hub.start();
  REQUIRE_FALSE(contains(hub.export_json(), from_ana));

  const ProcessResult r = ana.sync();
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == kExitOk);
  CHECK(contains(r.out, "The hub's store is older than this device's last sync"));
  ben.sync_ok();
  const std::string at_hub = hub.export_json();
  CHECK(contains(at_hub, from_ana));
  CHECK(contains(at_hub, from_ben));
  ana.sync_ok();
  CHECK(holds(ana, from_ben));
}

TEST_CASE("revoking a token ends the session it has open", "[integration][restore]") {
  HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Raw Device");
  hub.start();
  RawConnection raw(hub.port(), hub.tls(), hub.cert());
  REQUIRE(raw.send(hello_envelope(token, 0x5eed)));
  auto welcome = raw.read_frame(std::chrono::seconds(5));
  REQUIRE(welcome);
  REQUIRE(welcome->has_welcome());
  v1::Envelope push;
  push.mutable_push()->set_push_number(1);
  REQUIRE(raw.send(push));
  auto ack = raw.read_frame(std::chrono::seconds(5));
  REQUIRE(ack);
  REQUIRE(ack->has_ack());  // the session is open and working
  const ProcessResult revoked = hub.admin({"revoke", token.substr(0, token.find('.'))});
  REQUIRE(revoked.exit_code == kExitOk);
  push.mutable_push()->set_push_number(2);
  REQUIRE(raw.send(push));
  auto after = raw.read_frame(std::chrono::seconds(5));
  REQUIRE(after);
  CHECK(after->has_error());
  CHECK(after->error().code() == v1::UNAUTHENTICATED);
  CHECK(contains(after->error().message(), "revoked"));
  CHECK(raw.closed_by_hub(std::chrono::seconds(5)));
}
