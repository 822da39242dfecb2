// The one CSV cell rule of `triad export` and the hub's report files
// (core/include/triad/core/csv.h).
#include "triad/core/csv.h"

#include <catch2/catch.hpp>

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
