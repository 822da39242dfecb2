#include "half_term.h"

#include <array>
#include <charconv>
#include <ctime>

namespace triad::report {

namespace {

constexpr std::array<const char*, 6> kNames{"Autumn 1", "Autumn 2", "Spring 1",
                                            "Spring 2", "Summer 1", "Summer 2"};

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

std::string HalfTerm::label() const {
  const int next = (year_start + 1) % 100;
  return std::to_string(year_start) + "-" + (next < 10 ? "0" : "") + std::to_string(next) + " " +
         kNames[index];
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
