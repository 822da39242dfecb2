// Which commits wait for an fsync: every record change does; a sender's checkpoint, safe to lose
// in a power cut (the records are sent again and merge as no-ops), does not. Counted with the
// fault VFS, which sees every xSync the store asks for.
#include <catch2/catch.hpp>

#include "fault_vfs.h"
#include "test_support.h"

using namespace triad::core;
using namespace triad::testing;

TEST_CASE("record changes are fsynced, a sender's checkpoint is not, and FULL stays on",
          "[core][store][durability]") {
  install_fault_vfs();
  TempDir dir;
  ManualClock clock;
  const auto durable =
      [&](SiteId site) {  // as in production: synchronous=FULL (tests usually skip it)
        StoreOptions o = options_with(clock, site);
        o.synchronous_full = true;
        return o;
      };
  auto ana = Store::create(dir.file("ana.db"), "Fortismere", "Ana Diaz", durable(1)).value();
  auto hub = Store::create(dir.file("hub.db"), "The Mead", "hub", durable(2)).value();

  int before = syncs_so_far();
  auto id = ana->create_record("enquiry", {{"title", FieldEdit::Op::kAssign, "Wait time"}});
  REQUIRE(id);
  CHECK(syncs_so_far() > before);  // a local edit is durable at once

  auto batch = ana->changes_since(0, 100, 1 << 20).value();
  before = syncs_so_far();
  REQUIRE(hub->apply(batch.records, 1, "ana", batch.last_seq));
  CHECK(syncs_so_far() > before);  // a merged batch with its checkpoint is durable at once

  before = syncs_so_far();
  REQUIRE(ana->confirm_pushed(2, "hub", batch.last_seq).is_ok());
  CHECK(syncs_so_far() == before);  // the sender's checkpoint waits for the next durable commit
  CHECK(ana->peer(2)->pushed_seq == batch.last_seq);

  before = syncs_so_far();
  REQUIRE(ana->update_record(*id, {{"phase", FieldEdit::Op::kAssign, "impact"}}).is_ok());
  CHECK(syncs_so_far() > before);  // and the store is back to synchronous=FULL for the next edit
}

TEST_CASE("a session's start is fsynced only when it takes a new site id",
          "[core][store][durability]") {
  install_fault_vfs();
  TempDir dir;
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.synchronous_full = true;
  auto ana = Store::create(dir.file("ana.db"), "Fortismere", "Ana Diaz", o).value();

  int before = syncs_so_far();
  SessionStart plain;
  plain.generation = 7;
  REQUIRE(ana->start_session(2, "hub of The Mead", plain));
  CHECK(syncs_so_far() == before);  // a lost generation reads as a restored store: a new site, safe

  before = syncs_so_far();
  SessionStart renamed;
  renamed.generation = 8;
  renamed.new_site = 0x5173;
  REQUIRE(ana->start_session(2, "hub of The Mead", renamed));
  CHECK(syncs_so_far() > before);  // the hub binds the token to the new site: it must survive
  CHECK(ana->identity().site == 0x5173);
}
