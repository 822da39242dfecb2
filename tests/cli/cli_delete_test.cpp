// triad delete: a deleted record leaves listings and exports, keeps no field value (not even in
// the store file), takes its entries with it, and the deletion reaches other stores by merge.
#include <catch2/catch.hpp>

#include "cli_scenarios.h"

using namespace triad::testing;
using nlohmann::json;

namespace {

bool file_holds(const std::string& path, const std::string& text) {
  return contains(read_bytes(path), text);
}

// The store file and its WAL, where purged values must not survive.
bool store_holds(const std::string& db, const std::string& text) {
  return file_holds(db, text) || file_holds(db + "-wal", text);
}

}  // namespace

TEST_CASE("delete removes a record from list and export and counts it deleted", "[cli][delete]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string keep = ws.add("observation", {"observed_teacher=Ana Diaz", "focus=Kept"});
  const std::string gone =
      ws.add("observation", {"observed_teacher=Ana Diaz", "focus=Gone", "notes=n"});
  CHECK(ws.ok({"delete", gone}) == "deleted " + gone + "\n");

  CHECK(contains(ws.ok({"list", "observation"}), keep));
  CHECK_FALSE(contains(ws.ok({"list"}), gone));
  CHECK_FALSE(has_id(list_json(ws, ws.db()), gone));
  CHECK(has_id(list_json(ws, ws.db()), keep));
  CHECK_FALSE(contains(ws.ok({"export", "--format", "csv"}), gone));
  CHECK(status_field(ws.ok({"status"}), "records") ==
        "1 observation, 1 person, 1 school (1 deleted)");

  const CliResult edit = ws.run({"set", gone, "focus=again"});
  CHECK(edit.exit_code == 2);
  CHECK(contains(edit.err, gone));
}

TEST_CASE("get of a deleted record shows it deleted with no field values", "[cli][delete]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id = ws.add(
      "observation", {"observed_teacher=Ana Diaz", "focus=Secret focus", "notes=Secret notes"});
  ws.ok({"delete", id});

  const CliResult shown = ws.run({"get", id});
  INFO("stderr: " << shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(first_line(shown.out) == "Lesson observation " + id);
  CHECK(contains(shown.out, "deleted"));
  CHECK_FALSE(contains(shown.out, "Secret"));
  CHECK_FALSE(contains(shown.out, "observed_teacher"));

  const json j = get_json(ws, ws.db(), id);
  CHECK(j["id"] == id);
  CHECK(j["deleted"] == true);
  CHECK(j["fields"].empty());
}

TEST_CASE("delete of a learning log deletes its entries", "[cli][delete]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string log = ws.add("learning_log", {"title=Journal"});
  const std::string other = ws.add("learning_log", {"title=Other journal"});
  const std::string e1 = ws.add("log_entry", {"log=Journal", "date=2014-03-20", "text=Entry one"});
  const std::string e2 = ws.add("log_entry", {"log=Journal", "date=2014-03-21", "text=Entry two"});
  const std::string kept =
      ws.add("log_entry", {"log=Other journal", "date=2014-03-21", "text=Kept entry"});
  REQUIRE(list_json(ws, ws.db(), "log_entry").size() == 3);

  ws.ok({"delete", "Journal"});  // by name
  const json entries = list_json(ws, ws.db(), "log_entry");
  CHECK(ids_of(entries) == std::vector<std::string>{kept});
  CHECK(ids_of(list_json(ws, ws.db(), "learning_log")) == std::vector<std::string>{other});
  CHECK(contains(status_field(ws.ok({"status"}), "records"), "(3 deleted)"));
  for (const std::string& id : {e1, e2}) CHECK(ws.run({"set", id, "text=edited"}).exit_code == 2);

  const CliResult orphan = ws.run({"add", "log_entry", "log=" + log, "date=2014-03-22", "text=x"});
  CHECK(orphan.exit_code == 2);
  CHECK(list_json(ws, ws.db(), "log_entry").size() == 1);
}

TEST_CASE("delete purges the field values from the store file", "[cli][delete]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id = ws.add(
      "observation",
      {"observed_teacher=Ana Diaz", "focus=PurgeFocusMarker", "notes=PurgeNotesMarker draft"});
  ws.ok({"set", id, "notes=PurgeNotesMarker final", "tags+=PurgeTagMarker"});
  REQUIRE(store_holds(ws.db(), "PurgeNotesMarker"));  // the check below can see values

  ws.ok({"delete", id});
  CHECK_FALSE(store_holds(ws.db(), "PurgeFocusMarker"));
  CHECK_FALSE(store_holds(ws.db(), "PurgeNotesMarker"));
  CHECK_FALSE(store_holds(ws.db(), "PurgeTagMarker"));
}

TEST_CASE("a deletion merged into another store deletes and purges it there",
          "[cli][delete][merge]") {
  TwoSchools s;
  const std::string id =
      s.ws.add_on(s.a, "observation",
                  {"observed_teacher=Ana Diaz", "notes=MergedPurgeMarker", "scope=alliance"});
  s.ws.ok_on(s.a, {"merge", s.b});
  REQUIRE(has_id(list_json(s.ws, s.b), id));
  REQUIRE(store_holds(s.b, "MergedPurgeMarker"));

  s.ws.ok_on(s.a, {"delete", id});
  s.ws.ok_on(s.a, {"merge", s.b});
  CHECK_FALSE(has_id(list_json(s.ws, s.b), id));
  CHECK_FALSE(store_holds(s.b, "MergedPurgeMarker"));
  CHECK_FALSE(store_holds(s.a, "MergedPurgeMarker"));
  CHECK(s.ws.export_json(s.a) == s.ws.export_json(s.b));
}

TEST_CASE("a deletion wins over a concurrent edit in another store", "[cli][delete][merge]") {
  TwoSchools s;
  const std::string id = shared_observation(s, {"notes=v1"});
  s.ws.ok_on(s.a, {"merge", s.b});
  s.ws.ok_on(s.a, {"delete", id});
  s.ws.ok_on(s.b, {"set", id, "notes=LateEditMarker"});  // after the delete, offline
  s.ws.ok_on(s.b, {"merge", s.a});
  for (const std::string& db : {s.a, s.b}) {
    INFO(db);
    CHECK_FALSE(has_id(list_json(s.ws, db), id));
    CHECK_FALSE(store_holds(db, "LateEditMarker"));
    CHECK(s.ws.ok_on(db, {"conflicts"}) == "no conflicts\n");
  }
  CHECK(s.ws.export_json(s.a) == s.ws.export_json(s.b));
}
