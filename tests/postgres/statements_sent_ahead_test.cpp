// Statements sent ahead (libpq's pipeline mode, Connection::send): they run in order before
// anything after them, their failures are not lost, and through the store's engine a failed
// edit is undone alone, as when every statement waited for its answer. A store's reads are
// marked to be planned for their values keep no plan on the connection.
#include <catch2/catch.hpp>
#include <string>

#include "postgres_database.h"
#include "test_support.h"
#include "triad/core/device_registry.h"
#include "triad/core/store.h"
#include "triad/postgres/connection.h"
#include "triad/postgres/postgres_engine.h"

using triad::core::StatusCode;
using triad::postgres::Connection;
using triad::postgres::Params;
using triad::postgres::PostgresEngine;
using triad::testing::PostgresTestDatabase;

namespace {

int64_t count_notes(Connection& conn) {
  auto rows = conn.query("counting", "SELECT count(*) FROM note");
  REQUIRE(rows);
  return rows->int64(0, 0);
}

}  // namespace

TEST_CASE("statements sent ahead run in order before the next one that waits", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = Connection::open(db.conninfo()).value();
  REQUIRE(conn->exec("creating", "CREATE TABLE note (n bigint PRIMARY KEY)"));
  for (int64_t n = 1; n <= 600; ++n)  // more than are ever left unread at once
    REQUIRE(conn->send("inserting", "INSERT INTO note VALUES ($1)", Params().int64(n)));
  REQUIRE(conn->send("deleting", "DELETE FROM note WHERE n > $1", Params().int64(500)));
  CHECK(count_notes(*conn) == 500);  // the query waited for all of them, in order
  REQUIRE(conn->send("updating", "UPDATE note SET n = -n WHERE n <= $1", Params().int64(7)));
  REQUIRE(conn->finish_sent());
  CHECK(conn->last_sent_changed() == 7);
  CHECK_FALSE(conn->in_transaction());
}

TEST_CASE("a statement sent ahead that fails is reported by the next call, saying what it did",
          "[postgres]") {
  PostgresTestDatabase db;
  auto conn = Connection::open(db.conninfo()).value();
  REQUIRE(conn->exec("creating", "CREATE TABLE note (n bigint PRIMARY KEY)"));
  REQUIRE(conn->exec_script("beginning", "BEGIN"));
  REQUIRE(conn->send("inserting note 1", "INSERT INTO note VALUES ($1)", Params().int64(1)));
  REQUIRE(conn->send("inserting note 1 again", "INSERT INTO note VALUES ($1)", Params().int64(1)));
  REQUIRE(conn->send("inserting note 2", "INSERT INTO note VALUES ($1)", Params().int64(2)));
  auto rows = conn->query("counting", "SELECT count(*) FROM note");
  REQUIRE_FALSE(rows);
  INFO(rows.status().message());
  CHECK(rows.status().code() == StatusCode::kFailedPrecondition);
  CHECK(rows.status().message().find("inserting note 1 again") != std::string::npos);
  CHECK(conn->transaction_failed());
  // A ROLLBACK still runs after the failure; the connection is whole again.
  REQUIRE(conn->exec_script("rolling back", "ROLLBACK"));
  CHECK(count_notes(*conn) == 0);
  REQUIRE(conn->send("inserting note 3", "INSERT INTO note VALUES ($1)", Params().int64(3)));
  REQUIRE(conn->finish_sent());
  CHECK(count_notes(*conn) == 1);
}

TEST_CASE("through the store's engine a failed edit is undone alone and the others commit",
          "[postgres]") {
  PostgresTestDatabase db;
  auto engine = PostgresEngine::open(db.conninfo()).value();
  REQUIRE(engine->exec("CREATE TABLE note (n bigint PRIMARY KEY)"));
  const auto insert = [&](int64_t n) {
    auto q = engine->prepare("INSERT INTO note VALUES (?1)");
    REQUIRE(q);
    (*q)->bind_int64(1, n);
    auto more = (*q)->step();  // sent ahead: no answer yet, so no error yet
    (*q)->reset();
    return more.is_ok() && !*more;
  };
  REQUIRE(engine->begin_write());
  for (int64_t n : {1, 1, 2}) {  // the second edit repeats the first's key
    REQUIRE(engine->exec("SAVEPOINT edit"));
    REQUIRE(insert(n));
    const triad::core::Status finished = engine->finish_statements();
    if (finished.is_ok()) {
      REQUIRE(engine->exec("RELEASE edit"));
    } else {
      CHECK(finished.code() == StatusCode::kStoreError);
      REQUIRE(engine->exec("ROLLBACK TO edit"));
    }
  }
  REQUIRE(engine->exec("COMMIT"));
  auto q = engine->prepare("SELECT n FROM note ORDER BY n");
  REQUIRE(q);
  std::vector<int64_t> kept;
  while ((*q)->step().value()) kept.push_back((*q)->int64(0));
  (*q)->reset();
  CHECK(kept == std::vector<int64_t>{1, 2});
}

