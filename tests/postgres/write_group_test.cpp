// A group of edits on PostgreSQL (Store::in_one_transaction, the hub's group commit) beside another
// hub process on the same database. The group holds the write lock from its first edit; an edit
// that fails gives back a lock it took, and then the next edit must read again what another process
// may have stored meanwhile.
#include <catch2/catch.hpp>

#include "postgres_database.h"
#include "test_support.h"
#include "triad/core/store.h"
#include "triad/postgres/postgres_engine.h"

using namespace triad::core;
using namespace triad::testing;
using triad::postgres::PostgresEngine;

namespace {

FieldEdits enquiry(const std::string& title) { return {{"title", FieldEdit::Op::kAssign, title}}; }

}  // namespace

TEST_CASE("an edit after a failed first edit of a group stamps above what another process stored",
          "[postgres][store][batch]") {
  PostgresTestDatabase db;
  ManualClock mine, theirs;
  theirs.advance(60'000);  // the other hub process's wall clock is a minute ahead
  StoreOptions o = options_with(mine, 1), other_o = options_with(theirs, 1);
  o.enrol_identity = other_o.enrol_identity = false;
  auto engine = PostgresEngine::open(db.conninfo());
  REQUIRE(engine);
  auto hub = Store::create_on(std::move(engine.value()), "The Mead", "hub", o).value();
  auto other = Store::open_on(PostgresEngine::open(db.conninfo()).value(), other_o).value();
  RecordId theirs_made, mine_made;
  REQUIRE(hub->in_one_transaction([&] {
    // The first edit takes the write lock and reads the stored clock, then fails: its lock goes.
    CHECK(hub->delete_record(RecordId::derive("enquiry", "none")).code() == StatusCode::kNotFound);
    // So the other process writes now (it would wait on the lock otherwise), a minute ahead.
    auto made = other->create_record("enquiry", enquiry("Theirs"));
    INFO(made.status().message());
    REQUIRE(made);
    theirs_made = *made;
    made = hub->create_record("enquiry", enquiry("Mine"));
    INFO(made.status().message());
    REQUIRE(made);
    mine_made = *made;
    return Status::ok();
  }));
  const RecordState a = hub->get(mine_made).value().value();
  const RecordState b = hub->get(theirs_made).value().value();
  CHECK(a.header.created.hlc > b.header.created.hlc);  // unique and after: one site, one clock
  CHECK(hub->changes_since(0, 100, size_t{1} << 20).value().records.back().header.id == mine_made);
}
