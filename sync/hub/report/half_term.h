// Half-terms of the English school year, the periods the hub's activity figures are counted in.
// Fixed date boundaries (real ones move a week or two with each local authority and with Easter):
//
//   Autumn 1   1 Sep - 31 Oct        Spring 2   21 Feb - 14 Apr
//   Autumn 2   1 Nov - 31 Dec        Summer 1   15 Apr - 31 May
//   Spring 1   1 Jan - 20 Feb        Summer 2    1 Jun - 31 Aug (with the summer holiday)
//
// The school year starting in September 2013 is "2013-14". Pure functions; thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace triad::report {

struct HalfTerm {
  int year_start = 0;  // calendar year in which the school year began (September)
  int index = 0;       // 0 Autumn 1, 1 Autumn 2, 2 Spring 1, 3 Spring 2, 4 Summer 1, 5 Summer 2

  std::string label() const;  // "2013-14 Spring 2"
  auto operator<=>(const HalfTerm&) const = default;
};

// The half-term of a date "YYYY-MM-DD"; nullopt when the text is not such a date.
std::optional<HalfTerm> half_term_of(std::string_view date);
// The half-term of a Unix time in milliseconds (UTC).
HalfTerm half_term_of_ms(uint64_t unix_ms);

}  // namespace triad::report
