// Records from CSV files (core/import.h): a staff roster as a school's MIS exports it, and
// observations from a spreadsheet; a dry run that writes nothing; each problem with its row and
// column, and then nothing written; a file imported twice creating nothing the second time.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "triad/core/import.h"

namespace {

using namespace triad;

std::unique_ptr<core::Store> school_store() {
  auto store = core::Store::create(":memory:", "Fortismere", "Ana Diaz");
  REQUIRE(store.is_ok());
  return std::move(store).value();
}

core::ImportReport imported(core::Store& store, const std::string& type, const std::string& csv,
                            bool dry_run = false, const std::string& school = "") {
  core::ImportOptions o;
  o.type = type;
  o.dry_run = dry_run;
  o.school = school;
  auto r = core::import_csv(store, csv, o);
  INFO(r.status().message());
  REQUIRE(r.is_ok());
  return std::move(r).value();
}

const std::string kRoster =
    "\xEF\xBB\xBFTitle,Forename,Surname,Staff Code,Role\r\n"
    "Mr,Ben,Lee,BL,Teacher\r\n"
    "Ms,Cara,Wu,CW,coach;sle\r\n"
    "Dr,Zoë,Élan,ZE,headteacher\r\n";

}  // namespace

TEST_CASE("a staff roster from a school's MIS becomes people, once", "[core][import]") {
  auto store = school_store();
  const core::ImportReport dry = imported(*store, "person", kRoster, true, "Fortismere");
  CHECK(dry.created.size() == 3);
  CHECK(store->list("person")->size() == 1);  // only Ana: a dry run writes nothing
  CHECK(dry.ignored_columns == std::vector<std::string>{"Title", "Staff Code"});

  const core::ImportReport first = imported(*store, "person", kRoster, false, "Fortismere");
  REQUIRE(first.problems.empty());
  CHECK(first.created.size() == 3);
  CHECK(first.created[2] == std::pair<size_t, std::string>{4, "Zoë Élan"});
  auto cara = store->resolve("person", "Cara Wu");
  REQUIRE(cara.is_ok());
  CHECK(store->get(*cara)->value().field("roles")->elements() ==
        std::vector<std::string>{"coach", "sle"});

  const core::ImportReport again = imported(*store, "person", kRoster, false, "Fortismere");
  CHECK(again.created.empty());
  CHECK(again.already.size() == 3);
  CHECK(store->list("person")->size() == 4);
}

TEST_CASE("observations from a spreadsheet are checked row by row, and written all or nothing",
          "[core][import]") {
  auto store = school_store();
  imported(*store, "person", "Name,School\nBen Lee,Fortismere\nCara Wu,Fortismere\n");
  const std::string good =
      "Observed teacher,Date,Focus,Notes,Observers\n"
      "Ben Lee,2026-11-03,Questioning,\"Wait time, then pairs.\",Ana Diaz;Cara Wu\n"
      "Cara Wu,2026-11-04,Phonics,,\n";
  const std::string bad = good +
                          "Cara Wu,03/11/2026,Phonics,Dated the English way,\n"
                          "Nobody Known,2026-11-05,Reading,,\n";

  const core::ImportReport refused = imported(*store, "observation", bad);
  REQUIRE(refused.problems.size() == 2);
  CHECK(refused.problems[0].line == 4);
  CHECK(refused.problems[0].column == "Date");
  CHECK(refused.problems[0].message.find("YYYY-MM-DD") != std::string::npos);
  CHECK(refused.problems[1].line == 5);
  CHECK(refused.problems[1].column == "Observed teacher");
  CHECK(store->list("observation")->empty());  // the good rows were not written either

  const core::ImportReport first = imported(*store, "observation", good);
  CHECK(first.created.size() == 2);
  auto observations = store->list("observation");
  REQUIRE(observations->size() == 2);
  const core::ImportReport again = imported(*store, "observation", good);
  CHECK(again.created.empty());
  CHECK(again.already.size() == 2);
  CHECK(store->list("observation")->size() == 2);
  // A file repeating a row imports it once.
  const core::ImportReport twice =
      imported(*store, "observation",
               "Observed teacher,Date,Focus\nBen Lee,2026-11-06,Pairs\nBen Lee,2026-11-06,Pairs\n");
  CHECK(twice.created.size() == 1);
  CHECK(twice.already.size() == 1);
}

TEST_CASE("an import says what it cannot read before it reads a row", "[core][import]") {
  auto store = school_store();
  core::ImportOptions o;
  o.type = "observation";
  auto none = core::import_csv(*store, "Colour,Size\nred,3\n", o);
  REQUIRE_FALSE(none.is_ok());
  CHECK(none.status().message().find("no column of the file's first row names a field") !=
        std::string::npos);
  CHECK_FALSE(core::import_csv(*store, "", o).is_ok());
  o.type = "spreadsheet";
  CHECK_FALSE(core::import_csv(*store, "a\n1\n", o).is_ok());
}

TEST_CASE("a roster's name is the first filled of its forename and surname columns",
          "[core][import]") {
  auto store = school_store();
  const core::ImportReport r = imported(*store, "person",
                                        "Preferred first name,First name,Last name\n"
                                        ",Benjamin,Lee\n"
                                        "Sam,Samantha,Lee\n",
                                        false, "Fortismere");
  REQUIRE(r.problems.empty());
  REQUIRE(r.created.size() == 2);  // two people called Lee, neither taken for the other
  CHECK(r.created[0].second == "Benjamin Lee");
  CHECK(r.created[1].second == "Sam Lee");
}

TEST_CASE("a row compares with what the store kept of it: a pupil code in any case, a choice",
          "[core][import]") {
  auto store = school_store();
  imported(*store, "person", "Name,School\nBen Lee,Fortismere\n");
  const std::string study =
      "Members,Focus,Targeted pupils\nAna Diaz;Ben Lee,Fractions,y4-07;Y4-12\n";
  CHECK(imported(*store, "lesson_study", study).created.size() == 1);
  const core::ImportReport again = imported(*store, "lesson_study", study);
  CHECK(again.created.empty());  // y4-07 was kept as Y4-07, and matches
  CHECK(again.already.size() == 1);
}
