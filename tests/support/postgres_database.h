// A PostgreSQL database of its own for one test, in the throwaway cluster that ctest's `postgres`
// fixture starts (support/postgres-cluster, tests/CMakeLists.txt), whose socket folder is in
// $TRIAD_TEST_POSTGRES. The database gets a random name, printed, and is dropped with the object,
// with any connection still open to it. Uses libpq directly, not the code under test.
// Not thread-safe.
#pragma once

#include <memory>
#include <string>

namespace triad::testing {

class PostgresTestDatabase {
 public:
  // FAILs the test when TRIAD_TEST_POSTGRES is not set or the cluster does not answer, saying how
  // to start one.
  PostgresTestDatabase();
  ~PostgresTestDatabase();
  PostgresTestDatabase(const PostgresTestDatabase&) = delete;
  PostgresTestDatabase& operator=(const PostgresTestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // A libpq connection string for this database: "host=DIR port=5432 user=postgres dbname=NAME".
  const std::string& conninfo() const { return conninfo_; }
  // The same for the cluster's maintenance database `postgres`.
  const std::string& server_conninfo() const { return server_conninfo_; }

 private:
  std::string name_;
  std::string conninfo_;
  std::string server_conninfo_;
};

// Where a test's hub keeps its store. ctest runs the hub's tests twice: once as they are (`file`,
// an SQLite file or ":memory:"), and once with TRIAD_TEST_HUB_STORE=postgres, when the hub's store
// is a fresh PostgreSQL database, which `holder` keeps (and drops when it is destroyed).
std::string hub_store_location(const std::string& file,
                               std::unique_ptr<PostgresTestDatabase>& holder);
// True in the PostgreSQL run of the hub's tests.
bool hub_store_on_postgres();

}  // namespace triad::testing
