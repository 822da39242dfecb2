// Situations several CLI tests start from (two schools' stores, a text conflict), and small
// readers of the CLI's output (status lines, JSON). Header-only; not thread-safe.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "older_triad.h"

namespace triad::testing {

inline constexpr const char* kSchoolA = "Fortismere";
inline constexpr const char* kPersonA = "Ana Diaz";
inline constexpr const char* kSchoolB = "Eleanor Palmer";
inline constexpr const char* kPersonB = "Ben Lee";

// Two replicas of two schools in one temp folder: a.db (Fortismere / Ana Diaz) and b.db
// (Eleanor Palmer / Ben Lee), each freshly initialised, never merged.
struct TwoSchools {
  CliWorkspace ws;
  std::string a = ws.file("a.db");
  std::string b = ws.file("b.db");

  TwoSchools() {
    ws.init_on(a, kSchoolA, kPersonA);
    ws.init_on(b, kSchoolB, kPersonB);
  }
};

// The value after "key" on the line of `triad status` that starts with it ("unsent", "records").
inline std::string status_field(const std::string& status, const std::string& key) {
  for (const std::string& line : lines_of(status))
    if (line.rfind(key + " ", 0) == 0) {
      const size_t start = line.find_first_not_of(' ', key.size());
      return start == std::string::npos ? std::string() : line.substr(start);
    }
  FAIL("no '" << key << "' line in status output:\n" << status);
  return {};
}

// The number that starts the "unsent" line of `triad status`.
inline int unsent_count(const CliWorkspace& ws, const std::string& db) {
  const std::string unsent = status_field(ws.ok_on(db, {"status"}), "unsent");
  REQUIRE(contains(unsent, "not yet sent to any peer"));
  return std::stoi(unsent);
}

// `triad get ID --json`, parsed.
inline nlohmann::json get_json(const CliWorkspace& ws, const std::string& db,
                               const std::string& id) {
  const std::string out = ws.ok_on(db, {"get", id, "--json"});
  REQUIRE(out.back() == '\n');
  REQUIRE(lines_of(out).size() == 1);  // one record per line
  return nlohmann::json::parse(out);
}

// `triad list [TYPE] --json` (or export json), parsed into an array of records.
inline nlohmann::json list_json(const CliWorkspace& ws, const std::string& db,
                                const std::string& type = "") {
  std::vector<std::string> args{"list"};
  if (!type.empty()) args.push_back(type);
  args.push_back("--json");
  nlohmann::json j = nlohmann::json::parse(ws.ok_on(db, args));
  REQUIRE(j.is_array());
  return j;
}

// The ids of the records in a parsed JSON listing.
inline std::vector<std::string> ids_of(const nlohmann::json& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.at("id").get<std::string>());
  return out;
}

inline bool has_id(const nlohmann::json& records, const std::string& id) {
  for (const auto& r : records)
    if (r.at("id") == id) return true;
  return false;
}

// Everything that identifies a store's state from outside: the file's bytes and its export.
struct StoreSnapshot {
  std::string bytes;
  std::string json;
};

inline StoreSnapshot snapshot(const CliWorkspace& ws, const std::string& db) {
  StoreSnapshot s;
  s.json = ws.export_json(db);
  s.bytes = read_bytes(db);  // after the export, which only reads
  REQUIRE_FALSE(s.bytes.empty());
  return s;
}

// Runs `triad --db DB args...` expecting it refused: exit `code`, `phrase` in the message on
// stderr, nothing on stdout, and the store unchanged (its export and its file's bytes).
inline void check_refused(const CliWorkspace& ws, const std::string& db,
                          const std::vector<std::string>& args, int code,
                          const std::string& phrase) {
  const StoreSnapshot before = snapshot(ws, db);
  const CliResult r = ws.run_on(db, args);
  std::string cmd;
  for (const auto& a : args) cmd += " '" + a + "'";
  INFO("triad" << cmd << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == code);
  CHECK(contains(r.err, phrase));
  CHECK(r.out.empty());
  const StoreSnapshot after = snapshot(ws, db);
  CHECK(after.json == before.json);
  CHECK((after.bytes == before.bytes));  // (not decomposed: binary)
}

// Records merged between the two stores must be ones both may see (sharing.h): these tests
// share them with the whole alliance.
//
// A shared observation whose notes both schools edited concurrently, then merged: both stores
// hold a text conflict between "notes by A" and "notes by B".
// An alliance-wide observation of Ana's lesson, made on a.db, that Ben observed: both may edit it
// (a teacher edits only what names her or belongs to her school). The two stores are merged once
// first, so that a.db knows Ben.
inline std::string shared_observation(TwoSchools& s, std::vector<std::string> fields) {
  s.ws.ok_on(s.a, {"merge", s.b});
  fields.insert(fields.end(), {"observed_teacher=Ana Diaz", "observers=Ben Lee", "scope=alliance"});
  return s.ws.add_on(s.a, "observation", fields);
}

// Writes a text version of `field` into the store at `db` as a replica of an older Triad would
// (tests/support/older_triad.h).
inline void write_as_older_triad_on(const std::string& db, const std::string& id,
                                    const std::string& field, const std::string& value) {
  auto store = core::Store::open(db);
  REQUIRE(store);
  const core::Status written =
      write_as_older_triad(**store, *core::RecordId::parse(id), field, value);
  INFO(written.message());
  REQUIRE(written);
}

// Notes written before the schools upgraded, then edited at once by a.db (upgraded: its edit
// merges) and by b.db (still an older Triad: it overwrites the text), then merged: both stores
// hold "notes by A" with "notes by B" as a visible conflict.
struct NotesConflict : TwoSchools {
  std::string id;

  NotesConflict() {
    id = shared_observation(*this, {"focus=Questioning"});
    write_as_older_triad_on(a, id, "notes", "first draft");
    ws.ok_on(a, {"merge", b});
    ws.ok_on(a, {"set", id, "notes=notes by A"});
    write_as_older_triad_on(b, id, "notes", "notes by B");
    ws.ok_on(a, {"merge", b});
  }
};

}  // namespace triad::testing
