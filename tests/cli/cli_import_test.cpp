// `triad import` as a school's administrator runs it (issue 17, item 5): a staff roster from the
// MIS with a dry run first, the problems of a spreadsheet named by row and column with nothing
// imported, and the same file imported twice creating nothing the second time.
#include <catch2/catch.hpp>
#include <fstream>

#include "cli_scenarios.h"

using namespace triad::testing;

namespace {

std::string write(const CliWorkspace& ws, const std::string& name, const std::string& text) {
  const std::string path = ws.file(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST_CASE("import takes a roster after a dry run, and creates nothing twice", "[cli][import]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string roster = write(ws, "staff.csv",
                                   "\xEF\xBB\xBFTitle,Forename,Surname,Staff Code\r\n"
                                   "Mr,Ben,Lee,BL\r\nMs,Zoë,Élan,ZE\r\n");
  const std::string dry = ws.ok({"import", "person", roster, "--school", kSchoolA, "--dry-run"});
  CHECK(contains(dry, "ignored columns (not fields of person): Title, Staff Code"));
  CHECK(contains(dry, "row 2: would create person Ben Lee"));
  CHECK(contains(dry, "row 3: would create person Zoë Élan"));
  CHECK(contains(dry, "dry run: would create 2 person records from 2 rows"));
  CHECK_FALSE(contains(ws.ok({"list", "person"}), "Ben Lee"));

  CHECK(contains(ws.ok({"import", "person", roster, "--school", kSchoolA}),
                 "created 2 person records from 2 rows; 0 already here"));
  CHECK(contains(ws.ok({"list", "person"}), "Zoë Élan"));
  const std::string again = ws.ok({"import", "person", roster, "--school", kSchoolA});
  CHECK(contains(again, "row 2: Ben Lee is already here, not created again"));
  CHECK(contains(again, "created 0 person records from 2 rows; 2 already here"));
}

TEST_CASE("import names each bad row and column, and imports nothing", "[cli][import]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string sheet = write(ws, "lessons.csv",
                                  "Observed teacher,Date,Focus\n"
                                  "Ana Diaz,2026-11-03,Questioning\n"
                                  "Ana Diaz,03/11/2026,Phonics\n");
  const CliResult r = ws.run({"import", "observation", sheet});
  CHECK(r.exit_code == 2);
  CHECK(
      contains(r.err, "row 3, column 'Date': observation.date must be a date written YYYY-MM-DD"));
  CHECK(contains(r.err, "nothing was imported: 1 of 2 rows have a problem"));
  CHECK_FALSE(contains(ws.ok({"list", "observation"}), "Questioning"));

  const CliResult broken = ws.run({"import", "observation", write(ws, "broken.csv", "a,\"b\n")});
  CHECK(broken.exit_code == 2);
  CHECK(contains(broken.err, "line 1: a quoted cell is never closed"));
}
