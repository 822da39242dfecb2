// The commit-ordered change counter (change_counter.h) within one process: consecutive numbers, no
// gaps after a rollback, one transaction at a time, READ COMMITTED only. Across processes:
// change_visibility_test.cpp.
#include "triad/postgres/change_counter.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "postgres_database.h"
#include "triad/postgres/schema.h"

using triad::core::StatusCode;
using triad::postgres::ChangeNumbers;
using triad::postgres::Connection;
using triad::postgres::Isolation;
using triad::postgres::reserve_change_numbers;
using triad::postgres::Transaction;
using triad::testing::PostgresTestDatabase;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<Connection> connect_migrated(const PostgresTestDatabase& db) {
  auto conn = Connection::open(db.conninfo());
  REQUIRE(conn.is_ok());
  REQUIRE(triad::postgres::migrate(**conn));
  return std::move(conn).value();
}

ChangeNumbers reserve(Transaction& txn, int64_t count) {
  auto numbers = reserve_change_numbers(txn, count);
  REQUIRE(numbers.is_ok());
  return *numbers;
}

}  // namespace

TEST_CASE("reserved numbers are consecutive, and a rollback hands them out again", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect_migrated(db);
  {
    auto txn = Transaction::begin(*conn);
    REQUIRE(txn.is_ok());
    const ChangeNumbers first = reserve(*txn, 3);
    CHECK((first.first == 1 && first.last == 3));
    const ChangeNumbers second = reserve(*txn, 1);
    CHECK((second.first == 4 && second.last == 4));
    REQUIRE(txn->commit());
  }
  {
    auto txn = Transaction::begin(*conn);
    REQUIRE(txn.is_ok());
    const ChangeNumbers dropped = reserve(*txn, 2);
    CHECK((dropped.first == 5 && dropped.last == 6));
  }  // rolled back
  auto txn = Transaction::begin(*conn);
  REQUIRE(txn.is_ok());
  const ChangeNumbers again = reserve(*txn, 2);
  CHECK((again.first == 5 && again.last == 6));
  REQUIRE(txn->commit());
  auto last = triad::postgres::last_change_number(*conn);
  REQUIRE(last.is_ok());
  CHECK(*last == 6);
}

TEST_CASE("a second writer gets its numbers only once the first has committed", "[postgres]") {
  PostgresTestDatabase db;
  auto first_conn = connect_migrated(db);
  auto second_conn = connect_migrated(db);
  auto first = Transaction::begin(*first_conn);
  REQUIRE(first.is_ok());
  CHECK(reserve(*first, 2).last == 2);

  std::atomic<bool> reserved{false};
  ChangeNumbers second_numbers;
  std::thread second_writer([&] {
    auto second = Transaction::begin(*second_conn);
    auto numbers = second.is_ok() ? reserve_change_numbers(*second, 1)
                                  : triad::core::Result<ChangeNumbers>(second.status());
    if (numbers.is_ok()) second_numbers = *numbers;
    reserved = true;
    if (second.is_ok()) (void)second->commit();
  });
  std::this_thread::sleep_for(300ms);
  const bool reserved_while_first_open = reserved;
  REQUIRE(first->commit());
  second_writer.join();
  CHECK_FALSE(reserved_while_first_open);
  CHECK(second_numbers.first == 3);
}

TEST_CASE("numbers are reserved only in READ COMMITTED transactions", "[postgres]") {
  PostgresTestDatabase db;
  auto conn = connect_migrated(db);
  auto txn = Transaction::begin(*conn, Isolation::kRepeatableRead);
  REQUIRE(txn.is_ok());
  auto numbers = reserve_change_numbers(*txn, 1);
  REQUIRE(!numbers.is_ok());
  CHECK(numbers.status().code() == StatusCode::kFailedPrecondition);
  CHECK(numbers.status().message().find("READ COMMITTED") != std::string::npos);

  auto none = reserve_change_numbers(*txn, 0);
  REQUIRE(!none.is_ok());
  CHECK(none.status().code() == StatusCode::kInvalidArgument);
}
