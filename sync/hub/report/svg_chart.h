// Grouped bar charts as inline SVG, drawn on the server so the page needs no script and loads
// nothing from elsewhere. Each bar is a <rect class="bar"> carrying data-series, data-category and
// data-value, with a <title> tooltip; an absent value draws no bar. Pure; thread-safe.
//
// A horizontal chart (categories down the side, bars across) suits names, schools or enquiries:
// each name has a row of its own, on up to two lines beside its bars, cut short with an ellipsis
// where it is too long (the whole name stays in its tooltip); the chart is as tall as its rows.
//
// Labels never collide. The server cannot measure text, so every label's width is estimated from
// its font size and characters, generously (text_width); then the category labels under the x
// axis are laid out (category_labels): whole, on up to two lines, where every one fits its slot;
// else their short forms; else names are cut short with an ellipsis (their full text stays in the
// tooltip), or, for an axis of short forms such as half-terms, only every k-th label is shown, k
// as small as lets them fit. Gap categories (a run of years without records) are always
// labelled; labels that would overlap theirs are left out. Values are written on bars only where
// the bars are wider than the numbers, and the legend wraps by the same estimate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace triad::report {

struct ChartSeries {
  std::string name;
  std::vector<std::optional<double>> values;  // one per category
};

struct BarChart {
  std::string title;
  std::vector<std::string> categories;  // full names: tooltips, and labels where they fit
  // Optional, one per category when given: the labels where the full names do not fit ("Sp1
  // 25-26" for "2025-26 Spring 1"); an axis with short forms is thinned rather than cut short.
  std::vector<std::string> short_categories;
  std::vector<size_t> gaps;  // categories marking a gap: a shaded band, no bars, always labelled
  std::vector<ChartSeries> series;
  int width = 600;
  int height = 280;  // of a vertical chart; a horizontal one is as tall as its rows need
  int decimals = 0;  // of the values written on the bars; 0: whole numbers, and whole ticks
  bool horizontal = false;
};

constexpr double kAxisFontSize = 11;
constexpr double kAxisLineHeight = 13;

// A category label as drawn: its lines centred on x (right-aligned to x beside a horizontal
// chart's rows), the first baseline at y, and the box they take by the estimate (left..right,
// top..bottom).
struct AxisLabel {
  size_t category = 0;
  std::vector<std::string> lines;
  double x = 0, y = 0;
  bool right_aligned = false;
  double left = 0, right = 0, top = 0, bottom = 0;
};

// The category labels drawn on `chart`, in the order of their categories.
std::vector<AxisLabel> category_labels(const BarChart& chart);
// The height the chart is drawn at.
int chart_height(const BarChart& chart);
// A generous estimate of the width of `text` (UTF-8) in the page's sans-serif font at `font_size`
// pixels: at least the width DejaVu Sans, Liberation Sans or Arial give it.
double text_width(std::string_view text, double font_size);

std::string svg_bar_chart(const BarChart& chart);
// Text made safe for HTML and SVG element content and attribute values.
std::string xml_escape(const std::string& text);

}  // namespace triad::report
