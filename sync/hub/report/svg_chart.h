// Grouped bar charts as inline SVG, drawn on the server so the page needs no script and loads
// nothing from elsewhere. Each bar is a <rect class="bar"> carrying data-series, data-category and
// data-value, with a <title> tooltip; an absent value draws no bar. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace triad::report {

struct ChartSeries {
  std::string name;
  std::vector<std::optional<double>> values;  // one per category
};

struct BarChart {
  std::string title;
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
  int width = 600;
  int height = 280;
  int decimals = 0;  // of the values written on the bars
};

std::string svg_bar_chart(const BarChart& chart);
// Text made safe for HTML and SVG element content and attribute values.
std::string xml_escape(const std::string& text);

}  // namespace triad::report
