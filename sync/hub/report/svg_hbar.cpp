// Horizontal bar charts: a row per category with its name beside it, bars across, the value axis
// below. For names that would not fit under a vertical chart's bars (schools, enquiries).
#include <fmt/format.h>

#include <algorithm>

#include "svg_layout.h"

namespace triad::report::detail {

namespace {

constexpr double kAxisRoom = 22;  // below the rows: the value axis's tick labels

}  // namespace

Rows rows_of(const BarChart& c) {
  Rows r;
  const auto places = legend_places(c);
  r.top = 18 + (places.empty() ? 1 : places.back().second + 1) * kLegendRow;
  double widest = 0;
  for (const std::string& name : c.categories)
    widest = std::max(widest, text_width(name, kAxisFontSize));
  // Names take up to two fifths of the width, on two lines if need be.
  r.label_width = std::min(widest, c.width * 0.4);
  r.left = 8 + r.label_width + 8;
  // Room right of the longest bar for its value.
  r.width = c.width - r.left - 8 - text_width(number(top_value(c), c.decimals), kValueFontSize);
  const double bars = static_cast<double>(std::max<size_t>(c.series.size(), 1));
  r.row_height = std::max(2 * kAxisLineHeight + 6, bars * 11 + 10);
  r.height =
      static_cast<int>(r.top + r.row_height * std::max<size_t>(c.categories.size(), 1) + kAxisRoom);
  return r;
}

std::string svg_horizontal_chart(const BarChart& c) {
  const Rows r = rows_of(c);
  const double top_value = detail::top_value(c);
  const double plot_bottom = r.top + r.row_height * std::max<size_t>(c.categories.size(), 1);
  std::string out = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">)",
      c.width, r.height, c.width, r.height, xml_escape(c.title));
  out += "<title>" + xml_escape(c.title) + "</title>";
  for (int i = 0; i <= 4; ++i) {
    const double x = r.left + r.width * i / 4.0;
    out += fmt::format(
        R"(<line class="grid" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#ddd"/>)", x,
        x, r.top, plot_bottom);
    out += fmt::format(
        R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="11" fill="#555">{}</text>)",
        x, plot_bottom + 15, number(top_value * i / 4, top_value / 4 < 1 ? 1 : 0));
  }
  for (const AxisLabel& l : category_labels(c)) {
    out += fmt::format(
        R"(<text class="category-label" x="{:.1f}" y="{:.1f}" text-anchor="end" font-size="{}" fill="#333">)",
        l.x, l.y, kAxisFontSize);
    for (size_t i = 0; i < l.lines.size(); ++i)
      out += fmt::format(R"(<tspan x="{:.1f}" dy="{}">{}</tspan>)", l.x, i ? kAxisLineHeight : 0,
                         xml_escape(l.lines[i]));
    if (l.lines.size() != 1 || l.lines[0] != c.categories[l.category])
      out += "<title>" + xml_escape(c.categories[l.category]) + "</title>";
    out += "</text>";
  }
  draw_legend(out, c);
  const double bar = (r.row_height - 8) / std::max<size_t>(c.series.size(), 1);
  for (size_t s = 0; s < c.series.size(); ++s)
    for (size_t i = 0; i < c.categories.size() && i < c.series[s].values.size(); ++i) {
      const auto& v = c.series[s].values[i];
      if (!v) continue;
      const double w = r.width * (*v / top_value), y = r.top + r.row_height * i + 4 + bar * s;
      out += fmt::format(
          R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" data-series="{}" )"
          R"(data-category="{}" data-value="{}"><title>{}, {}: {}</title></rect>)",
          r.left, y, w, std::max(bar - 1, 1.0), kPalette[s % kPalette.size()],
          xml_escape(c.series[s].name), xml_escape(c.categories[i]), number(*v, c.decimals),
          xml_escape(c.series[s].name), xml_escape(c.categories[i]), number(*v, c.decimals));
      if (bar >= kValueFontSize && *v != 0)  // the value past the bar's end, inside the chart
        out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" fill="#333">{}</text>)",
                           r.left + w + 3, y + bar / 2 + kValueFontSize * 0.35, kValueFontSize,
                           number(*v, c.decimals));
    }
  out += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#888"/>)",
                     r.left, r.left, r.top, plot_bottom);
  return out + "</svg>";
}

}  // namespace triad::report::detail
