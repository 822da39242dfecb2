// triad export: CSV (RFC 4180, one row per live record, references by name) and canonical JSON,
// of one type or all, to stdout or to a file.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "cli_scenarios.h"
#include "triad/core/schema.h"

using namespace triad::testing;
using nlohmann::json;

namespace {

using Row = std::vector<std::string>;

// A strict RFC 4180 reader: CRLF ends a record; a quoted cell may hold commas, "" and newlines.
std::vector<Row> parse_csv(const std::string& text) {
  std::vector<Row> rows;
  Row row;
  std::string cell;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        cell += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cell += c;
    } else if (c == '"') {
      REQUIRE(cell.empty());  // quotes only around a whole cell
      quoted = was_quoted = true;
    } else if (c == ',') {
      row.push_back(cell), cell.clear(), was_quoted = false;
    } else if (c == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
      row.push_back(cell), cell.clear(), was_quoted = false;
      rows.push_back(row), row.clear();
      ++i;
    } else {
      REQUIRE(c != '\n');  // a bare newline only inside quotes
      cell += c;
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE(cell.empty());
  REQUIRE(row.empty());  // the last record ends with CRLF too
  (void)was_quoted;
  return rows;
}

size_t column(const Row& header, const std::string& name, size_t nth = 0) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name && nth-- == 0) return i;
  FAIL("no column " << name);
  return 0;
}

const Row& row_of(const std::vector<Row>& rows, const std::string& id) {
  for (const Row& r : rows)
    if (!r.empty() && r[0] == id) return r;
  FAIL("no row for " << id);
  return rows.front();
}

// The elements of a set cell ("Ana Diaz; Ben Lee").
std::set<std::string> names(const std::string& cell) {
  std::set<std::string> out;
  size_t start = 0;
  for (size_t end; (end = cell.find("; ", start)) != std::string::npos; start = end + 2)
    out.insert(cell.substr(start, end - start));
  out.insert(cell.substr(start));
  return out;
}

struct ExportStore {
  CliWorkspace ws;
  std::string study, obs, plain;
  ExportStore() {
    ws.init(kSchoolA, kPersonA);
    ws.add("person", {"name=Ben Lee", "school=Fortismere"});
    study = ws.add("lesson_study", {"members=Ana Diaz,Ben Lee", "focus=Questioning"});
    obs = ws.add("observation",
                 {"observed_teacher=Ben Lee", "observers=Ana Diaz,Ben Lee",
                  "lesson_study=Questioning", "focus=Wait time, \"3 seconds\"",
                  "notes=Line one\nLine \"two\", with a comma", "date=2014-03-21", "tags=b,a"});
    plain = ws.add("observation", {"observed_teacher=Ana Diaz"});
  }
};

}  // namespace

TEST_CASE("export csv has a header and one row per record of the type", "[cli][export]") {
  ExportStore s;
  const std::vector<Row> rows = parse_csv(s.ws.ok({"export", "--format", "csv", "observation"}));
  REQUIRE(rows.size() == 3);
  Row expected{"id", "type", "owner_school", "author", "scope"};
  for (const auto& f : triad::core::find_type("observation")->fields)
    expected.push_back(std::string(f.name));
  CHECK(rows[0] == expected);
  std::set<std::string> ids{rows[1][0], rows[2][0]};
  CHECK(ids == std::set<std::string>{s.obs, s.plain});
  for (size_t i = 1; i < rows.size(); ++i) {
    CHECK(rows[i].size() == expected.size());
    CHECK(rows[i][1] == "observation");
    CHECK(rows[i][2] == kSchoolA);  // the owner school and author by name
    CHECK(rows[i][3] == kPersonA);
    CHECK(rows[i][4] == "participants");
  }
}

TEST_CASE("export csv quotes commas quotes and newlines", "[cli][export]") {
  ExportStore s;
  const std::string text = s.ws.ok({"export", "--format", "csv", "observation"});
  CHECK(contains(text, ",\"Wait time, \"\"3 seconds\"\"\","));  // quoted, inner quotes doubled
  const std::vector<Row> rows = parse_csv(text);
  const Row& r = row_of(rows, s.obs);
  CHECK(r[column(rows[0], "focus")] == "Wait time, \"3 seconds\"");
  CHECK(r[column(rows[0], "notes")] == "Line one\nLine \"two\", with a comma");
  CHECK(r[column(rows[0], "date")] == "2014-03-21");
  CHECK(r[column(rows[0], "feedback")] == "");
  CHECK(r[column(rows[0], "tags")] == "a; b");
}

TEST_CASE("export csv shows references by name", "[cli][export]") {
  ExportStore s;
  const std::vector<Row> rows = parse_csv(s.ws.ok({"export", "--format", "csv", "observation"}));
  const Row& r = row_of(rows, s.obs);
  CHECK(r[column(rows[0], "observed_teacher")] == "Ben Lee");
  CHECK(names(r[column(rows[0], "observers")]) == std::set<std::string>{"Ana Diaz", "Ben Lee"});
  CHECK(r[column(rows[0], "lesson_study")] == "Questioning");
  const std::vector<Row> studies =
      parse_csv(s.ws.ok({"export", "--format", "csv", "lesson_study"}));
  CHECK(names(row_of(studies, s.study)[column(studies[0], "members")]) ==
        std::set<std::string>{"Ana Diaz", "Ben Lee"});
}

