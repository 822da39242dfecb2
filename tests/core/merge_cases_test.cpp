// The merge cases of MERGE_CASES.md, one test each, on three replicas merged in every order.
#include <catch2/catch.hpp>

#include "older_triad.h"
#include "replica_trio.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

// Given: everyone knows everyone, and A has recorded observation O at t1, seen by all.
RecordId given_observation(Trio& t, FieldEdits extra = {}) {
  t.sync_all();
  t.at(kT1);
  FieldEdits edits{set_field("observed_teacher", "Ben Lee"), set_field("focus", "Questioning")};
  edits.insert(edits.end(), extra.begin(), extra.end());
  auto id = t.a().create_record("observation", edits);
  REQUIRE(id);
  t.sync_all();
  return *id;
}

std::string field_of(Store& s, const RecordId& id, const std::string& field) {
  auto r = s.get(id);
  REQUIRE(r);
  REQUIRE(r->has_value());
  const FieldState* f = (*r)->field(field);
  return f ? f->value() : "";
}

std::vector<std::string> members_of(Store& s, const RecordId& id) {
  auto r = s.get(id);
  REQUIRE(r);
  std::vector<std::string> names;
  for (const auto& e : (*r)->field("members")->elements())
    names.push_back(s.label(*RecordId::parse(e)));
  std::sort(names.begin(), names.end());
  return names;
}

RecordId given_lesson_study(Trio& t, std::vector<std::string> members) {
  t.sync_all();
  t.at(kT1);
  FieldEdits edits;
  for (auto& m : members) edits.push_back(set_field("members", m));
  auto id = t.a().create_record("lesson_study", edits);
  REQUIRE(id);
  t.sync_all();
  return *id;
}

}  // namespace

TEST_CASE("case 1: the later write of a register wins", "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t);
    t.at(kT2);
    REQUIRE(t.a().update_record(o, {set_field("focus", "Differentiation")}).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(o, {set_field("focus", "Phonics")}).is_ok());
  });
  CHECK(field_of(t->c(), o, "focus") == "Phonics");
}

TEST_CASE("case 2: equal clocks are decided by the higher site id", "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t);
    t.at(kT2);
    REQUIRE(t.a().update_record(o, {set_field("focus", "by a")}).is_ok());
    REQUIRE(t.b().update_record(o, {set_field("focus", "by b")}).is_ok());
  });
  CHECK(field_of(t->a(), o, "focus") == "by b");
}

TEST_CASE("case 3: edits of different fields never conflict", "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t);
    t.at(kT2);
    REQUIRE(t.a().update_record(o, {set_field("focus", "Differentiation")}).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(o, {set_field("notes", "Good wait time")}).is_ok());
  });
  CHECK(field_of(t->c(), o, "focus") == "Differentiation");
  CHECK(field_of(t->c(), o, "notes") == "Good wait time");
}

// Case 4, updated for text that merges (issue 15): the two rewrites of v1 are both kept, each
// whole, at the place of v1, one after the other in an order every replica agrees on (FugueMax
// orders two insertions at one place by their writers' sequence sites, named after the writes'
// stamps: core/src/text/merging_text.cpp).
TEST_CASE("case 4: concurrent rewrites of a text both survive, merged, with no conflict",
          "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t, {set_field("notes", "v1")});
    t.at(kT2);
    REQUIRE(t.a().update_record(o, {set_field("notes", "v2 by A")}).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(o, {set_field("notes", "v2 by B")}).is_ok());
  });
  const std::string merged = field_of(t->a(), o, "notes");
  CHECK((merged == "v2 by Av2 by B" || merged == "v2 by Bv2 by A"));
  for (Store* s : {&t->a(), &t->b(), &t->c()}) {
    CHECK(field_of(*s, o, "notes") == merged);
    CHECK(s->conflicts()->empty());
  }
}

TEST_CASE("case 4, edits of different words: both are kept where their authors made them",
          "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t, {set_field("notes", "Pupils read the poem.")});
    t.at(kT2);
    REQUIRE(t.a().update_record(o, {set_field("notes", "Pupils read the poem aloud.")}).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(o, {set_field("notes", "Most pupils read the poem.")}).is_ok());
  });
  for (Store* s : {&t->a(), &t->b(), &t->c()}) {
    CHECK(field_of(*s, o, "notes") == "Most pupils read the poem aloud.");
    CHECK(s->conflicts()->empty());
  }
}

TEST_CASE(
    "case 4, with a replica of an older Triad: its concurrent overwrite is a visible conflict",
    "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t);
    REQUIRE(write_as_older_triad(t.a(), o, "notes", "v1"));  // written before the upgrade
    t.sync_all();
    t.at(kT2);
    REQUIRE(t.a().update_record(o, {set_field("notes", "v2 by A")}).is_ok());
    t.at(kT3);
    REQUIRE(write_as_older_triad(t.b(), o, "notes", "v2 by an older Triad"));
  });
  for (Store* s : {&t->a(), &t->b(), &t->c()}) {
    CHECK(field_of(*s, o, "notes") == "v2 by A");
    auto conflicts = s->conflicts();
    REQUIRE(conflicts);
    REQUIRE(conflicts->size() == 1);
    CHECK((*conflicts)[0].field == "notes");
    CHECK((*conflicts)[0].current.value == "v2 by A");
    REQUIRE((*conflicts)[0].overwritten.size() == 1);
    CHECK((*conflicts)[0].overwritten[0].value == "v2 by an older Triad");
  }
}

