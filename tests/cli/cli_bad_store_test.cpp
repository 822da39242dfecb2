// Bad store files: a missing store, a file that is not SQLite, another program's SQLite file, a
// store written by a newer version, a store merged with itself, init over an existing file.
// Each is refused with exit 3 (store) or 2 (a rule) and a message a person can act on, and no
// file is created or changed.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <random>

#include "cli_scenarios.h"

using namespace triad::testing;

namespace {

constexpr int kBadInput = 2;
constexpr int kStore = 3;

std::string random_bytes(size_t n) {
  std::mt19937 rng(12345);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

bool has_sqlite_side_files(const std::string& path) {
  return std::filesystem::exists(path + "-wal") || std::filesystem::exists(path + "-shm") ||
         std::filesystem::exists(path + "-journal");
}

// Runs `triad --db DB args...` expecting exit `code` and `phrase` on stderr, with the file at
// `watched` byte-for-byte unchanged and no SQLite side files left beside it.
void check_file_refused(const CliWorkspace& ws, const std::string& db,
                        const std::vector<std::string>& args, int code, const std::string& phrase,
                        const std::string& watched) {
  const std::string before = read_bytes(watched);
  const CliResult r = ws.run_on(db, args);
  std::string cmd;
  for (const auto& a : args) cmd += " '" + a + "'";
  INFO("triad --db " << db << cmd << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == code);
  CHECK(contains(r.err, phrase));
  CHECK(r.out.empty());
  CHECK((read_bytes(watched) == before));
  CHECK_FALSE(has_sqlite_side_files(watched));
}

// Every command that opens the store, with arguments that would otherwise be fine.
std::vector<std::vector<std::string>> store_commands(const std::string& other_db) {
  const std::string id = "01a20937-d47c-795a-b2a5-64cbc6554876";
  return {{"add", "school", "name=Hornsey School"},
          {"set", id, "focus=x"},
          {"delete", id},
          {"get", id},
          {"get", id, "--json"},
          {"list"},
          {"list", "observation"},
          {"list", "--json"},
          {"conflicts"},
          {"resolve", id, "notes"},
          {"merge", other_db},
          {"export"},
          {"export", "--format", "csv", "observation"},
          {"status"}};
}

}  // namespace

TEST_CASE("every command refuses a missing store and says to run triad init", "[cli][bad-store]") {
  CliWorkspace ws;
  const std::string other = ws.file("other.db");
  ws.init_on(other, kSchoolB, kPersonB);
  const std::string missing = ws.file("missing.db");
  const std::string other_before = read_bytes(other);
  for (const auto& args : store_commands(other)) {
    const CliResult r = ws.run_on(missing, args);
    INFO(args[0] << "\nstderr: " << r.err);
    CHECK(r.exit_code == kStore);
    CHECK(contains(r.err, "there is no Triad store at " + missing +
                              " (create one with: triad init --school NAME)"));
    CHECK(r.out.empty());
    CHECK_FALSE(std::filesystem::exists(missing));
    CHECK_FALSE(has_sqlite_side_files(missing));
  }
  CHECK((read_bytes(other) == other_before));
  CHECK(ws.run_on(missing, {"types"}).exit_code == 0);  // needs no store
}

TEST_CASE("merge refuses a missing other store", "[cli][bad-store]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string missing = ws.file("usb/missing.db");
  check_refused(ws, ws.db(), {"merge", missing}, kStore, "there is no Triad store at " + missing);
  CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("merge refuses a file that is not SQLite and leaves it unchanged", "[cli][bad-store]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  for (const std::string& bytes :
       {random_bytes(64 * 1024), random_bytes(100), std::string("hello, not a store\n")}) {
    const std::string garbage = ws.file("garbage.db");
    write_bytes(garbage, bytes);
    const std::string own_before = read_bytes(ws.db());
    check_file_refused(ws, ws.db(), {"merge", garbage}, kStore, "not a Triad store", garbage);
    CHECK((read_bytes(ws.db()) == own_before));
    // The same file given as this device's store.
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"status"}, {"list"}, {"add", "enquiry", "title=x"}})
      check_file_refused(ws, garbage, args, kStore, "not a Triad store", garbage);
    check_file_refused(ws, garbage, {"merge", ws.db()}, kStore, "not a Triad store", ws.db());
  }
}

