// The charts' category labels never overlap and never leave the chart, whatever the number of
// categories, the chart's width and the labels' lengths (a property test over random axes, its
// seed printed), under a vertical chart's bars or beside a horizontal one's; every gap is
// labelled.
#include "svg_chart.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>

#include "half_term.h"

using namespace triad::report;

namespace {

// Half-terms from `first` along the axis, with a gap of whole years wherever `rng` says.
BarChart half_term_chart(std::mt19937& rng, size_t n, int width) {
  BarChart c;
  c.width = width;
  c.height = 280;
  c.series = {{"Fortismere", {}}, {"Eleanor Palmer Primary", {}}};
  HalfTerm t{2005, static_cast<int>(rng() % 6)};
  for (size_t i = 0; i < n; ++i) {
    AxisSlot slot{t, 0};
    // Never two gaps in a row: a year with records lies between (the axis merges the rest).
    if (i > 0 && i + 1 < n && t.index == 0 && (c.gaps.empty() || c.gaps.back() + 1 < i) &&
        rng() % 3 == 0)
      slot.gap_years = 1 + static_cast<int>(rng() % 12);
    c.categories.push_back(slot.label());
    c.short_categories.push_back(slot.short_label());
    if (slot.is_gap()) c.gaps.push_back(i);
    for (ChartSeries& s : c.series)
      s.values.push_back(slot.is_gap() ? std::nullopt : std::optional<double>(rng() % 40));
    t = slot.is_gap() ? HalfTerm{t.year_start + slot.gap_years, 0} : next_half_term(t);
  }
  return c;
}

// Names of any length, some with letters beyond ASCII, some one long word.
BarChart named_chart(std::mt19937& rng, size_t n, int width) {
  static const std::vector<std::string> kWords{
      "Does",     "wait",   "time",         "deepen",   "answers?", "Real-time",
      "coaching", "for",    "early-career", "teachers", "Zoë's",    "MMMMMMMMMMMMMMMMMMMMMMMMMMMM",
      "Times",    "tables", "and",          "mental",   "maths",    "WWW",
      "i"};
  BarChart c;
  c.width = width;
  c.series = {{"baseline", {}}, {"impact", {}}};
  for (size_t i = 0; i < n; ++i) {
    std::string name;
    for (size_t w = 0, words = 1 + rng() % 8; w < words; ++w)
      name += (w ? " " : "") + kWords[rng() % kWords.size()];
    c.categories.push_back(name);
    for (ChartSeries& s : c.series) s.values.push_back(rng() % 5);
  }
  return c;
}

void check_labels(const BarChart& c) {
  const std::vector<AxisLabel> labels = category_labels(c);
  INFO(c.categories.size() << " categories, " << c.width << " wide, " << labels.size()
                           << " labels drawn");
  if (!c.categories.empty()) CHECK_FALSE(labels.empty());
  for (size_t i = 0; i < labels.size(); ++i) {
    const AxisLabel& a = labels[i];
    INFO("label of category " << a.category << ": " << c.categories[a.category]);
    REQUIRE_FALSE(a.lines.empty());
    CHECK(a.lines.size() <= 2);
    // Its box holds its lines by the estimate, and lies inside the chart.
    double widest = 0;
    for (const std::string& line : a.lines)
      widest = std::max(widest, text_width(line, kAxisFontSize));
    CHECK(a.right - a.left >= widest - 1e-6);
    CHECK(a.left >= 0);
    CHECK(a.right <= c.width);
    CHECK(a.top >= 0);
    CHECK(a.bottom <= chart_height(c));
    for (size_t j = i + 1; j < labels.size(); ++j) {
      const AxisLabel& b = labels[j];
      INFO("and of category " << b.category << ": " << c.categories[b.category]);
      CHECK((a.right < b.left || b.right < a.left || a.bottom <= b.top || b.bottom <= a.top));
    }
  }
  // Every gap is labelled, unless two gaps are too close for both labels (each at most 120 px
  // wide on two lines): then the earlier one is, and the band alone marks the later.
  const double slot = (c.width - 56.0) / std::max<size_t>(c.categories.size(), 1);
  for (size_t g = 0; g < c.gaps.size(); ++g) {
    const bool crowded = (g > 0 && (c.gaps[g] - c.gaps[g - 1]) * slot < 130);
    if (crowded) continue;
    INFO("gap " << c.categories[c.gaps[g]]);
    CHECK(std::any_of(labels.begin(), labels.end(),
                      [&](const AxisLabel& l) { return l.category == c.gaps[g]; }));
  }
}

}  // namespace

