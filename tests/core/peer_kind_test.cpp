// What a peer is (PeerKind) is kept, not read from its name (issue 13, part 5): a store merged as a
// file is never taken for the hub, whatever its school is called, and store format 8 marks the
// peers of stores written before from what they hold.
#include <catch2/catch.hpp>

#include "raw_sql.h"
#include "test_support.h"
#include "triad/core/exchange.h"
#include "triad/core/store.h"

using namespace triad::core;
using namespace triad::testing;

TEST_CASE("a store merged as a file is a store peer, whatever its school is called",
          "[core][store][peer-kind]") {
  ManualClock clock;
  auto ana = Store::create(":memory:", "Fortismere", "Ana Diaz", options_with(clock, 1)).value();
  auto odd =
      Store::create(":memory:", "hub of The Mead", "Ben Lee", options_with(clock, 2)).value();
  REQUIRE(merge_stores(*ana, *odd));
  const auto peer = ana->peer(2).value();
  CHECK(peer.name == "hub of The Mead / Ben Lee");
  CHECK(peer.kind == PeerKind::kStore);
  REQUIRE(ana->start_session(9, "hub of The Mead", SessionStart{7, 0, std::nullopt, std::nullopt}));
  CHECK(ana->peer(9)->kind == PeerKind::kHub);  // a session was begun with it
  CHECK(ana->peer(2)->kind == PeerKind::kStore);
}

TEST_CASE("a store of format 7 keeps its hub as the hub and a merged store as a store",
          "[core][store][peer-kind]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  ManualClock clock;
  Store::create(path, "Fortismere", "Ana Diaz", options_with(clock, 1)).value().reset();
  // As format 7 laid the peers out: no kind, the hub told by its name (and no audience index).
  sql(path,
      "DROP TABLE audience; ALTER TABLE peer DROP COLUMN kind; PRAGMA user_version = 7;"
      "INSERT INTO peer(site, name, generation) VALUES(9, 'hub of The Mead', 3),"
      "(8, 'hub of The Vale', 0), (2, 'hub of The Mead / Ben Lee', 0), (3, 'Woodroffe / Cara', 0)");
  auto store = Store::open(path, options_with(clock, 1)).value();
  CHECK(store->peer(9)->kind == PeerKind::kHub);
  CHECK(store->peer(8)->kind == PeerKind::kHub);  // a hub before generations (protocol 1.0)
  CHECK(store->peer(2)->kind == PeerKind::kStore);
  CHECK(store->peer(3)->kind == PeerKind::kStore);
}
