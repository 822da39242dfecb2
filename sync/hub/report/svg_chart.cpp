#include "svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace triad::report {

namespace {

// Okabe-Ito: told apart by readers with colour-blindness.
constexpr std::array<const char*, 8> kPalette{"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                              "#56B4E9", "#D55E00", "#F0E442", "#000000"};
constexpr int kLeft = 44, kRight = 12, kBottom = 40, kLegendRow = 16;

// The smallest 1, 2 or 5 times a power of ten at or above `v`, so the four axis ticks are round.
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v - 1e-9) return m * p;
  return 10 * p;
}

std::string number(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

// Legend entries flow left to right and wrap; returns the y of the plot's top edge below them.
int legend_rows(const BarChart& c, std::vector<std::pair<double, int>>* places) {
  double x = kLeft;
  int row = 0;
  for (const ChartSeries& s : c.series) {
    const double w = 24 + 6.5 * s.name.size();
    if (x + w > c.width - kRight && x > kLeft) x = kLeft, ++row;
    if (places) places->emplace_back(x, row);
    x += w;
  }
  return 14 + (row + 1) * kLegendRow;
}

void draw_axes(std::string& out, const BarChart& c, double top_value, int top, int plot_w,
               int plot_h) {
  for (int i = 0; i <= 4; ++i) {
    const double v = top_value * i / 4;
    const double y = top + plot_h - plot_h * i / 4.0;
    out +=
        fmt::format(R"(<line class="grid" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#ddd"/>)",
                    kLeft, kLeft + plot_w, y, y);
    out += fmt::format(
        R"(<text x="{}" y="{:.1f}" text-anchor="end" font-size="11" fill="#555">{}</text>)",
        kLeft - 6, y + 4, number(v, top_value / 4 < 1 ? 1 : 0));
  }
  const double group = static_cast<double>(plot_w) / std::max<size_t>(c.categories.size(), 1);
  for (size_t i = 0; i < c.categories.size(); ++i) {
    // "2025-26 Spring 1" on two lines: the year, then the half-term.
    const std::string& label = c.categories[i];
    const size_t space = label.find(' ');
    const double x = kLeft + group * (i + 0.5);
    const int y = top + plot_h + 15;
    out += fmt::format(
        R"(<text x="{:.1f}" y="{}" text-anchor="middle" font-size="11" fill="#333">)", x, y);
    if (space == std::string::npos || c.categories.size() < 3) {
      out += xml_escape(label);
    } else {
      out +=
          fmt::format(R"(<tspan x="{:.1f}">{}</tspan><tspan x="{:.1f}" dy="13">{}</tspan>)", x,
                      xml_escape(label.substr(0, space)), x, xml_escape(label.substr(space + 1)));
    }
    out += "</text>";
  }
}

void draw_legend(std::string& out, const BarChart& c) {
  std::vector<std::pair<double, int>> places;
  legend_rows(c, &places);
  for (size_t s = 0; s < c.series.size(); ++s) {
    const auto [x, row] = places[s];
    const int y = 8 + row * kLegendRow;
    out += fmt::format(R"(<rect class="key" x="{:.0f}" y="{}" width="10" height="10" fill="{}"/>)",
                       x, y, kPalette[s % kPalette.size()]);
    out += fmt::format(R"(<text x="{:.0f}" y="{}" font-size="11" fill="#333">{}</text>)", x + 14,
                       y + 9, xml_escape(c.series[s].name));
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

std::string svg_bar_chart(const BarChart& c) {
  const int top = legend_rows(c, nullptr);
  const int plot_w = c.width - kLeft - kRight, plot_h = c.height - top - kBottom;
  double max_value = 0;
  for (const ChartSeries& s : c.series)
    for (const auto& v : s.values)
      if (v) max_value = std::max(max_value, *v);
  const double top_value = 4 * nice_ceiling(max_value / 4);
  std::string out = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">)",
      c.width, c.height, c.width, c.height, xml_escape(c.title));
  out += "<title>" + xml_escape(c.title) + "</title>";
  draw_axes(out, c, top_value, top, plot_w, plot_h);
  draw_legend(out, c);
  const double group = static_cast<double>(plot_w) / std::max<size_t>(c.categories.size(), 1);
  const double bar = group * 0.8 / std::max<size_t>(c.series.size(), 1);
  const bool labels = bar >= 14;
  for (size_t s = 0; s < c.series.size(); ++s) {
    for (size_t i = 0; i < c.categories.size() && i < c.series[s].values.size(); ++i) {
      const auto& v = c.series[s].values[i];
      if (!v) continue;
      const double h = plot_h * (*v / top_value), x = kLeft + group * i + group * 0.1 + bar * s;
      const double y = top + plot_h - h;
      out += fmt::format(
          R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" data-series="{}" )"
          R"(data-category="{}" data-value="{}"><title>{}, {}: {}</title></rect>)",
          x, y, std::max(bar - 2, 1.0), h, kPalette[s % kPalette.size()],
          xml_escape(c.series[s].name), xml_escape(c.categories[i]), number(*v, c.decimals),
          xml_escape(c.series[s].name), xml_escape(c.categories[i]), number(*v, c.decimals));
      if (labels && *v > 0)
        out += fmt::format(
            R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="10" fill="#333">{}</text>)",
            x + (bar - 2) / 2, y - 3, number(*v, c.decimals));
    }
  }
  out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#888"/>)", kLeft,
                     kLeft + plot_w, top + plot_h, top + plot_h);
  out += "</svg>";
  return out;
}

}  // namespace triad::report
