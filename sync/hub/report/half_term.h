// Half-terms of the English school year, the periods the hub's activity figures are counted in.
// Fixed date boundaries (real ones move a week or two with each local authority and with Easter):
//
//   Autumn 1   1 Sep - 31 Oct        Spring 2   21 Feb - 14 Apr
//   Autumn 2   1 Nov - 31 Dec        Summer 1   15 Apr - 31 May
//   Spring 1   1 Jan - 20 Feb        Summer 2    1 Jun - 31 Aug (with the summer holiday)
//
// The school year starting in September 2013 is "2013-14". Pure functions; thread-safe.
//
// The activity charts and tables run along a continuous axis of half-terms (school_year_axis):
// a half-term with nothing recorded is shown as empty, and a run of whole school years with
// nothing recorded is collapsed into one marked gap, so the axis never jumps silently from
// 2013-14 to 2025-26 nor fills with a decade of empty bars.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace triad::report {

struct HalfTerm {
  int year_start = 0;  // calendar year in which the school year began (September)
  int index = 0;       // 0 Autumn 1, 1 Autumn 2, 2 Spring 1, 3 Spring 2, 4 Summer 1, 5 Summer 2

  std::string label() const;        // "2013-14 Spring 2"
  std::string name() const;         // "Spring 2"
  std::string short_label() const;  // "Sp2 13-14", where the whole label has no room
  auto operator<=>(const HalfTerm&) const = default;
};

constexpr int kHalfTermsPerYear = 6;

// "2013-14" for the school year that began in September 2013.
std::string school_year_label(int year_start);
// The half-term after `term`.
HalfTerm next_half_term(const HalfTerm& term);

// One place on the axis: a half-term (perhaps with nothing recorded), or a gap of whole school
// years with nothing recorded.
struct AxisSlot {
  HalfTerm term;      // the half-term; for a gap, Autumn 1 of its first year
  int gap_years = 0;  // > 0: a gap of this many whole school years from term.year_start

  bool is_gap() const { return gap_years > 0; }
  // "2013-14 Spring 2"; for a gap "2014-15 – 2024-25: no records" ("2014-15: no records").
  std::string label() const;
  // A gap's years alone: "2014-15 – 2024-25" ("" for a half-term).
  std::string gap_years_label() const;
  // Where the label has no room: "Sp2 13-14"; "14-15 – 24-25 no records".
  std::string short_label() const;
  bool operator==(const AxisSlot&) const = default;
};

// Every half-term from the first of `with_records` to the last of them (or to `until`, when that
// is later), each whole school year in between with none of `with_records` collapsed with its
// neighbours of the same kind into one gap. Empty when `with_records` is.
std::vector<AxisSlot> school_year_axis(std::vector<HalfTerm> with_records,
                                       std::optional<HalfTerm> until = std::nullopt);

// The half-term of a date "YYYY-MM-DD"; nullopt when the text is not such a date.
std::optional<HalfTerm> half_term_of(std::string_view date);
// The half-term of a Unix time in milliseconds (UTC).
HalfTerm half_term_of_ms(uint64_t unix_ms);

}  // namespace triad::report