TEST_CASE("export csv without a type has every record and every field", "[cli][export]") {
  ExportStore s;
  const std::vector<Row> rows = parse_csv(s.ws.ok({"export", "--format", "csv"}));
  REQUIRE(rows.size() == 1 + 6);  // school, two people, the study, two observations
  const Row& header = rows[0];
  for (const auto& t : triad::core::record_types())
    for (const auto& f : t.fields)
      CHECK(std::count(header.begin(), header.end(), std::string(f.name)) >= 1);
  for (size_t i = 1; i < rows.size(); ++i) CHECK(rows[i].size() == header.size());
  CHECK(row_of(rows, s.study)[column(header, "focus")] == "Questioning");
  CHECK(row_of(rows, s.obs)[column(header, "focus")] == "Wait time, \"3 seconds\"");
  CHECK(row_of(rows, s.study)[1] == "lesson_study");
}

TEST_CASE("export csv column names are unique", "[cli][export]") {
  // The owner school is "owner_school", apart from a type's own `school` field
  // (observation.school).
  ExportStore s;
  for (const std::string type : {"observation", "person", ""}) {
    std::vector<std::string> args{"export", "--format", "csv"};
    if (!type.empty()) args.push_back(type);
    const Row header = parse_csv(s.ws.ok(args)).at(0);
    INFO("export csv " << type);
    CHECK(std::set<std::string>(header.begin(), header.end()).size() == header.size());
  }
}

TEST_CASE("export json is the canonical listing with and without a type", "[cli][export]") {
  ExportStore s;
  const std::string all = s.ws.ok({"export"});  // json is the default
  CHECK(all == s.ws.ok({"export", "--format", "json"}));
  CHECK(all == s.ws.ok({"list", "--json"}));
  const json records = json::parse(all);
  REQUIRE(records.size() == 6);
  CHECK(lines_of(all).size() == 2 + 6);  // "[", one line per record, "]"
  std::vector<std::string> ids = ids_of(records);
  CHECK(std::is_sorted(ids.begin(), ids.end()));

  const json obs = json::parse(s.ws.ok({"export", "observation"}));
  CHECK(obs.size() == 2);
  for (const auto& r : obs) CHECK(r["type"] == "observation");
  const json& o = obs[ids_of(obs)[0] == s.obs ? 0 : 1];
  CHECK(o["fields"]["focus"] == "Wait time, \"3 seconds\"");
  CHECK(o["fields"]["tags"] == json::array({"a", "b"}));  // set elements sorted
  CHECK(o["fields"]["notes"] == "Line one\nLine \"two\", with a comma");
  CHECK(s.ws.ok({"export", "coaching_note"}) == "[]\n");
  CHECK(lines_of(s.ws.ok({"export", "--format", "csv", "coaching_note"})).size() ==
        1);  // the header
}

TEST_CASE("export --out writes the file and nothing to stdout", "[cli][export]") {
  ExportStore s;
  const std::string json_file = s.ws.file("out/records.json");
  std::filesystem::create_directories(s.ws.file("out"));
  CHECK(s.ws.ok({"export", "--out", json_file}) == "");
  CHECK(read_bytes(json_file) == s.ws.ok({"export"}));

  const std::string csv_file = s.ws.file("out/obs.csv");
  write_bytes(csv_file, "old content that must be replaced\n");
  CHECK(s.ws.ok({"export", "--format", "csv", "observation", "--out", csv_file}) == "");
  CHECK(read_bytes(csv_file) == s.ws.ok({"export", "--format", "csv", "observation"}));
  CHECK(parse_csv(read_bytes(csv_file)).size() == 3);
  CHECK_FALSE(std::filesystem::exists(csv_file + ".part"));
  CHECK_FALSE(std::filesystem::exists(json_file + ".part"));
}

// A spreadsheet runs a cell starting with =, +, - or @ as a formula (CSV injection): export uses
// the one rule the hub's report files use (core/include/triad/core/csv.h), so such a cell reads
// as the text that was typed, and plain numbers stay numbers.
TEST_CASE("export csv writes formula-like values as text", "[cli][export]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string obs =
      ws.add("observation", {"observed_teacher=Ana Diaz", "focus==1+2", "tags=@@home,+44 20,-x"});
  const std::string study =
      ws.add("lesson_study", {"members=Ana Diaz", "cycle=-3", "focus=@@SUM(A1:A9)"});
  const std::string text = ws.ok({"export", "--format", "csv"});
  CHECK(contains(text, ",\"'=1+2\","));
  CHECK_FALSE(contains(text, ",=1+2,"));
  const std::vector<Row> rows = parse_csv(text);
  CHECK(row_of(rows, obs)[column(rows[0], "focus")] == "'=1+2");
  CHECK(row_of(rows, obs)[column(rows[0], "tags")] == "'+44 20; -x; @home");
  CHECK(row_of(rows, study)[column(rows[0], "focus")] == "'@SUM(A1:A9)");
  CHECK(row_of(rows, study)[column(rows[0], "cycle")] == "-3");  // a number, not a formula
}

TEST_CASE("export csv --bom starts with the UTF-8 byte order mark for Excel", "[cli][export]") {
  CliWorkspace ws;
  ws.init(kSchoolA, "Zoë Brontë");
  const std::string plain = ws.ok({"export", "--format", "csv", "person"});
  CHECK(plain.rfind("id,", 0) == 0);  // no BOM unless asked
  const std::string with_bom = ws.ok({"export", "--format", "csv", "--bom", "person"});
  CHECK(with_bom == "\xEF\xBB\xBF" + plain);
  CHECK(contains(with_bom, "Zoë Brontë"));
  const std::string file = ws.file("people.csv");
  CHECK(ws.ok({"export", "--format", "csv", "--bom", "person", "--out", file}) == "");
  CHECK(read_bytes(file) == with_bom);
  const CliResult json_bom = ws.run({"export", "--format", "json", "--bom"});
  CHECK(json_bom.exit_code == 1);
  CHECK(contains(json_bom.err, "--bom is for CSV"));
}
