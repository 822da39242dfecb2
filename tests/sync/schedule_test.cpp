// The periodic sync's schedule and its lock.
#include "triad/sync/schedule.h"

#include <catch2/catch.hpp>

#include "test_support.h"
#include "triad/sync/run_lock.h"

using namespace std::chrono;
using triad::sync::RunLock;
using triad::sync::SyncSchedule;

TEST_CASE(
    "after success the period with jitter, after failures doubling back-off capped at the period",
    "[sync][schedule]") {
  const uint64_t seed = triad::testing::test_seed("sync schedule");
  SyncSchedule s(minutes(15), seconds(30), seed);
  for (int i = 0; i < 50; ++i) {
    const auto d = s.next_delay(true);
    CHECK(d >= milliseconds(minutes(15)) * 9 / 10);
    CHECK(d <= milliseconds(minutes(15)) * 11 / 10);
  }
  milliseconds previous{0};
  for (int failure = 1; failure <= 8; ++failure) {
    const auto d = s.next_delay(false);
    const auto nominal = std::min<milliseconds>(seconds(30) * (1 << (failure - 1)), minutes(15));
    INFO("failure " << failure);
    CHECK(d >= nominal * 8 / 10);
    CHECK(d <= nominal * 12 / 10);
    if (nominal < minutes(15)) CHECK(d > previous / 2);
    previous = d;
  }
  CHECK(s.consecutive_failures() == 8);
  s.next_delay(true);
  CHECK(s.consecutive_failures() == 0);
}

TEST_CASE("jitter spreads devices apart", "[sync][schedule]") {
  SyncSchedule a(minutes(15), seconds(30), 1), b(minutes(15), seconds(30), 2);
  CHECK(a.next_delay(true) != b.next_delay(true));
}

TEST_CASE("only one sync of a store runs at a time", "[sync][schedule]") {
  triad::testing::TempDir dir;
  const std::string path = dir.file("x.db.sync-lock");
  auto first = RunLock::try_acquire(path);
  REQUIRE(first);
  CHECK_FALSE(RunLock::try_acquire(path));
  first.reset();
  CHECK(RunLock::try_acquire(path));
}
