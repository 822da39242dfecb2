// triad::postgres::Transaction: rolled back unless committed, a failed transaction never reported
// committed, and the codes that tell a caller to retry.
#include "triad/postgres/transaction.h"

#include <catch2/catch.hpp>
#include <string>

#include "postgres_database.h"

using triad::core::StatusCode;
using triad::postgres::Connection;
using triad::postgres::Isolation;
using triad::postgres::Params;
using triad::postgres::Transaction;
using triad::testing::PostgresTestDatabase;

namespace {

std::unique_ptr<Connection> connect(const PostgresTestDatabase& db) {
  auto conn = Connection::open(db.conninfo());
  REQUIRE(conn.is_ok());
  return std::move(conn).value();
}

int64_t count_rows(Connection& conn) {
  auto rows = conn.query("counting", "SELECT count(*) FROM t");
  REQUIRE(rows.is_ok());
  return rows->int64(0, 0);
}

std::unique_ptr<Connection> connect_with_table(const PostgresTestDatabase& db) {
  auto conn = connect(db);
  REQUIRE(conn->exec("creating", "CREATE TABLE t (id bigint PRIMARY KEY)"));
  return conn;
}

}  // namespace

TEST_CASE("a transaction rolls back unless committed", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect_with_table(db);
  auto other = connect(db);
  {
    auto txn = Transaction::begin(*conn);
    REQUIRE(txn.is_ok());
    REQUIRE(txn->exec("inserting", "INSERT INTO t VALUES (1)"));
    CHECK(count_rows(*other) == 0);  // not visible before commit
  }
  CHECK_FALSE(conn->in_transaction());
  CHECK(count_rows(*conn) == 0);

  auto txn = Transaction::begin(*conn);
  REQUIRE(txn.is_ok());
  REQUIRE(txn->exec("inserting", "INSERT INTO t VALUES (2)"));
  REQUIRE(txn->commit());
  CHECK(count_rows(*other) == 1);
}

TEST_CASE("a transaction whose statement failed does not report a commit", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect_with_table(db);
  auto txn = Transaction::begin(*conn);
  REQUIRE(txn.is_ok());
  REQUIRE(txn->exec("inserting", "INSERT INTO t VALUES (1)"));
  CHECK_FALSE(txn->exec("inserting the same again", "INSERT INTO t VALUES (1)").is_ok());
  const auto committed = txn->commit();
  INFO(committed.message());
  CHECK(committed.code() == StatusCode::kStoreError);
  CHECK(committed.message().find("nothing of it was kept") != std::string::npos);
  CHECK_FALSE(conn->in_transaction());
  CHECK(count_rows(*conn) == 0);
}

TEST_CASE("transactions do not nest on one connection", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db);
  auto outer = Transaction::begin(*conn);
  REQUIRE(outer.is_ok());
  auto inner = Transaction::begin(*conn);
  REQUIRE(!inner.is_ok());
  CHECK(inner.status().code() == StatusCode::kFailedPrecondition);
  CHECK(conn->in_transaction());  // the outer one is untouched
  CHECK(outer->commit());
}

TEST_CASE("a serialization failure asks to retry the transaction", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect_with_table(db);
  REQUIRE(conn->exec("inserting", "INSERT INTO t VALUES (1)"));
  auto other = connect(db);
  auto txn = Transaction::begin(*conn, Isolation::kRepeatableRead);
  REQUIRE(txn.is_ok());
  REQUIRE(count_rows(*conn) == 1);  // takes the snapshot
  REQUIRE(other->exec("changing the row meanwhile", "UPDATE t SET id = 2"));
  auto update =
      txn->exec("changing the row", "UPDATE t SET id = 3 WHERE id = $1", Params().int64(1));
  REQUIRE(!update.is_ok());
  INFO(update.message());
  CHECK(update.code() == StatusCode::kStoreError);
  CHECK(triad::core::is_retryable(update.code()));
  CHECK(update.message().find("40001") != std::string::npos);
  CHECK(update.message().find("retry the transaction") != std::string::npos);
}
