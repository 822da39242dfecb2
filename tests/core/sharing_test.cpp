// Sharing scopes: who may receive a record, and that merging files honours it.
#include "triad/core/sharing.h"

#include <catch2/catch.hpp>

#include "replica_trio.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

struct Staffroom {
  ManualClock clock;
  std::unique_ptr<Store> ana = make("Fortismere", "Ana Diaz", 1);
  std::unique_ptr<Store> ana_tablet = make("Fortismere", "Ana Diaz", 2);
  std::unique_ptr<Store> cara = make("Fortismere", "Cara Wu", 3);
  std::unique_ptr<Store> ben = make("Woodroffe", "Ben Lee", 4);

  std::unique_ptr<Store> make(const char* school, const char* person, SiteId site) {
    return Store::create(":memory:", school, person, options_with(clock, site)).value();
  }
  void exchange_all() {
    for (int round = 0; round < 2; ++round)
      for (Store* x : {ana.get(), ana_tablet.get(), cara.get(), ben.get()})
        for (Store* y : {ana.get(), ana_tablet.get(), cara.get(), ben.get()})
          if (x != y) REQUIRE(merge_stores(*x, *y));
  }
  static bool holds(Store& s, const RecordId& id) {
    auto r = s.get(id).value();
    return r.has_value() && !r->is_deleted();
  }
};

}  // namespace

TEST_CASE("each scope reaches exactly the people it names", "[core][sharing]") {
  const RecordId fortismere = RecordId::derive("school", "Fortismere");
  const RecordId woodroffe = RecordId::derive("school", "Woodroffe");
  const RecordId ana = RecordId::derive("person", "ana"), ben = RecordId::derive("person", "ben"),
                 cara = RecordId::derive("person", "cara");
  RecordState obs;
  obs.header = {RecordId::derive("t", "o"), "observation", {}, fortismere, ana, {1, 1}};
  obs.fields["observed_teacher"].versions = {{ben.to_string(), {1, 1}, {}}};
  const Viewer ana_v{fortismere, ana}, ben_v{woodroffe, ben}, cara_v{fortismere, cara};

  obs.scope = Scope::kPrivate;
  CHECK(may_see(ana_v, obs, nullptr));
  CHECK_FALSE(may_see(ben_v, obs, nullptr));
  obs.scope = Scope::kParticipants;
  CHECK(may_see(ben_v, obs, nullptr));  // named as the observed teacher, at another school
  CHECK_FALSE(may_see(cara_v, obs, nullptr));
  obs.scope = Scope::kSchool;
  CHECK(may_see(cara_v, obs, nullptr));  // same school as the owner
  CHECK(may_see(ben_v, obs, nullptr));   // still a participant
  CHECK_FALSE(may_see({woodroffe, RecordId::derive("person", "dan")}, obs, nullptr));
  obs.scope = Scope::kAlliance;
  CHECK(may_see({woodroffe, RecordId::derive("person", "dan")}, obs, nullptr));
  obs.scope = Scope::kPrivate;
  obs.deleted = Stamp{2, 1};
  CHECK(may_see(ben_v, obs, nullptr));  // tombstones go everywhere; they carry no values

  RecordState note;  // a coaching note names nobody itself: its session's people see it
  note.header = {RecordId::derive("t", "n"), "coaching_note", {}, fortismere, ana, {1, 1}};
  note.scope = Scope::kParticipants;
  RecordState session;
  session.header = {RecordId::derive("t", "s"), "coaching_session", {}, fortismere, ana, {1, 1}};
  session.fields["coachee"].versions = {{cara.to_string(), {1, 1}, {}}};
  CHECK(may_see(cara_v, note, &session));
  CHECK_FALSE(may_see(cara_v, note, nullptr));
  CHECK_FALSE(may_see(ben_v, note, &session));
}

TEST_CASE("merging files passes each teacher only what they may see", "[core][sharing]") {
  Staffroom room;
  room.exchange_all();  // everyone knows everyone (people are alliance records)
  auto journal =
      room.ana->create_record("learning_log", {set_field("title", "My journal")}).value();
  auto entry = room.ana
                   ->create_record("log_entry",
                                   {set_field("log", "My journal"), set_field("date", "2014-03-01"),
                                    set_field("text", "private thoughts")})
                   .value();
  auto obs =
      room.ana->create_record("observation", {set_field("observed_teacher", "Ben Lee")}).value();
  auto school_note = room.ana
                         ->create_record("enquiry", {set_field("title", "Fortismere only"),
                                                     set_field("scope", "school")})
                         .value();
  room.exchange_all();

  CHECK(Staffroom::holds(*room.ana_tablet, journal));  // the author's own other device
  CHECK(Staffroom::holds(*room.ana_tablet, entry));
  for (Store* other : {room.cara.get(), room.ben.get()}) {
    CHECK_FALSE(other->get(journal).value().has_value());
    CHECK_FALSE(other->get(entry).value().has_value());
  }
  CHECK(Staffroom::holds(*room.ben, obs));  // a participant at another school
  CHECK_FALSE(room.cara->get(obs).value().has_value());
  CHECK(Staffroom::holds(*room.cara, school_note));  // same school
  CHECK_FALSE(room.ben->get(school_note).value().has_value());

  SECTION("a widened scope reaches the newly allowed at the next exchange") {
    REQUIRE(room.ana->update_record(journal, {set_field("scope", "alliance")}).is_ok());
    room.exchange_all();
    CHECK(Staffroom::holds(*room.ben, journal));
    CHECK(Staffroom::holds(*room.cara, entry));  // the entries follow their log
  }
  SECTION("a newly named participant receives the record") {
    REQUIRE(room.ana->update_record(obs, {add_to("observers", "Cara Wu")}).is_ok());
    room.exchange_all();
    CHECK(Staffroom::holds(*room.cara, obs));
  }
  SECTION("a delete reaches every copy") {
    REQUIRE(room.ana->delete_record(obs).is_ok());
    room.exchange_all();
    CHECK(room.ben->get(obs).value()->is_deleted());
  }
}
