// The one CSV cell rule of `triad export` and the hub's report files, and reading CSV back for
// `triad import` (core/include/triad/core/csv.h).
#include "triad/core/csv.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "test_support.h"

using triad::core::csv_cell;

TEST_CASE("csv cells quote separators and double quotes", "[core][csv]") {
  CHECK(csv_cell("plain text") == "plain text");
  CHECK(csv_cell("") == "");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  CHECK(csv_cell("Zoë Brontë") == "Zoë Brontë");
}

TEST_CASE("csv cells that a spreadsheet would run as a formula are written as text",
          "[core][csv]") {
  CHECK(csv_cell("=1+2") == "\"'=1+2\"");
  CHECK(csv_cell("+44 20 7946") == "\"'+44 20 7946\"");
  CHECK(csv_cell("-x") == "\"'-x\"");
  CHECK(csv_cell("@SUM(A1:A2)") == "\"'@SUM(A1:A2)\"");
  CHECK(csv_cell("\t=cmd") == "\"'\t=cmd\"");
  CHECK(csv_cell("\r=cmd") == "\"'\r=cmd\"");
  CHECK(csv_cell("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  CHECK(csv_cell("a=1+2") == "a=1+2");  // only a leading sign starts a formula
}

TEST_CASE("csv cells keep plain numbers as numbers", "[core][csv]") {
  for (const char* n : {"-3", "+2.5", "-0.25", "12", "-.5"}) {
    INFO(n);
    CHECK(csv_cell(n) == n);
  }
  CHECK(csv_cell("-") == "\"'-\"");
  CHECK(csv_cell("-3-1") == "\"'-3-1\"");
}

TEST_CASE("csv text reads back as the cells it was written from, whatever they hold",
          "[core][csv]") {
  // Random cells (quotes, separators, line breaks, formulas, accents), written with csv_cell and
  // read back with parse_csv: the same cells. The seed is printed for a failure to be replayed.
  const uint64_t seed = triad::testing::test_seed("csv round trip");
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  const std::vector<std::string> pieces{"a",  "Zoë", ",", "\"", "\n", "\r\n", "=",
                                        "+1", "-x",  "@", " ",  ";",  "7",    "'"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::vector<std::string>> table(1 + rng() % 5);
    const size_t width = 1 + rng() % 4;
    std::string text = round % 2 ? std::string(triad::core::kUtf8Bom) : "";
    for (auto& row : table) {
      for (size_t c = 0; c < width; ++c) {
        std::string cell;
        for (size_t k = rng() % 4; k > 0; --k) cell += pieces[rng() % pieces.size()];
        row.push_back(cell);
      }
      // A row of empty cells is skipped as blank: each row here holds something.
      if (std::all_of(row.begin(), row.end(), [](const std::string& c) { return c.empty(); }))
        row[0] = "x";
      for (size_t c = 0; c < width; ++c) text += (c ? "," : "") + csv_cell(row[c]);
      text += round % 3 ? "\r\n" : "\n";
    }
    auto read = triad::core::parse_csv(text);
    INFO(text);
    REQUIRE(read.is_ok());
    REQUIRE(read->size() == table.size());
    for (size_t r = 0; r < table.size(); ++r) CHECK((*read)[r].cells == table[r]);
  }
}

TEST_CASE("a formula written as text reads back as the formula's text", "[core][csv]") {
  for (const std::string cell :
       {"=1+2", "@SUM(A1)", "-x", "+44 20 7946 0000", "'=1+2", "'-ing words, then pairs", "'"}) {
    auto read = triad::core::parse_csv(csv_cell(cell) + "\n");
    REQUIRE(read.is_ok());
    CHECK((*read)[0].cells == std::vector<std::string>{cell});
  }
}

TEST_CASE("csv reading says which line is broken", "[core][csv]") {
  auto open = triad::core::parse_csv("name,notes\nBen,\"never closed\n");
  REQUIRE_FALSE(open.is_ok());
  CHECK(open.status().message().find("line 2: a quoted cell is never closed") != std::string::npos);
  auto after = triad::core::parse_csv("a\n\"x\"y,z\n");
  REQUIRE_FALSE(after.is_ok());
  CHECK(after.status().message().find("line 2: text after a closing quote") != std::string::npos);
  auto lines = triad::core::parse_csv("a,b\n\"two\nlines\",c\n\nd,e\n,,\n\"cr\ronly\",f");
  REQUIRE(lines.is_ok());
  REQUIRE(lines->size() == 4);   // the blank line and the row of empty cells skipped
  CHECK((*lines)[2].line == 5);  // a quoted line break and a blank line before it
  CHECK((*lines)[3].line == 7);
  auto after_cr = triad::core::parse_csv("\"a\rb\"\nc\n");
  REQUIRE(after_cr.is_ok());
  CHECK((*after_cr)[1].line == 3);  // a lone CR in a quoted cell is a line break too
}
