// A device refuses, before writing, what the hub would refuse from its person (issue 12, items 3
// and 7): one rule, sharing.h may_write, decides on both ends, so a teacher never keeps an edit
// that can never sync. A hub's own store (check_write_rules off) is the admin's.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "triad/core/exchange.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

FieldEdit put(std::string f, std::string v) {
  return {std::move(f), FieldEdit::Op::kAssign, std::move(v)};
}

struct TwoSchools {
  ManualClock clock;
  std::unique_ptr<Store> ana =
      Store::create(":memory:", "Fortismere", "Ana Diaz", options_with(clock, 1)).value();
  std::unique_ptr<Store> ben =
      Store::create(":memory:", "Woodroffe", "Ben Lee", options_with(clock, 2)).value();
};

void refused_here(const Status& s, const std::string& why) {
  CHECK(s.code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(s.message(), Catch::Contains(why) && Catch::Contains("Not saved"));
}

}  // namespace

TEST_CASE(
    "a teacher cannot edit or delete a record she may not change: refused before it is written",
    "[core][write-rules]") {
  TwoSchools t;
  auto enquiry =
      t.ben->create_record("enquiry", {put("title", "Woodroffe's"), put("scope", "alliance")})
          .value();
  REQUIRE(merge_stores(*t.ana, *t.ben));
  const uint64_t before = t.ana->status()->last_seq;
  refused_here(t.ana->update_record(enquiry, {put("title", "renamed")}), "may not change");
  refused_here(t.ana->delete_record(enquiry), "may not change");
  CHECK(t.ana->status()->last_seq == before);  // nothing written, nothing to send
  CHECK(t.ana->get(enquiry).value()->field("title")->value() == "Woodroffe's");
  // Her own records, and records that name her, are hers to change.
  auto own = t.ana->create_record("enquiry", {put("title", "mine")}).value();
  CHECK(t.ana->update_record(own, {put("title", "mine, renamed")}).is_ok());
  auto obs =
      t.ben->create_record("observation", {put("observed_teacher", "Ana Diaz"), put("notes", "n")})
          .value();
  REQUIRE(merge_stores(*t.ana, *t.ben));
  CHECK(t.ana->update_record(obs, {put("notes", "her comment")}).is_ok());
  auto journal =
      t.ana->create_record("learning_log", {put("title", "Journal")}).value();  // private
  CHECK(t.ana->update_record(journal, {put("title", "My journal")}).is_ok());
  CHECK(t.ana->delete_record(journal).is_ok());
}

TEST_CASE("the roster: no deletes from a device, and additions only at the device's own school",
          "[core][write-rules]") {
  TwoSchools t;
  REQUIRE(merge_stores(*t.ana, *t.ben));
  auto ben_person = t.ana->resolve("person", "Ben Lee").value();
  auto own_person = t.ana->resolve("person", "Ana Diaz").value();
  refused_here(t.ana->delete_record(ben_person), "roster");
  refused_here(t.ana->delete_record(own_person), "roster");
  refused_here(
      t.ana->create_record("person", {put("name", "Dee Stranger"), put("school", "Woodroffe")})
          .status(),
      "own school");
  refused_here(t.ana->create_record("school", {put("name", "Thornden")}).status(), "own school");
  CHECK(t.ana->create_record("person", {put("name", "Cara Wu"), put("school", "Fortismere")}));
  refused_here(t.ana->update_record(ben_person, {put("roles", "coach")}), "staff of its school");
  CHECK(t.ana->update_record(own_person, {put("roles", "coach")}).is_ok());
  CHECK(t.ana->resolve("person", "Ben Lee").is_ok());  // still named, never deleted here
}

TEST_CASE("a hub's own store is the admin's: the device rules do not apply to it",
          "[core][write-rules]") {
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.check_write_rules = false;
  o.enrol_identity = false;
  auto hub = Store::create(":memory:", "The Mead", "hub", o).value();
  CHECK(hub->create_record("school", {put("name", "Woodroffe")}));
  auto ben = hub->create_record("person", {put("name", "Ben Lee"), put("school", "Woodroffe")});
  REQUIRE(ben);
  CHECK(hub->delete_record(*ben).is_ok());
}