TEST_CASE("case 5: a write made after seeing the other value leaves no conflict",
          "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t, {set_field("notes", "v1")});
    t.at(kT2);
    REQUIRE(t.a().update_record(o, {set_field("notes", "v2 by A")}).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(o, {set_field("notes", "v2 by B")}).is_ok());
    REQUIRE(replicate(t.b(), t.a()));  // A merges B
    t.at(kT4);
    REQUIRE(t.a().update_record(o, {set_field("notes", "v3")}).is_ok());
  });
  for (Store* s : {&t->a(), &t->b(), &t->c()}) {
    CHECK(field_of(*s, o, "notes") == "v3");
    CHECK(s->conflicts()->empty());
  }
}

TEST_CASE("case 6: concurrent adds to a set are all kept", "[core][merge][cases]") {
  RecordId l;
  auto t = merge_in_every_order([&](Trio& t) {
    l = given_lesson_study(t, {"Ana Diaz"});
    t.at(kT2);
    REQUIRE(t.a().update_record(l, {add_to("members", "Ben Lee")}).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(l, {add_to("members", "Cara Wu")}).is_ok());
  });
  CHECK(members_of(t->c(), l) == std::vector<std::string>{"Ana Diaz", "Ben Lee", "Cara Wu"});
}

TEST_CASE("case 7: an add wins over a concurrent remove", "[core][merge][cases]") {
  RecordId l;
  auto t = merge_in_every_order([&](Trio& t) {
    l = given_lesson_study(t, {"Ana Diaz", "Ben Lee"});
    t.at(kT2);
    REQUIRE(t.a().update_record(l, {remove_from("members", "Ben Lee")}).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(l, {add_to("members", "Ben Lee")}).is_ok());
  });
  CHECK(members_of(t->a(), l) == std::vector<std::string>{"Ana Diaz", "Ben Lee"});
}

TEST_CASE("case 8: a remove with no concurrent add removes everywhere", "[core][merge][cases]") {
  RecordId l;
  auto t = merge_in_every_order([&](Trio& t) {
    l = given_lesson_study(t, {"Ana Diaz", "Ben Lee"});
    t.at(kT2);
    REQUIRE(t.a().update_record(l, {remove_from("members", "Ben Lee")}).is_ok());
  });
  for (Store* s : {&t->a(), &t->b(), &t->c()})
    CHECK(members_of(*s, l) == std::vector<std::string>{"Ana Diaz"});
}

TEST_CASE("case 9: a delete wins over a later edit and no field value survives",
          "[core][merge][cases]") {
  RecordId o;
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t, {set_field("notes", "first notes")});
    t.at(kT2);
    REQUIRE(t.a().delete_record(o).is_ok());
    t.at(kT3);
    REQUIRE(t.b().update_record(o, {set_field("notes", "late edit")}).is_ok());
  });
  for (Store* s : {&t->a(), &t->b(), &t->c()}) {
    auto r = s->get(o);
    REQUIRE(r->has_value());
    CHECK((*r)->is_deleted());
    CHECK((*r)->fields.empty());
    CHECK(dump(full_state(*s)).find("late edit") == std::string::npos);
    CHECK(dump(full_state(*s)).find("first notes") == std::string::npos);
  }
}

TEST_CASE("case 10: concurrent appends to a log are both kept, ordered by date then id",
          "[core][merge][cases]") {
  RecordId g, e1, e2;
  auto t = merge_in_every_order([&](Trio& t) {
    t.at(kT1);
    auto log = t.a().create_record("learning_log", {set_field("title", "Journal")});
    REQUIRE(log);
    g = *log;
    t.sync_all();
    t.at(kT2);
    e1 = t.a()
             .create_record("log_entry", {set_field("log", g.to_string()),
                                          set_field("date", "2014-03-22"), set_field("text", "E1")})
             .value();
    t.at(kT3);
    e2 = t.b()
             .create_record("log_entry", {set_field("log", g.to_string()),
                                          set_field("date", "2014-03-21"), set_field("text", "E2")})
             .value();
  });
  for (Store* s : {&t->a(), &t->b(), &t->c()}) {
    auto entries = s->children(g);
    REQUIRE(entries);
    REQUIRE(entries->size() == 2);
    CHECK((*entries)[0].header.id == e2);  // the earlier date first, though written later
    CHECK((*entries)[1].header.id == e1);
  }
}

