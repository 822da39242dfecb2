// Half-terms of the English school year, at every boundary.
#include "half_term.h"

#include <algorithm>
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

namespace {

HalfTerm term(const char* date) { return half_term_of(date).value(); }

std::vector<std::string> labels(const std::vector<AxisSlot>& axis) {
  std::vector<std::string> out;
  for (const AxisSlot& s : axis) out.push_back(s.label());
  return out;
}

}  // namespace

TEST_CASE("the axis shows every half-term between the first and last with records, empty or not",
          "[report][half-term][axis]") {
  CHECK(school_year_axis({}).empty());
  CHECK(labels(school_year_axis({term("2014-03-01")})) ==
        std::vector<std::string>{"2013-14 Spring 2"});
  // Out of order and repeated; the empty half-terms in between are on the axis, across a year's
  // end too.
  CHECK(labels(school_year_axis({term("2014-10-01"), term("2014-03-01"), term("2014-03-02")})) ==
        std::vector<std::string>{"2013-14 Spring 2", "2013-14 Summer 1", "2013-14 Summer 2",
                                 "2014-15 Autumn 1"});
  // Up to the report's own half-term when that is later.
  CHECK(labels(school_year_axis({term("2014-06-01")}, term("2014-11-05"))) ==
        std::vector<std::string>{"2013-14 Summer 2", "2014-15 Autumn 1", "2014-15 Autumn 2"});
  CHECK(labels(school_year_axis({term("2014-06-01")}, term("2014-01-05"))) ==
        std::vector<std::string>{"2013-14 Summer 2"});
}

TEST_CASE("runs of whole school years without records are one marked gap",
          "[report][half-term][axis]") {
  // 2013-14 and 2025-26 have records; the eleven years between are one gap.
  const auto axis = school_year_axis({term("2014-06-20"), term("2025-09-10"), term("2025-11-02")});
  CHECK(labels(axis) == std::vector<std::string>{"2013-14 Summer 2",
                                                 "2014-15 \u2013 2024-25: no records",
                                                 "2025-26 Autumn 1", "2025-26 Autumn 2"});
  REQUIRE(axis.size() == 4);
  CHECK(axis[1].is_gap());
  CHECK(axis[1].gap_years == 11);
  CHECK(axis[1].term == HalfTerm{2014, 0});
  CHECK(axis[1].gap_years_label() == "2014-15 \u2013 2024-25");
  CHECK(axis[1].short_label() == "14-15 \u2013 24-25 no records");
  CHECK(axis[0].short_label() == "Su2 13-14");
  // One empty year is a gap too; two runs are two gaps; a year with one record is whole.
  const auto two = school_year_axis({term("2010-09-01"), term("2012-09-01"), term("2016-08-31")},
                                    term("2016-09-01"));
  const std::vector<std::string> two_labels = labels(two);
  CHECK(two_labels.front() == "2010-11 Autumn 1");
  CHECK(std::count(two_labels.begin(), two_labels.end(), "2011-12: no records") == 1);
  CHECK(std::count(two_labels.begin(), two_labels.end(), "2013-14 \u2013 2014-15: no records") ==
        1);
  CHECK(two_labels.back() == "2016-17 Autumn 1");
  // Every half-term of 2010-11, 2012-13 and 2015-16 (its one record is in Summer 2, the rest
  // empty), and 2016-17 Autumn 1, the report's.
  size_t half_terms = 0;
  for (const AxisSlot& s : two) half_terms += !s.is_gap();
  CHECK(half_terms == 6 + 6 + 6 + 1);
  CHECK(two.size() == half_terms + 2);
}