TEST_CASE("merge refuses an SQLite file of another program", "[cli][bad-store]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string foreign = ws.file("contacts.sqlite");
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(foreign.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "CREATE TABLE contact(name TEXT); INSERT INTO contact VALUES('Tom Smith');",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  check_file_refused(ws, ws.db(), {"merge", foreign}, kStore,
                     "this file is an SQLite database but not a Triad store; it was not changed",
                     foreign);
  check_file_refused(ws, foreign, {"status"}, kStore, "not a Triad store", foreign);
}

TEST_CASE("merge refuses a store merged with itself", "[cli][bad-store]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  ws.add("enquiry", {"title=Questioning"});
  check_refused(ws, ws.db(), {"merge", ws.db()}, kBadInput, "both files are the same replica");
  const std::string copy = ws.file("copy.db");
  std::filesystem::copy_file(ws.db(), copy);  // a copy is the same replica too
  check_refused(ws, ws.db(), {"merge", copy}, kBadInput, "both files are the same replica");
  CHECK((read_bytes(copy) == read_bytes(ws.db())));
}

TEST_CASE("a store written by a newer version is refused and left unchanged", "[cli][bad-store]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string newer = ws.file("newer.db");
  ws.init_on(newer, kSchoolB, kPersonB);
  ws.add_on(newer, "enquiry", {"title=Written by Triad 9"});
  REQUIRE(set_sqlite_user_version(newer, 99));
  const std::string phrase = "this store was written by a newer version of Triad (store format 99";
  for (const auto& args : store_commands(ws.db()))
    check_file_refused(ws, newer, args, kStore, phrase, newer);
  const std::string own_before = read_bytes(ws.db());
  check_file_refused(ws, ws.db(), {"merge", newer}, kStore,
                     "Update Triad on this device; the store was not changed", newer);
  CHECK((read_bytes(ws.db()) == own_before));
  CHECK(sqlite_user_version(newer) == 99);
}

TEST_CASE("init refuses a path that already exists", "[cli][bad-store]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  check_refused(ws, ws.db(), {"init", "--school", kSchoolB}, kBadInput,
                "a file already exists at " + ws.db() + "; choose another path or remove it first");
  CHECK(status_field(ws.ok({"status"}), "replica").rfind("Fortismere / Ana Diaz", 0) == 0);

  const std::string notes = ws.file("notes.txt");
  write_bytes(notes, "my notes\n");
  check_file_refused(ws, notes, {"init", "--school", kSchoolB}, kBadInput, "a file already exists",
                     notes);

  write_bytes(ws.file("blocker"), "a file where a folder would go");
  const CliResult nested = ws.run_on(ws.file("blocker/x.db"), {"init", "--school", kSchoolB});
  CHECK(nested.exit_code == kStore);
  CHECK(contains(nested.err, "cannot create the folder"));
}

TEST_CASE("merge refuses an empty file and leaves it unchanged", "[cli][bad-store]") {
  // Regression test: this failed before the fix.
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string empty = ws.file("empty.db");
  write_bytes(empty, "");
  check_file_refused(ws, ws.db(), {"merge", empty}, kStore, "not a Triad store", empty);
  check_file_refused(ws, empty, {"status"}, kStore, "not a Triad store", empty);
}

TEST_CASE("a refused init leaves no file behind", "[cli][bad-store]") {
  // Regression test: this failed before the fix.
  CliWorkspace ws;
  const CliResult bad = ws.run({"init", "--school", "Two\nLines"});
  CHECK(bad.exit_code == kBadInput);
  CHECK(contains(bad.err, "must be one line"));
  CHECK_FALSE(std::filesystem::exists(ws.db()));
  const CliResult bad_person = ws.run({"init", "--school", kSchoolA, "--person", "Ana\nDiaz"});
  CHECK(bad_person.exit_code == kBadInput);
  CHECK_FALSE(std::filesystem::exists(ws.db()));
  ws.init(kSchoolA, kPersonA);  // the corrected command works
}