TEST_CASE("chart labels never overlap nor leave the chart, for any number of categories",
          "[report][chart][labels]") {
  const unsigned seed = std::random_device()();
  std::printf("svg_chart_test seed: %u\n", seed);
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (size_t n = 1; n <= 80; ++n)
    for (int width : {360, 640}) {
      check_labels(half_term_chart(rng, n, width));
      check_labels(named_chart(rng, n, width));
      BarChart rows = named_chart(rng, n, width);
      rows.horizontal = true;
      check_labels(rows);
    }
  for (int round = 0; round < 200; ++round) {
    const size_t n = 1 + rng() % 200;
    const int width = 200 + static_cast<int>(rng() % 1200);
    check_labels(half_term_chart(rng, n, width));
    check_labels(named_chart(rng, n, width));
  }
}

TEST_CASE("labels are whole where they fit, short or thinned where not, names cut with an ellipsis",
          "[report][chart][labels]") {
  // Six half-terms on a wide chart: every label whole, on two lines.
  BarChart six;
  six.width = 640;
  for (int i = 0; i < 6; ++i) six.categories.push_back(HalfTerm{2025, i}.label());
  auto labels = category_labels(six);
  REQUIRE(labels.size() == 6);
  CHECK(labels[2].lines == std::vector<std::string>{"2025-26", "Spring 1"});
  // Sixty on a narrow one: short forms, every k-th, the last (the latest half-term) among them.
  BarChart sixty;
  sixty.width = 360;
  for (HalfTerm t{2015, 0}; sixty.categories.size() < 60; t = next_half_term(t)) {
    sixty.categories.push_back(t.label());
    sixty.short_categories.push_back(t.short_label());
  }
  labels = category_labels(sixty);
  CHECK(labels.size() < 30);
  CHECK(labels.back().category == 59);
  CHECK(labels.back().lines.front() == sixty.short_categories[59].substr(0, 3));
  // A long name is cut short with an ellipsis, and the page keeps the whole in a tooltip.
  BarChart named;
  named.width = 360;
  named.categories = {"Real-time coaching for early-career teachers in their first two years",
                      "Times tables", "Does wait time deepen answers?"};
  named.series = {{"observations", {1, 2, 3}}};
  labels = category_labels(named);
  REQUIRE(labels.size() == 3);
  CHECK(labels[0].lines.back().find("\u2026") != std::string::npos);
  const std::string svg = svg_bar_chart(named);
  CHECK(svg.find("<title>Real-time coaching for early-career teachers in their first two "
                 "years</title>") != std::string::npos);
  CHECK(svg.find("class=\"category-label\"") != std::string::npos);
  // Beside a horizontal chart's rows the names have more room: whole on two lines, or cut.
  named.horizontal = true;
  labels = category_labels(named);
  REQUIRE(labels.size() == 3);
  CHECK(labels[1].lines == std::vector<std::string>{"Times tables"});
  CHECK(labels[2].lines == std::vector<std::string>{"Does wait time", "deepen answers?"});
  CHECK(labels[0].lines.back().find("\u2026") != std::string::npos);
  CHECK(chart_height(named) > 3 * 2 * kAxisLineHeight);
  CHECK(svg_bar_chart(named).find("height=\"" + std::to_string(chart_height(named)) + "\"") !=
        std::string::npos);
}

TEST_CASE("a gap is a shaded band without bars, labelled", "[report][chart]") {
  BarChart c;
  c.categories = {"2013-14 Summer 2", "2014-15 \u2013 2024-25: no records", "2025-26 Autumn 1"};
  c.short_categories = {"Su2 13-14", "14-15 \u2013 24-25 no records", "Au1 25-26"};
  c.gaps = {1};
  c.series = {{"Fortismere", {3, 7, 2}}};
  const std::string svg = svg_bar_chart(c);
  CHECK(svg.find("<rect class=\"gap\"") != std::string::npos);
  CHECK(svg.find("data-category=\"2014-15") == std::string::npos);  // no bar in the gap
  CHECK(svg.find("data-category=\"2025-26 Autumn 1\"") != std::string::npos);
  CHECK(svg.find(">no records</tspan>") != std::string::npos);
}
