// Re-issuing edits stamped in the future (issue 12, item 2), in the store: stamps beyond now + the
// bound are re-stamped from now, in order, under the store's own site id; nothing else changes,
// and a file merge that refused them takes them once the old store is repaired.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "triad/core/exchange.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

constexpr int64_t kTenYears = 3650ll * 24 * 3600 * 1000;

FieldEdit put(std::string f, std::string v) {
  return {std::move(f), FieldEdit::Op::kAssign, std::move(v)};
}

// A store whose date is `*skew` ms off `clock`.
std::unique_ptr<Store> dated(const ManualClock& clock, std::shared_ptr<int64_t> skew, SiteId site,
                             const char* person = "Ana Diaz") {
  StoreOptions o = options_with(clock, site);
  o.wall = [now = clock.now_ms, skew] {
    return static_cast<uint64_t>(static_cast<int64_t>(*now) + *skew);
  };
  return Store::create(":memory:", "Fortismere", person, o).value();
}

}  // namespace

TEST_CASE(
    "repair_clock re-stamps only what is beyond now + the bound, in order, and leaves the rest",
    "[core][clock-repair]") {
  ManualClock clock;
  auto skew = std::make_shared<int64_t>(0);
  auto ana = dated(clock, skew, 7);
  auto sane = ana->create_record("enquiry", {put("title", "sane"), put("baseline", "b0")}).value();
  const RecordState sane_before = ana->get(sane).value().value();
  CHECK(ana->repair_clock()->records == 0);  // not ahead: nothing to do
  *skew = kTenYears;
  auto future =
      ana->create_record("enquiry", {put("title", "future"), put("interventions", "a")}).value();
  REQUIRE(ana->update_record(future, {put("baseline", "first")}).is_ok());
  REQUIRE(ana->update_record(future, {put("baseline", "second")}).is_ok());
  *skew = 0;
  REQUIRE(ana->clock_far_ahead());
  auto repaired = ana->repair_clock();
  REQUIRE(repaired);
  CHECK(repaired->records == 1);
  CHECK(repaired->clock_was_ms > *clock.now_ms + kTenYears / 2);
  CHECK(repaired->clock_now_ms <= *clock.now_ms + 1);
  CHECK_FALSE(ana->clock_far_ahead());
  CHECK(ana->get(sane).value().value() == sane_before);  // untouched
  const RecordState r = ana->get(future).value().value();
  CHECK(r.field("baseline")->value() == "second");
  CHECK_FALSE(r.field("baseline")->has_conflict());
  CHECK(r.field("interventions")->elements() == std::vector<std::string>{"a"});
  CHECK(hlc_millis(r.max_hlc()) <= *clock.now_ms + 1);
  CHECK(r.header.created.site == 7);
  CHECK(r.header.created < r.field("baseline")->versions.front().stamp);  // the order kept
  // New edits follow the repaired clock.
  REQUIRE(ana->update_record(future, {put("baseline", "third")}).is_ok());
  CHECK(hlc_millis(ana->get(future).value()->max_hlc()) <= *clock.now_ms + 1);
}

TEST_CASE(
    "a store merged as a file after its date was years ahead: refused, then taken once repaired",
    "[core][clock-repair]") {
  ManualClock clock;
  auto skew = std::make_shared<int64_t>(kTenYears);
  auto old_tablet = dated(clock, skew, 7);
  auto laptop = dated(clock, std::make_shared<int64_t>(0), 8);
  auto written =
      old_tablet->create_record("enquiry", {put("title", "typed on the old tablet")}).value();
  *skew = 0;  // its date put right; its work is to be merged into the new laptop
  auto before = merge_stores(*laptop, *old_tablet);
  REQUIRE(before);
  CHECK(before->into_a.refused >= 1);
  CHECK_FALSE(laptop->get(written).value().has_value());
  REQUIRE(old_tablet->repair_clock());  // what `triad repair-clock --db OLD` runs
  auto after = merge_stores(*laptop, *old_tablet);
  REQUIRE(after);
  CHECK(after->into_a.refused == 0);
  CHECK(laptop->get(written).value().value() == old_tablet->get(written).value().value());
  CHECK(old_tablet->status()->refusals.empty());
}

// A join of concurrent text versions (merging_text.h) is stamped after the newest write it joins,
// so joining the years-ahead tablet's write made the join years ahead too: the repair re-issues it
// (found by the simulator, seed 3058: the join stayed refused after the repair).
TEST_CASE("a text join made while the date was years ahead is re-issued by the repair",
          "[core][clock-repair][text]") {
  ManualClock clock;
  auto skew = std::make_shared<int64_t>(0);
  auto tablet = dated(clock, skew, 7);
  auto laptop = dated(clock, std::make_shared<int64_t>(0), 8, "Ben Lee");
  auto id =
      laptop->create_record("enquiry", {put("title", "t"), put("baseline", "Reading.")}).value();
  REQUIRE(merge_stores(*tablet, *laptop));
  *skew = kTenYears;
  REQUIRE(tablet->update_record(id, {put("baseline", "Reading. Tablet.")}).is_ok());
  REQUIRE(laptop->update_record(id, {put("baseline", "Laptop. Reading.")}).is_ok());
  REQUIRE(merge_stores(*tablet, *laptop));  // the tablet joins both; the laptop refuses its write
  REQUIRE(tablet->get(id).value()->field("baseline")->value() == "Laptop. Reading. Tablet.");
  *skew = 0;
  auto repaired = tablet->repair_clock();
  REQUIRE(repaired);
  CHECK(repaired->records == 1);
  const RecordState r = tablet->get(id).value().value();
  CHECK(hlc_millis(r.max_hlc()) <= *clock.now_ms + 1);
  auto after = merge_stores(*laptop, *tablet);
  REQUIRE(after);
  CHECK(after->into_a.refused == 0);
  CHECK(laptop->get(id).value()->field("baseline")->value() == "Laptop. Reading. Tablet.");
  CHECK(laptop->get(id).value().value() == tablet->get(id).value().value());
  // The re-issued join is the tablet's own write: a later write that has seen it supersedes it.
  REQUIRE(laptop->update_record(id, {put("baseline", "Laptop. Reading. Tablet. Done.")}).is_ok());
  REQUIRE(merge_stores(*tablet, *laptop));
  const FieldState* baseline = tablet->get(id).value()->field("baseline");
  REQUIRE(baseline->versions.size() == 1);
  CHECK(baseline->versions[0].stamp.site == 8);  // the laptop's write, not a new join
}
