// The PostgreSQL store's migrations (schema.h): applied once, by one process at a time, never to a
// database at a newer version or to someone else's database.
#include "triad/postgres/schema.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "postgres_database.h"
#include "triad/postgres/change_counter.h"
#include "triad/postgres/transaction.h"

using triad::core::Status;
using triad::core::StatusCode;
using triad::postgres::Connection;
using triad::postgres::migrate;
using triad::postgres::schema_version;
using triad::postgres::stored_schema_version;
using triad::testing::PostgresTestDatabase;

namespace {

std::unique_ptr<Connection> connect(const PostgresTestDatabase& db) {
  auto conn = Connection::open(db.conninfo());
  REQUIRE(conn.is_ok());
  return std::move(conn).value();
}

int stored_version(Connection& conn) {
  auto version = stored_schema_version(conn);
  REQUIRE(version.is_ok());
  return *version;
}

}  // namespace

TEST_CASE("migrate makes the schema of a new database once, and keeps its data", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db);
  CHECK(stored_version(*conn) == 0);
  REQUIRE(migrate(*conn));
  CHECK(stored_version(*conn) == schema_version());
  auto last = triad::postgres::last_change_number(*conn);
  REQUIRE(last.is_ok());
  CHECK(*last == 0);

  auto txn = triad::postgres::Transaction::begin(*conn);
  REQUIRE(txn.is_ok());
  REQUIRE(triad::postgres::reserve_change_numbers(*txn, 5).is_ok());
  REQUIRE(txn->commit());
  REQUIRE(migrate(*conn));  // again: nothing to do
  CHECK(stored_version(*conn) == schema_version());
  last = triad::postgres::last_change_number(*conn);
  REQUIRE(last.is_ok());
  CHECK(*last == 5);
}

TEST_CASE("hub processes migrating one new database at once all succeed", "[postgres]") {
  PostgresTestDatabase db;
  constexpr int kProcesses = 4;
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < kProcesses; ++i) connections.push_back(connect(db));
  std::vector<Status> results(kProcesses);
  std::vector<std::thread> threads;
  for (int i = 0; i < kProcesses; ++i)
    threads.emplace_back([&, i] { results[i] = migrate(*connections[i]); });
  for (auto& t : threads) t.join();
  for (const Status& result : results) {
    INFO(result.message());
    CHECK(result.is_ok());
  }
  CHECK(stored_version(*connections[0]) == schema_version());
  auto counters = connections[0]->query("counting", "SELECT count(*) FROM change_counter");
  REQUIRE(counters.is_ok());
  CHECK(counters->int64(0, 0) == 1);
}

TEST_CASE("a database at a newer schema version is refused and left as it is", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db);
  REQUIRE(migrate(*conn));
  const std::string newer = std::to_string(schema_version() + 1);
  REQUIRE(conn->exec("pretending a newer version wrote it",
                     "UPDATE meta SET value = $1 WHERE key = 'schema_version'",
                     triad::postgres::Params().text(newer)));
  const Status refused = migrate(*conn);
  INFO(refused.message());
  CHECK(refused.code() == StatusCode::kFailedPrecondition);
  CHECK(refused.message().find("update triad-hub") != std::string::npos);
  CHECK(stored_version(*conn) == schema_version() + 1);
}

TEST_CASE("a database holding other tables is not taken for the hub's", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db);
  REQUIRE(conn->exec("making another program's table", "CREATE TABLE timetable (lesson text)"));
  const Status refused = migrate(*conn);
  INFO(refused.message());
  CHECK(refused.code() == StatusCode::kFailedPrecondition);
  CHECK(refused.message().find("not a Triad hub's database") != std::string::npos);
  CHECK(stored_version(*conn) == 0);
  auto tables = conn->query("counting tables",
                            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
  REQUIRE(tables.is_ok());
  CHECK(tables->int64(0, 0) == 1);
}
