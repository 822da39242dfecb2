// A tablet whose date was once far ahead (issue 12, item 2): its edits are refused while the date
// is wrong (right: they would win every merge for years), and once the date is right they are
// re-issued under a correct clock at the next sync, with nothing lost and nothing typed again.
#include <catch2/catch.hpp>

#include "sync_fixture.h"

using namespace triad;
using namespace triad::testing;

namespace {

constexpr int64_t kTenYears = 3650ll * 24 * 3600 * 1000;

std::string value_of(core::Store& s, const core::RecordId& id, const std::string& field) {
  auto r = s.get(id);
  REQUIRE(r);
  REQUIRE(r->has_value());
  const core::FieldState* f = (*r)->field(field);
  return f ? f->value() : std::string();
}

}  // namespace

TEST_CASE("edits made while a tablet's date was years ahead are re-issued once the date is right",
          "[sync][clock]") {
  Alliance a;
  auto skew = std::make_shared<int64_t>(0);
  Device ana = a.device_dated("Fortismere", "Ana Diaz", skew);
  Device ben = a.device("Fortismere", "Ben Lee");
  auto study =
      ana.store->create_record("enquiry", {put("title", "Reading"), put("scope", "alliance")})
          .value();
  a.sync(ana);
  a.sync(ben);

  *skew = kTenYears;  // the date jumps to 2024 + 10 years
  auto created = ana.store
                     ->create_record("enquiry", {put("title", "typed in 'the future'"),
                                                 put("scope", "alliance")})
                     .value();
  REQUIRE(ana.store->update_record(study, {put("baseline", "first draft")}).is_ok());
  REQUIRE(ana.store->update_record(study, {put("baseline", "second draft")}).is_ok());
  auto wrong = a.sync(ana);
  CHECK(wrong.refused == 2);
  CHECK(wrong.clock_off_ms == kTenYears);

  *skew = 0;  // the date is put right; the store's clock still says ten years on
  CHECK(ana.store->clock_far_ahead());
  auto after_fix = ana.store
                       ->create_record("enquiry", {put("title", "typed after the fix"),
                                                   put("scope", "alliance")})
                       .value();
  auto report = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK(report.clock_repaired >= 3);
  CHECK(report.refused == 0);
  CHECK(ana.store->status()->refusals.empty());
  CHECK_FALSE(ana.store->clock_far_ahead());
  CHECK(ana.store->clock_ms() < *a.clock.now_ms + 60'000);
  // Everything reached the hub, in the order it was typed, and from there Ben.
  a.sync(ben);
  for (auto* s : {&a.hub->store(), ben.store.get()}) {
    CHECK(holds(*s, created));
    CHECK(holds(*s, after_fix));
    CHECK(value_of(*s, study, "baseline") == "second draft");
    CHECK(value_of(*s, study, "title") == "Reading");
  }
  // And the next edit is an ordinary one.
  REQUIRE(ana.store->update_record(study, {put("baseline", "third draft")}).is_ok());
  auto next = a.sync(ana);
  CHECK(next.refused == 0);
  CHECK(next.clock_repaired == 0);
  CHECK(value_of(a.hub->store(), study, "baseline") == "third draft");
}

TEST_CASE("a re-issued text edit still merges with the colleague's edit it never saw",
          "[sync][clock]") {
  Alliance a;
  auto skew = std::make_shared<int64_t>(0);
  Device ana = a.device_dated("Fortismere", "Ana Diaz", skew);
  Device ben = a.device("Fortismere", "Ben Lee");
  auto study = ana.store
                   ->create_record("enquiry", {put("title", "Reading"), put("baseline", "v1"),
                                               put("scope", "alliance")})
                   .value();
  a.sync(ana);
  a.sync(ben);
  REQUIRE(ben.store->update_record(study, {put("baseline", "Ben's v2")}).is_ok());
  a.sync(ben);
  *skew = kTenYears;
  REQUIRE(ana.store->update_record(study, {put("baseline", "Ana's v2")})
              .is_ok());  // has not seen Ben's
  *skew = 0;
  a.clock.advance(1000);
  a.sync(ana);
  a.sync(ben);
  auto at_hub = a.hub->store().get(study).value().value();
  const core::FieldState* baseline = at_hub.field("baseline");
  REQUIRE(baseline);
  // Re-issued, Ana's version has still not seen Ben's: the two merge rather than one replacing the
  // other.
  CHECK_FALSE(baseline->has_conflict());
  const std::string merged = baseline->value();
  CHECK((merged == "Ana's v2Ben's v2" || merged == "Ben's v2Ana's v2"));
  CHECK(ben.store->get(study).value().value() == at_hub);
  CHECK(ana.store->get(study).value().value() == at_hub);
}

// Seed 5457 of triad-sim. Ana saw Ben's title, then retitled the enquiry while her date was years
// ahead, which replaced Ben's version. The repair re-stamps her edit from her own clock, which is
// behind Ben's, so it loses to the version it replaced: the hub keeps Ben's title, a state Ana had
// already received. The hub must offer it to her again, or she keeps her own title for good.
TEST_CASE("a re-issued edit that loses to the version it replaced gets the hub's state back",
          "[sync][clock]") {
  Alliance a;
  auto ana_skew = std::make_shared<int64_t>(0);
  auto ben_skew = std::make_shared<int64_t>(30 * 60'000);  // Ben's tablet is half an hour fast
  Device ana = a.device_dated("Fortismere", "Ana Diaz", ana_skew);
  Device ben = a.device_dated("Fortismere", "Ben Lee", ben_skew);
  auto study =
      ben.store->create_record("enquiry", {put("title", "Reading"), put("scope", "alliance")})
          .value();
  a.sync(ben);
  a.sync(ana);
  a.clock.advance(60'000);
  REQUIRE(ben.store->update_record(study, {put("title", "Reading for pleasure")}).is_ok());
  a.sync(ben);
  a.clock.advance(1000);
  a.sync(ana);
  REQUIRE(value_of(*ana.store, study, "title") == "Reading for pleasure");

  *ana_skew = kTenYears;
  REQUIRE(ana.store->update_record(study, {put("title", "Reading in Year 4")}).is_ok());
  *ana_skew = 0;
  a.clock.advance(1000);
  auto repaired = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  REQUIRE(repaired.clock_repaired == 1);
  a.sync(ana);
  a.sync(ben);
  const core::RecordState at_hub = a.hub->store().get(study).value().value();
  CHECK(ana.store->get(study).value().value() == at_hub);
  CHECK(ben.store->get(study).value().value() == at_hub);
}