TEST_CASE("case 11: a field and a type unknown to this version are stored and passed on",
          "[core][merge][cases]") {
  RecordId o;
  const RecordId future = RecordId::derive("test", "future record");
  auto t = merge_in_every_order([&](Trio& t) {
    o = given_observation(t);
    auto from_a = t.a().get(o).value().value();
    from_a.fields["mood"].kind = FieldKind::kRegister;
    from_a.fields["mood"].versions = {{"calm", {make_hlc(kT2, 0), kSiteA}, {}}};
    RecordState unknown;
    unknown.header = {future,
                      "peer_review",
                      {},
                      from_a.header.school,
                      from_a.header.author,
                      {make_hlc(kT2, 0), kSiteA}};
    unknown.scope = Scope::kAlliance;
    unknown.fields["verdict"].versions = {{"kept", {make_hlc(kT2, 0), kSiteA}, {}}};
    t.at(kT2);
    auto applied = t.b().apply({from_a, unknown}, kSiteA, "newer client", std::nullopt);
    REQUIRE(applied);
    REQUIRE(applied->refused.empty());
  });
  auto c_state = t->c().get(o).value().value();
  REQUIRE(c_state.field("mood"));
  CHECK(c_state.field("mood")->value() == "calm");
  CHECK(c_state.field("mood")->versions[0].stamp == Stamp{make_hlc(kT2, 0), kSiteA});
  const std::string json = record_to_json(c_state);
  CHECK(json.find("\"unknown_fields\":{\"mood\":\"calm\"}") != std::string::npos);
  CHECK(json.find("\"fields\":{\"focus\"") != std::string::npos);  // known fields stay apart
  auto passed_on = t->c().get(future).value();
  REQUIRE(passed_on.has_value());
  CHECK(passed_on->field("verdict")->value() == "kept");
}

TEST_CASE("case 12: a change stamped ten years ahead is refused and kept by its writer",
          "[core][merge][cases]") {
  Trio t;
  const RecordId o = given_observation(t);
  t.clocks[0].set(kT1 + 3650ull * 24 * 3600 * 1000);  // A's date is ten years ahead
  REQUIRE(t.a().update_record(o, {set_field("focus", "from the future")}).is_ok());
  t.clocks[0].set(kT2);
  const auto b_before = full_state(t.b());
  auto r = merge_stores(t.b(), t.a());
  REQUIRE(r);
  CHECK(r->into_a.refused == 1);
  CHECK(full_state(t.b()) == b_before);
  CHECK(field_of(t.a(), o, "focus") == "from the future");
  auto status = t.a().status();
  REQUIRE(status);
  REQUIRE(status->refusals.size() == 1);
  CHECK(status->refusals[0].record == o);
  CHECK(status->refusals[0].peer == kSiteB);
  CHECK_THAT(status->refusals[0].reason, Catch::Contains("ahead"));
  // Offered again at the next exchange, and refused again: nothing reaches B.
  REQUIRE(merge_stores(t.b(), t.a()));
  CHECK(full_state(t.b()) == b_before);
  CHECK(t.a().status()->refusals.size() == 1);
}

TEST_CASE("case 13: a shared scope is never narrowed", "[core][merge][cases]") {
  Trio t;
  const RecordId o = given_observation(t, {set_field("scope", "alliance")});
  const auto before = full_state(t.a());
  const Status s = t.a().update_record(o, {set_field("scope", "private")});
  CHECK(s.code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(s.message(), Catch::Contains("never narrowed"));
  CHECK(full_state(t.a()) == before);
  CHECK(t.a().update_record(o, {set_field("scope", "alliance")}).is_ok());  // same scope: allowed
}

TEST_CASE("case 14: repeated and replayed batches change nothing", "[core][merge][cases]") {
  Trio t;
  const RecordId o = given_observation(t, {set_field("notes", "v1")});
  t.at(kT2);
  const uint64_t mark = t.a().status()->last_seq;
  REQUIRE(t.a().update_record(o, {set_field("notes", "v2"), add_to("tags", "wait-time")}).is_ok());
  auto old_batch = t.a().changes_since(mark, 100, SIZE_MAX).value();
  t.at(kT3);
  REQUIRE(t.a()
              .update_record(o, {set_field("focus", "Phonics"), remove_from("tags", "wait-time")})
              .is_ok());
  auto new_batch = t.a().changes_since(old_batch.last_seq, 100, SIZE_MAX).value();
  REQUIRE(t.b().apply(old_batch.records, kSiteA, "A", std::nullopt));
  REQUIRE(t.b().apply(new_batch.records, kSiteA, "A", std::nullopt));
  const auto state = full_state(t.b());
  for (const auto* batch : {&new_batch, &old_batch, &new_batch}) {  // duplicate, replay, duplicate
    auto r = t.b().apply(batch->records, kSiteA, "A", std::nullopt);
    REQUIRE(r);
    CHECK(r->changed == 0);
    CHECK(full_state(t.b()) == state);
  }
  CHECK(field_of(t.b(), o, "focus") == "Phonics");
}
