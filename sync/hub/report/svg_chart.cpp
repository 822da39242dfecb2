#include "svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "svg_layout.h"

namespace triad::report {

namespace {

using detail::is_gap;
using detail::kPalette;
using detail::kValueFontSize;
using detail::number;

// The smallest 1, 2 or 5 times a power of ten at or above `v`.
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v - 1e-9) return m * p;
  return 10 * p;
}

void draw_axes(std::string& out, const BarChart& c, double top_value, const detail::PlotArea& p) {
  const size_t n = c.categories.size();
  for (size_t i = 0; i < n; ++i)  // a gap: a shaded band with dashed edges
    if (is_gap(c, i))
      out += fmt::format(
          R"(<rect class="gap" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#eceff3" )"
          R"(stroke="#9aa5b1" stroke-dasharray="3 3"><title>{}</title></rect>)",
          p.slot_left(i, n) + 1, p.top, p.slot_width(n) - 2, p.height, xml_escape(c.categories[i]));
  for (int i = 0; i <= 4; ++i) {
    const double v = top_value * i / 4;
    const double y = p.bottom() - p.height * i / 4.0;
    out += fmt::format(
        R"(<line class="grid" x1="{}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#ddd"/>)", p.left,
        p.left + p.width, y, y);
    out += fmt::format(
        R"(<text x="{}" y="{:.1f}" text-anchor="end" font-size="11" fill="#555">{}</text>)",
        p.left - 6, y + 4, number(v, top_value / 4 < 1 ? 1 : 0));
  }
  for (const AxisLabel& l : category_labels(c)) {
    out += fmt::format(
        R"(<text class="category-label" x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="{}" fill="{}">)",
        l.x, l.y, kAxisFontSize, is_gap(c, l.category) ? "#556" : "#333");
    for (size_t i = 0; i < l.lines.size(); ++i)
      out += fmt::format(R"(<tspan x="{:.1f}" dy="{}">{}</tspan>)", l.x, i ? kAxisLineHeight : 0,
                         xml_escape(l.lines[i]));
    if (l.lines.size() != 1 || l.lines[0] != c.categories[l.category])
      out += "<title>" + xml_escape(c.categories[l.category]) + "</title>";
    out += "</text>";
  }
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

namespace detail {

double top_value(const BarChart& c) {
  double max_value = 0;
  for (const ChartSeries& s : c.series)
    for (const auto& v : s.values)
      if (v) max_value = std::max(max_value, *v);
  const double step = nice_ceiling(max_value / 4);
  return 4 * (c.decimals == 0 ? std::max(1.0, std::ceil(step)) : step);
}

std::string number(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

bool is_gap(const BarChart& c, size_t i) {
  return std::find(c.gaps.begin(), c.gaps.end(), i) != c.gaps.end();
}

void draw_legend(std::string& out, const BarChart& c) {
  const auto places = detail::legend_places(c);
  for (size_t s = 0; s < c.series.size(); ++s) {
    const auto [x, row] = places[s];
    const int y = 8 + row * detail::kLegendRow;
    out += fmt::format(R"(<rect class="key" x="{:.0f}" y="{}" width="10" height="10" fill="{}"/>)",
                       x, y, kPalette[s % kPalette.size()]);
    out += fmt::format(R"(<text x="{:.0f}" y="{}" font-size="11" fill="#333">{}</text>)", x + 14,
                       y + 9, xml_escape(c.series[s].name));
  }
}

std::vector<std::pair<double, int>> legend_places(const BarChart& c) {
  std::vector<std::pair<double, int>> out;
  double x = kLeft;
  int row = 0;
  for (const ChartSeries& s : c.series) {
    const double w = 24 + text_width(s.name, kLegendFontSize);
    if (x + w > c.width - kRight && x > kLeft) x = kLeft, ++row;
    out.emplace_back(x, row);
    x += w;
  }
  return out;
}

PlotArea plot_area(const BarChart& c) {
  const auto places = legend_places(c);
  const int rows = places.empty() ? 1 : places.back().second + 1;
  const double top = 18 + rows * kLegendRow;
  return {static_cast<double>(kLeft), top, static_cast<double>(c.width - kLeft - kRight),
          c.height - top - kBottom};
}

}  // namespace detail

int chart_height(const BarChart& c) { return c.horizontal ? detail::rows_of(c).height : c.height; }

std::string svg_bar_chart(const BarChart& c) {
  if (c.horizontal) return detail::svg_horizontal_chart(c);
  const detail::PlotArea p = detail::plot_area(c);
  const size_t n = c.categories.size();
  const double top_value = detail::top_value(c);
  std::string out = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">)",
      c.width, c.height, c.width, c.height, xml_escape(c.title));
  out += "<title>" + xml_escape(c.title) + "</title>";
  draw_axes(out, c, top_value, p);
  detail::draw_legend(out, c);
  const double group = p.slot_width(n);
  const double bar = group * 0.8 / std::max<size_t>(c.series.size(), 1);
  // Values are written on bars only where every value fits above its bar.
  const bool labels = bar - 2 >= text_width(number(top_value, c.decimals), kValueFontSize) + 2;
  for (size_t s = 0; s < c.series.size(); ++s) {
    for (size_t i = 0; i < n && i < c.series[s].values.size(); ++i) {
      const auto& v = c.series[s].values[i];
      if (!v || is_gap(c, i)) continue;
      const double h = p.height * (*v / top_value), x = p.slot_left(i, n) + group * 0.1 + bar * s;
      const double y = p.bottom() - h;
      out += fmt::format(
          R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" data-series="{}" )"
          R"(data-category="{}" data-value="{}"><title>{}, {}: {}</title></rect>)",
          x, y, std::max(bar - 2, 1.0), h, kPalette[s % kPalette.size()],
          xml_escape(c.series[s].name), xml_escape(c.categories[i]), number(*v, c.decimals),
          xml_escape(c.series[s].name), xml_escape(c.categories[i]), number(*v, c.decimals));
      if (labels && *v > 0)
        out += fmt::format(
            R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="{}" fill="#333">{}</text>)",
            x + (bar - 2) / 2, y - 3, kValueFontSize, number(*v, c.decimals));
    }
  }
  out += fmt::format(R"(<line x1="{}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#888"/>)", p.left,
                     p.left + p.width, p.bottom(), p.bottom());
  out += "</svg>";
  return out;
}

}  // namespace triad::report
