// Where the parts of a bar chart go: the plot area below the legend, and the legend's entries.
// Shared by svg_chart.cpp (drawing) and svg_axis.cpp (the x axis's labels). Internal to
// triad_report; pure.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "svg_chart.h"

namespace triad::report::detail {

constexpr int kLeft = 44, kRight = 12, kBottom = 40, kLegendRow = 16;
constexpr double kLegendFontSize = 11, kValueFontSize = 10;
// Okabe-Ito: told apart by readers with colour-blindness.
constexpr std::array<const char*, 8> kPalette{"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                              "#56B4E9", "#D55E00", "#F0E442", "#000000"};

// The value at the top of the value axis: round, so its four ticks are (whole numbers when the
// chart's values are).
double top_value(const BarChart& chart);
std::string number(double v, int decimals);
bool is_gap(const BarChart& chart, size_t category);
// The legend, from (kLeft, 8).
void draw_legend(std::string& out, const BarChart& chart);

// A horizontal chart's rows: the label column left of the plot, a row per category.
struct Rows {
  double label_width = 0;  // the column the labels are right-aligned in, left of plot.left
  double row_height = 0;
  double top = 0, left = 0, width = 0;  // of the plot
  int height = 0;                       // of the whole chart
};
Rows rows_of(const BarChart& chart);
std::string svg_horizontal_chart(const BarChart& chart);
struct PlotArea {
  double left = 0, top = 0, width = 0, height = 0;
  double bottom() const { return top + height; }
  // The slot of category `i` of `n`: its left edge and width.
  double slot_width(size_t n) const { return width / static_cast<double>(n ? n : 1); }
  double slot_left(size_t i, size_t n) const { return left + slot_width(n) * i; }
};

// The legend's entries (x, row) in series order, and the plot area below them.
std::vector<std::pair<double, int>> legend_places(const BarChart& chart);
PlotArea plot_area(const BarChart& chart);

}  // namespace triad::report::detail
