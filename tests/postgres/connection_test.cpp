// triad::postgres::Connection against a real PostgreSQL: values travel exactly, and errors say what
// we were doing, in words PostgreSQL gave, with the code that tells the caller what to do.
#include "triad/postgres/connection.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>

#include "postgres_database.h"

using triad::core::StatusCode;
using triad::postgres::Connection;
using triad::postgres::Params;
using triad::testing::PostgresTestDatabase;

namespace {

std::unique_ptr<Connection> connect(const std::string& conninfo) {
  auto conn = Connection::open(conninfo);
  REQUIRE(conn.is_ok());
  return std::move(conn).value();
}

std::string every_byte() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  return bytes + std::string(3, '\0');
}

}  // namespace

TEST_CASE("a bytea, a bigint and text travel exactly, NULs and extremes included", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db.conninfo());
  REQUIRE(conn->exec("creating a table",
                     "CREATE TABLE t (id bigint PRIMARY KEY, body bytea, label text, n int)"));
  const int64_t ids[] = {std::numeric_limits<int64_t>::min(), -1, 0, 1,
                         std::numeric_limits<int64_t>::max()};
  const std::string label = "Année 7 — Ærø; ' \" \\ $1";
  for (int64_t id : ids)
    REQUIRE(conn->exec("inserting", "INSERT INTO t (id, body, label) VALUES ($1, $2, $3)",
                       Params().int64(id).bytea(every_byte()).text(label)));
  REQUIRE(conn->exec("inserting a NULL", "INSERT INTO t VALUES (2, $1, $2, -7)",
                     Params().null().null()));

  auto rows = conn->query("reading", "SELECT id, body, label, n FROM t ORDER BY id");
  REQUIRE(rows.is_ok());
  REQUIRE(rows->size() == 6);
  const int row_of_id[] = {0, 1, 2, 3, 5};  // in id order; row 4 is id 2, the NULLs
  for (int k = 0; k < 5; ++k) {
    const int i = row_of_id[k];
    CHECK(rows->int64(i, 0) == ids[k]);
    CHECK(rows->bytes(i, 1) == every_byte());
    CHECK(rows->bytes(i, 2) == label);
    CHECK(rows->is_null(i, 3));
  }
  CHECK(rows->int64(4, 0) == 2);
  CHECK(rows->is_null(4, 1));
  CHECK(rows->is_null(4, 2));
  CHECK(rows->int64(4, 3) == -7);  // an int column, read as int64
}

TEST_CASE("an error says what we were doing, PostgreSQL's message and the SQLSTATE", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db.conninfo());
  auto rows = conn->query("reading the pupils", "SELECT * FROM pupil");
  REQUIRE(!rows.is_ok());
  CHECK(rows.status().code() == StatusCode::kStoreError);
  const std::string& message = rows.status().message();
  INFO(message);
  CHECK(message.rfind("reading the pupils: ", 0) == 0);
  CHECK(message.find("relation \"pupil\" does not exist") != std::string::npos);
  CHECK(message.find("42P01") != std::string::npos);
  CHECK(message.find(db.name()) != std::string::npos);

  auto bad_number = conn->query("parsing", "SELECT 'seven'::bigint");
  REQUIRE(!bad_number.is_ok());
  CHECK(bad_number.status().code() == StatusCode::kInvalidArgument);
  // The connection is usable after an error outside a transaction.
  CHECK(conn->exec("checking", "SELECT 1"));
}

TEST_CASE("a duplicate key is refused without quoting the row's values", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db.conninfo());
  REQUIRE(conn->exec("creating", "CREATE TABLE note (body text PRIMARY KEY)"));
  const std::string secret = "private: Sam's reading age";
  REQUIRE(conn->exec("inserting", "INSERT INTO note VALUES ($1)", Params().text(secret)));
  auto again = conn->exec("inserting again", "INSERT INTO note VALUES ($1)", Params().text(secret));
  REQUIRE(!again.is_ok());
  INFO(again.message());
  CHECK(again.code() == StatusCode::kFailedPrecondition);
  CHECK(again.message().find("duplicate key") != std::string::npos);
  CHECK(again.message().find("Sam") == std::string::npos);
}

TEST_CASE("a connection the server ends is reported unavailable", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect(db.conninfo());
  auto admin = connect(db.conninfo());
  REQUIRE(admin->exec("ending the other connection", "SELECT pg_terminate_backend($1::integer)",
                      Params().int64(conn->backend_pid())));
  auto after = conn->exec("reading after the end", "SELECT 1");
  REQUIRE(!after.is_ok());
  INFO(after.message());
  CHECK(after.code() == StatusCode::kUnavailable);
  CHECK(after.message().rfind("reading after the end: ", 0) == 0);
}

TEST_CASE("connecting to a database that does not exist fails with PostgreSQL's words",
          "[postgres]") {
  PostgresTestDatabase db;
  auto conn = Connection::open(db.conninfo() + "_missing");
  REQUIRE(!conn.is_ok());
  INFO(conn.status().message());
  CHECK(conn.status().code() == StatusCode::kUnavailable);
  CHECK(conn.status().message().rfind(
            "connecting to PostgreSQL (database " + db.name() + "_missing as user postgres on ",
            0) == 0);
  CHECK(conn.status().message().find("does not exist") != std::string::npos);
}

TEST_CASE("a connection string holding a password is recognised", "[postgres]") {
  using triad::postgres::has_password;
  CHECK(has_password("postgresql://hub:s3cret@db.school.example/triad"));
  CHECK(has_password("host=db.school.example dbname=triad password=s3cret"));
  CHECK_FALSE(has_password("postgresql://hub@db.school.example/triad"));
  CHECK_FALSE(has_password("host=db.school.example dbname=triad user=hub"));
  CHECK_FALSE(has_password("service=triad"));
  CHECK_FALSE(has_password("host=db password"));  // not a connection string at all
}
