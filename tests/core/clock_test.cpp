#include "triad/core/clock.h"

#include <catch2/catch.hpp>

using namespace triad::core;

namespace {
constexpr uint64_t kNow = 1'400'000'000'000ull;
constexpr uint64_t kDay = 24ull * 3600 * 1000;
}  // namespace

TEST_CASE("hlc layout keeps 48 bits of milliseconds and 16 of counter", "[core][clock]") {
  const uint64_t hlc = make_hlc(kNow, 5);
  CHECK(hlc_millis(hlc) == kNow);
  CHECK((hlc & kCounterMask) == 5);
  CHECK(make_hlc(kNow, 0) < make_hlc(kNow, 1));
  CHECK(make_hlc(kNow, kCounterMask) < make_hlc(kNow + 1, 0));
}

TEST_CASE("tick follows the wall clock and is strictly increasing", "[core][clock]") {
  uint64_t wall = kNow;
  HybridClock clock(
      7, 0, [&] { return wall; }, kDefaultMaxClockAheadMs);
  const Stamp a = clock.tick();
  CHECK(hlc_millis(a.hlc) == kNow);
  CHECK(a.site == 7);
  const Stamp b = clock.tick();  // same millisecond: the counter moves
  CHECK(b.hlc == a.hlc + 1);
  wall += 10;
  CHECK(hlc_millis(clock.tick().hlc) == kNow + 10);
}

TEST_CASE("tick stays monotonic when the wall clock goes backwards", "[core][clock]") {
  uint64_t wall = kNow;
  HybridClock clock(
      1, 0, [&] { return wall; }, kDefaultMaxClockAheadMs);
  const Stamp before = clock.tick();
  wall = kNow - 60'000;  // the device's clock was set back a minute
  const Stamp after = clock.tick();
  CHECK(after > before);
  CHECK(hlc_millis(after.hlc) == kNow);
}

TEST_CASE("counter overflow carries into the milliseconds and stays monotonic", "[core][clock]") {
  const uint64_t wall = kNow;
  HybridClock clock(
      1, make_hlc(kNow, kCounterMask), [&] { return wall; }, kDefaultMaxClockAheadMs);
  const Stamp s = clock.tick();
  CHECK(s.hlc == make_hlc(kNow + 1, 0));
}

TEST_CASE("observing a remote stamp makes later local stamps follow it", "[core][clock]") {
  const uint64_t wall = kNow;
  HybridClock clock(
      1, 0, [&] { return wall; }, kDefaultMaxClockAheadMs);
  const uint64_t remote = make_hlc(kNow + 5000, 3);  // a peer five seconds ahead
  REQUIRE(clock.check(remote).is_ok());
  clock.observe(remote);
  CHECK(clock.tick().hlc > remote);
}

TEST_CASE("a remote stamp beyond the bound is refused with a clock error", "[core][clock]") {
  const uint64_t wall = kNow;
  HybridClock clock(
      1, 0, [&] { return wall; }, kDefaultMaxClockAheadMs);
  CHECK(clock.check(make_hlc(kNow + kDay - 1, 0)).is_ok());
  const Status far = clock.check(make_hlc(kNow + 3650 * kDay, 0));  // ten years ahead
  CHECK(far.code() == StatusCode::kClockAhead);
  CHECK_THAT(far.message(), Catch::Contains("date"));
  CHECK(clock.check(make_hlc(kNow - 3650 * kDay, 0)).is_ok());  // the past is never refused
  const uint64_t last = clock.last();
  (void)clock.check(make_hlc(kNow + 3650 * kDay, 0));
  CHECK(clock.last() == last);  // checking does not move the clock
}

TEST_CASE("stamps order by hlc, then site", "[core][clock]") {
  CHECK(Stamp{1, 9} < Stamp{2, 1});
  CHECK(Stamp{2, 1} < Stamp{2, 2});
  CHECK(Stamp{2, 2} == Stamp{2, 2});
}
