#include "half_term.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>
#include <set>

namespace triad::report {

namespace {

constexpr std::array<const char*, 6> kNames{"Autumn 1", "Autumn 2", "Spring 1",
                                            "Spring 2", "Summer 1", "Summer 2"};
constexpr std::array<const char*, 6> kShortNames{"Au1", "Au2", "Sp1", "Sp2", "Su1", "Su2"};

// Month and day as one number (MMDD), so the boundaries read like dates.
int index_of(int month, int day) {
  const int md = month * 100 + day;
  if (md >= 901 && md <= 1031) return 0;
  if (md >= 1101) return 1;
  if (md <= 220) return 2;
  if (md <= 414) return 3;
  if (md <= 531) return 4;
  return 5;
}

HalfTerm from_date(int year, int month, int day) {
  return {month >= 9 ? year : year - 1, index_of(month, day)};
}

bool read_int(std::string_view text, int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string school_year_label(int year_start) {
  const int next = (year_start + 1) % 100;
  return std::to_string(year_start) + "-" + (next < 10 ? "0" : "") + std::to_string(next);
}

namespace {

// "13-14".
std::string short_year(int year_start) { return school_year_label(year_start).substr(2); }

}  // namespace

std::string HalfTerm::label() const { return school_year_label(year_start) + " " + kNames[index]; }

std::string HalfTerm::name() const { return kNames[index]; }

std::string HalfTerm::short_label() const {
  return std::string(kShortNames[index]) + " " + short_year(year_start);
}

HalfTerm next_half_term(const HalfTerm& term) {
  return term.index + 1 < kHalfTermsPerYear ? HalfTerm{term.year_start, term.index + 1}
                                            : HalfTerm{term.year_start + 1, 0};
}

std::string AxisSlot::gap_years_label() const {
  if (!is_gap()) return {};
  if (gap_years == 1) return school_year_label(term.year_start);
  return school_year_label(term.year_start) + " \u2013 " +
         school_year_label(term.year_start + gap_years - 1);
}

std::string AxisSlot::short_label() const {
  if (!is_gap()) return term.short_label();
  return short_year(term.year_start) +
         (gap_years == 1 ? "" : " \u2013 " + short_year(term.year_start + gap_years - 1)) +
         " no records";
}

std::string AxisSlot::label() const {
  return is_gap() ? gap_years_label() + ": no records" : term.label();
}

std::vector<AxisSlot> school_year_axis(std::vector<HalfTerm> with_records,
                                       std::optional<HalfTerm> until) {
  std::vector<AxisSlot> out;
  if (with_records.empty()) return out;
  std::sort(with_records.begin(), with_records.end());
  std::set<int> years;
  for (const HalfTerm& t : with_records) years.insert(t.year_start);
  HalfTerm last = with_records.back();
  if (until && *until > last) last = *until;
  years.insert(last.year_start);  // the year the axis ends in is shown, empty or not
  for (HalfTerm t = with_records.front(); t <= last;) {
    if (t.index == 0 && !years.count(t.year_start)) {  // a whole year without records
      int n = 0;
      while (!years.count(t.year_start + n)) ++n;
      out.push_back({t, n});
      t = {t.year_start + n, 0};
      continue;
    }
    out.push_back({t, 0});
    t = next_half_term(t);
  }
  return out;
}

std::optional<HalfTerm> half_term_of(std::string_view date) {
  int y = 0, m = 0, d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  if (!read_int(date.substr(0, 4), y) || !read_int(date.substr(5, 2), m) ||
      !read_int(date.substr(8, 2), d))
    return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return from_date(y, m, d);
}

HalfTerm half_term_of_ms(uint64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return from_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace triad::report
