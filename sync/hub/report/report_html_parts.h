// The parts of the report's HTML page (report_html.cpp puts them together): every chart sits in a
// <figure> with its own heading and the table of its figures, so a chart is never read under
// another's title however the page wraps. Internal to triad_report; pure.
#pragma once

#include <string>

#include "alliance_report.h"
#include "svg_chart.h"

namespace triad::report::html {

inline std::string e(const std::string& s) { return xml_escape(s); }
inline std::string num(uint64_t v) { return "<td class=\"n\">" + std::to_string(v) + "</td>"; }

// A table in a box of its own that scrolls sideways when the table is wider than the page.
inline std::string table_box(const std::string& table) {
  return "<div class=\"table-box\">" + table + "</div>";
}

// `chart` drawn twice: wide for screens and narrow, with a label layout of its own, for phones;
// the page's style shows one of them.
std::string responsive_chart(BarChart chart, int wide_width = 640);

// A titled figure: heading and note, then the chart and its table side by side where there is
// room, the table under the chart where there is not; or, `stacked`, the table always under the
// chart, folded away until asked for (a table as wide as an alliance's schools).
std::string figure(const std::string& id, const std::string& title, const std::string& note,
                   const std::string& chart, const std::string& table, bool stacked = false);

std::string this_year_section(const Activity& activity);
std::string activity_section(const Activity& activity);
std::string enquiries_section(const std::vector<EnquirySummary>& enquiries);

}  // namespace triad::report::html
