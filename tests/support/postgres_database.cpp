#include "postgres_database.h"

#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>

namespace triad::testing {
namespace {

struct Finish {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using Conn = std::unique_ptr<PGconn, Finish>;

std::string socket_folder() {
  const char* dir = std::getenv("TRIAD_TEST_POSTGRES");
  if (!dir || !*dir)
    FAIL(
        "TRIAD_TEST_POSTGRES is not set: run this test through ctest, whose `postgres` fixture "
        "starts a throwaway PostgreSQL, or start one with `tests/support/postgres-cluster start "
        "DIR` and set TRIAD_TEST_POSTGRES=DIR");
  return dir;
}

// Runs `sql` on the maintenance database; the error message, or "" on success.
std::string run_on_server(const std::string& server_conninfo, const std::string& sql) {
  Conn conn(PQconnectdb(server_conninfo.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK)
    return std::string("cannot connect to the test cluster (") + server_conninfo +
           "): " + PQerrorMessage(conn.get());
  PGresult* result = PQexec(conn.get(), sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string error = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  return error;
}

std::string random_name() {
  std::random_device rd;
  std::mt19937_64 random((uint64_t{rd()} << 32) ^ rd());
  const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string name = "triad_test_";
  for (int i = 0; i < 12; ++i) name += digits[random() % 36];
  return name;
}

}  // namespace

PostgresTestDatabase::PostgresTestDatabase() {
  const std::string base = "host=" + socket_folder() + " port=5432 user=postgres";
  server_conninfo_ = base + " dbname=postgres";
  name_ = random_name();
  conninfo_ = base + " dbname=" + name_;
  const std::string error = run_on_server(server_conninfo_, "CREATE DATABASE " + name_);
  if (!error.empty()) FAIL("creating the test database " << name_ << ": " << error);
  std::printf("PostgreSQL test database: %s (dropped at the end)\n", name_.c_str());
  std::fflush(stdout);
}

PostgresTestDatabase::~PostgresTestDatabase() {
  const std::string error =
      run_on_server(server_conninfo_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  if (!error.empty()) std::fprintf(stderr, "dropping %s: %s\n", name_.c_str(), error.c_str());
}

bool hub_store_on_postgres() {
  const char* backend = std::getenv("TRIAD_TEST_HUB_STORE");
  return backend && std::string(backend) == "postgres";
}

std::string hub_store_location(const std::string& file,
                               std::unique_ptr<PostgresTestDatabase>& holder) {
  if (!hub_store_on_postgres()) return file;
  holder = std::make_unique<PostgresTestDatabase>();
  return holder->conninfo();
}

}  // namespace triad::testing
