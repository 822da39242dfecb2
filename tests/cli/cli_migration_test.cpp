// A store written by schema version 1 (tests/fixtures/store_v1.db) opens with this version of the
// CLI: it is upgraded in place, and its records and their fields survive.
#include <catch2/catch.hpp>
#include <fstream>

#include "cli_scenarios.h"

using namespace triad::testing;
using nlohmann::json;

namespace {

// The ids in store_v1.ids, in that file's order.
struct V1Ids {
  std::string observation, learning_log, deleted_observation, enquiry, lesson_study;
};

V1Ids read_ids() {
  std::ifstream f(TRIAD_FIXTURES_DIR "/store_v1.ids");
  V1Ids ids;
  f >> ids.observation >> ids.learning_log >> ids.deleted_observation >> ids.enquiry >>
      ids.lesson_study;
  REQUIRE(ids.lesson_study.size() == 36);
  return ids;
}

// A copy of the fixture in the workspace, so the fixture itself is never changed.
std::string copy_fixture(const CliWorkspace& ws) {
  const std::string db = ws.file("v1.db");
  std::filesystem::copy_file(TRIAD_FIXTURES_DIR "/store_v1.db", db);
  REQUIRE(sqlite_user_version(db) == 1);
  return db;
}

}  // namespace

TEST_CASE("a schema v1 store opens and is upgraded in place", "[cli][migration]") {
  CliWorkspace ws;
  const std::string db = copy_fixture(ws);
  const std::string st = ws.ok_on(db, {"status"});
  const std::string fresh = ws.file("fresh.db");
  ws.init_on(fresh, kSchoolB, kPersonB);
  CHECK(sqlite_user_version(db) > 1);
  CHECK(sqlite_user_version(db) == sqlite_user_version(fresh));  // the current format
  CHECK(status_field(st, "replica").rfind("Eleanor Palmer Primary / Ana Diaz (site ", 0) == 0);
  CHECK(status_field(st, "records") ==
        "1 enquiry, 1 learning_log, 1 lesson_study, 2 log_entry, 1 observation, 3 person, 1 school "
        "(1 deleted)");
  CHECK(status_field(st, "conflicts") == "0");
  CHECK(ws.ok_on(db, {"status"}) == st);  // a second open changes nothing
}

TEST_CASE("a v1 store lists its live records", "[cli][migration]") {
  CliWorkspace ws;
  const std::string db = copy_fixture(ws);
  const V1Ids ids = read_ids();
  const std::string all = ws.ok_on(db, {"list"});
  CHECK(lines_of(all).size() == 11 - 1);
  for (const std::string& id : {ids.observation, ids.learning_log, ids.enquiry, ids.lesson_study})
    CHECK(contains(all, id));
  CHECK_FALSE(contains(all, ids.deleted_observation));
  CHECK(ws.ok_on(db, {"list", "observation"}) ==
        ids.observation + "  observation  2014-03-21  Questioning\n");
  CHECK(lines_of(ws.ok_on(db, {"list", "log_entry"})).size() == 2);
  const json listed = list_json(ws, db);
  CHECK(listed.size() == 10);
  CHECK_FALSE(has_id(listed, ids.deleted_observation));
}

TEST_CASE("the observation of a v1 store keeps all its fields", "[cli][migration]") {
  CliWorkspace ws;
  const std::string db = copy_fixture(ws);
  const V1Ids ids = read_ids();
  const std::string shown = ws.ok_on(db, {"get", ids.observation});
  CHECK(first_line(shown) == "Lesson observation " + ids.observation);
  CHECK(contains(shown,
                 "  school: Eleanor Palmer Primary   author: Ana Diaz   scope: participants\n"));
  CHECK(contains(shown, "  observed_teacher: Ben Lee\n"));
  CHECK(contains(shown, "  observers: Ana Diaz\n"));
  CHECK(contains(shown, "  lesson_study: Questioning\n"));

  const json j = get_json(ws, db, ids.observation);
  const json& f = j["fields"];
  CHECK(f["date"] == "2014-03-21");
  CHECK(f["focus"] == "Questioning");
  CHECK(f["notes"] == "Pupils waited longer before answering.");
  CHECK(f["feedback"] == "Try think-pair-share");
  CHECK(f["tags"] == json::array({"questioning", "wait-time"}));
  CHECK(f["lesson_study"] == ids.lesson_study);
  CHECK(f["observers"].size() == 1);
  CHECK(j["scope"] == "participants");

  const std::string study = ws.ok_on(db, {"get", ids.lesson_study});
  CHECK(contains(study, "  members: Ana Diaz, Ben Lee\n"));
  CHECK(contains(study, "  targeted_pupils: Y4-07, Y4-12\n"));
  CHECK(contains(study, "  enquiry: Questioning in Year 4\n"));
  CHECK(get_json(ws, db, ids.enquiry)["fields"]["title"] == "Questioning in Year 4");
  const std::string log = ws.ok_on(db, {"get", ids.learning_log});
  CHECK(contains(log, "2014-03-20  Planning the research lesson.\n"));
  CHECK(contains(log, "2014-03-22  First triad meeting went well.\n"));
}

TEST_CASE("a migrated v1 store can be edited and merged", "[cli][migration][merge]") {
  CliWorkspace ws;
  const std::string db = copy_fixture(ws);
  const V1Ids ids = read_ids();
  ws.ok_on(db, {"set", ids.observation, "focus=Wait time", "tags+=v2"});
  const std::string added =
      ws.add_on(db, "observation", {"observed_teacher=Ben Lee", "scope=alliance"});
  const json j = get_json(ws, db, ids.observation);
  CHECK(j["fields"]["focus"] == "Wait time");
  CHECK(j["fields"]["notes"] == "Pupils waited longer before answering.");  // untouched fields kept
  CHECK(j["fields"]["tags"] == json::array({"questioning", "v2", "wait-time"}));

  const std::string other = ws.file("other.db");
  ws.init_on(other, kSchoolB, kPersonB);
  ws.ok_on(other, {"merge", db});
  CHECK(has_id(list_json(ws, other, "observation"), added));
  CHECK(has_id(list_json(ws, other, "enquiry"), ids.enquiry));                  // alliance scope
  CHECK_FALSE(has_id(list_json(ws, other, "learning_log"), ids.learning_log));  // private
}

// Issue 15: a v1 store's notes were a text field. After the upgrade their text is where both
// colleagues' edits start: concurrent edits of the old notes merge, with no conflict and no text
// doubled.
TEST_CASE("a v1 store's notes merge a colleague's concurrent edit", "[cli][migration][text]") {
  CliWorkspace ws;
  const std::string db = copy_fixture(ws);
  const V1Ids ids = read_ids();
  const std::string other = ws.file("other.db");
  ws.init_on(other, "Eleanor Palmer Primary", "Ben Lee");  // the observed teacher's laptop
  ws.ok_on(other, {"merge", db});
  REQUIRE(get_json(ws, other, ids.observation)["fields"]["notes"] ==
          "Pupils waited longer before answering.");
  ws.ok_on(db, {"set", ids.observation, "notes=Pupils waited much longer before answering."});
  ws.ok_on(other, {"set", ids.observation,
                   "notes=Pupils waited longer before answering. Try cold calling."});
  ws.ok_on(db, {"merge", other});
  ws.ok_on(other, {"merge", db});
  for (const std::string& store : {db, other}) {
    const json j = get_json(ws, store, ids.observation);
    CHECK(j["fields"]["notes"] == "Pupils waited much longer before answering. Try cold calling.");
    CHECK_FALSE(j.contains("conflicts"));
  }
}
