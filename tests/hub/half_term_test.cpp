// Half-terms of the English school year, at every boundary.
#include "half_term.h"

#include <catch2/catch.hpp>

using namespace triad::report;

TEST_CASE("dates fall in the documented half-terms", "[report][half-term]") {
  const auto label = [](const char* date) { return half_term_of(date).value().label(); };
  CHECK(label("2013-09-01") == "2013-14 Autumn 1");
  CHECK(label("2013-10-31") == "2013-14 Autumn 1");
  CHECK(label("2013-11-01") == "2013-14 Autumn 2");
  CHECK(label("2013-12-31") == "2013-14 Autumn 2");
  CHECK(label("2014-01-01") == "2013-14 Spring 1");
  CHECK(label("2014-02-20") == "2013-14 Spring 1");
  CHECK(label("2014-02-21") == "2013-14 Spring 2");
  CHECK(label("2014-04-14") == "2013-14 Spring 2");
  CHECK(label("2014-04-15") == "2013-14 Summer 1");
  CHECK(label("2014-05-31") == "2013-14 Summer 1");
  CHECK(label("2014-06-01") == "2013-14 Summer 2");
  CHECK(label("2014-08-31") == "2013-14 Summer 2");
  CHECK(label("2099-09-01") == "2099-00 Autumn 1");
  CHECK(*half_term_of("2014-03-21") < *half_term_of("2014-09-02"));
  CHECK(*half_term_of("2013-12-31") < *half_term_of("2014-01-01"));
}

TEST_CASE("text that is not a date has no half-term, and times fall by their UTC date",
          "[report][half-term]") {
  for (const char* bad :
       {"", "2014-3-21", "21/03/2014", "2014-13-01", "2014-00-10", "yesterday", "2014-03-21T10"})
    CHECK_FALSE(half_term_of(bad));
  CHECK(half_term_of_ms(1'395'360'000'000ull).label() ==
        "2013-14 Spring 2");  // 2014-03-21 00:00 UTC
  CHECK(half_term_of_ms(1'377'993'599'000ull).label() ==
        "2012-13 Summer 2");  // 2013-08-31 23:59:59 UTC
}