TEST_CASE("a failure sent ahead is not lost when the transaction commits", "[postgres]") {
  PostgresTestDatabase db;
  auto engine = PostgresEngine::open(db.conninfo()).value();
  REQUIRE(engine->exec("CREATE TABLE note (n bigint PRIMARY KEY)"));
  REQUIRE(engine->begin_write());
  for (int64_t n : {1, 1}) {
    auto q = engine->prepare("INSERT INTO note VALUES (?1)");
    (*q)->bind_int64(1, n);
    REQUIRE((*q)->step().is_ok());
    (*q)->reset();
  }
  const triad::core::Status committed = engine->exec("COMMIT");
  CHECK_FALSE(committed.is_ok());
  CHECK(engine->autocommit());
  auto q = engine->prepare("SELECT count(*) FROM note");
  REQUIRE((*q)->step().value());
  CHECK((*q)->int64(0) == 0);
  (*q)->reset();
}

TEST_CASE("an edit undone with ROLLBACK TO does not leave the next edit without the write lock",
          "[postgres]") {
  PostgresTestDatabase db;
  auto engine = PostgresEngine::open(db.conninfo()).value();
  auto watcher = Connection::open(db.conninfo()).value();
  const int pid = engine->connection().backend_pid();
  const auto holds_write_lock = [&] {
    auto rows = watcher->query("looking at locks",
                               "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                               "granted AND pid = $1",
                               Params().int64(pid));
    REQUIRE(rows);
    return rows->int64(0, 0) > 0;
  };
  REQUIRE(engine->begin_write());
  CHECK_FALSE(holds_write_lock());  // reads before the first edit take no lock
  REQUIRE(engine->exec("SAVEPOINT edit"));
  REQUIRE(engine->lock_for_edit());
  CHECK(holds_write_lock());
  REQUIRE(engine->exec("ROLLBACK TO edit"));  // the failed edit: its lock goes with it
  REQUIRE(engine->exec("RELEASE edit"));
  REQUIRE(engine->exec("SAVEPOINT edit"));
  REQUIRE(engine->lock_for_edit());
  CHECK(holds_write_lock());  // the next edit holds it again before it reads or numbers
  REQUIRE(engine->exec("RELEASE edit"));
  REQUIRE(engine->exec("COMMIT"));
  CHECK_FALSE(holds_write_lock());
}

TEST_CASE("a store's reads marked to be planned for their values keep no plan on the connection",
          "[postgres]") {
  PostgresTestDatabase db;
  auto opened = PostgresEngine::open(db.conninfo());
  REQUIRE(opened);
  PostgresEngine* engine = opened->get();  // owned by the store below
  triad::testing::ManualClock clock;
  triad::core::StoreOptions o = triad::testing::options_with(clock, 1);
  o.enrol_identity = false;
  auto store = triad::core::Store::create_on(std::move(opened.value()), "The Mead", "hub", o);
  REQUIRE(store);
  const triad::core::FieldEdits title = {
      {"title", triad::core::FieldEdit::Op::kAssign, "Wait time"}};
  for (int i = 0; i < 8; ++i) {  // more runs than PostgreSQL needs to settle on a kept plan
    auto id = (*store)->create_record("enquiry", title);
    REQUIRE(id);
    REQUIRE((*store)->get(*id).value().has_value());
    auto state = (*store)->get(*id).value().value();
    REQUIRE((*store)->apply({state}, 50, "school", i + 1));
  }
  // A kept plan is made from the table sizes of its first runs, here a nearly empty table.
  // The hub's look-up of a device by site id is marked; the other reads and the writes keep plans.
  auto registry = triad::core::create_hub_registry(**store, "North Star Alliance");
  REQUIRE(registry);
  for (int i = 0; i < 8; ++i) CHECK((*registry)->device_using_site(77, "").value().empty());
  auto kept = engine->connection().query(
      "listing kept plans",
      "SELECT count(*) FILTER (WHERE statement LIKE '%FROM device WHERE (bound_site%'), "
      "count(*) FILTER (WHERE statement LIKE 'INSERT%') FROM pg_prepared_statements");
  REQUIRE(kept);
  CHECK(kept->int64(0, 0) == 0);
  CHECK(kept->int64(0, 1) > 0);
}
