// tests/support/postgres-cluster, the script behind ctest's `postgres` fixture: without
// PostgreSQL it fails and says what to install, so the tests that need it fail rather than being
// skipped.
#include <catch2/catch.hpp>
#include <filesystem>

#include "process.h"
#include "test_support.h"

using namespace triad::testing;

TEST_CASE("the test cluster fails, naming what to install, when PostgreSQL is missing",
          "[postgres]") {
  TempDir dir;
  const std::string cluster = dir.file("cluster");
  const auto result = run_process(TRIAD_POSTGRES_CLUSTER_PATH, {"start", cluster},
                                  {{"TRIAD_POSTGRES_BINDIR", dir.file("no-postgres-here")}});
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.err, "PostgreSQL is not installed"));
  CHECK(contains(result.err, "tools/setup-deps"));
  CHECK_FALSE(std::filesystem::exists(cluster));
}
