// The page's enquiries section: the activity linked to each enquiry side by side, then each
// enquiry with its schools, the interventions running at once, and baseline against impact.
#include "report_formats.h"
#include "report_html_parts.h"

namespace triad::report::html {

namespace {

std::string list_text(const std::vector<std::string>& items, const char* none) {
  if (items.empty()) return none;
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + e(s);
  return out;
}

struct Linked {
  const char* title;
  int (*count)(const EnquirySummary&);
};
constexpr Linked kLinked[] = {
    {"Observations", [](const EnquirySummary& q) { return q.activity.observations; }},
    {"Lesson-study cycles", [](const EnquirySummary& q) { return q.activity.lesson_study_cycles; }},
    {"Log entries", [](const EnquirySummary& q) { return q.activity.log_entries; }},
    {"Enquiry cycles", [](const EnquirySummary& q) { return q.enquiry_cycles; }},
    {"Evidence records", [](const EnquirySummary& q) { return q.evidence_records; }}};

std::string activity_per_enquiry(const std::vector<EnquirySummary>& enquiries) {
  BarChart chart{"Activity per enquiry", {}, {}, {}, {}};
  chart.horizontal = true;
  std::string table = "<table><tr><th>Enquiry</th><th>Phase</th>";
  for (const Linked& l : kLinked) {
    chart.series.push_back({l.title, {}});
    table += "<th>" + e(l.title) + "</th>";
  }
  table += "</tr>";
  for (const EnquirySummary& q : enquiries) {
    chart.categories.push_back(q.title);
    table += "<tr><td class=\"name\">" + e(q.title) + "</td><td>" +
             e(q.phase.empty() ? "none" : q.phase) + "</td>";
    for (size_t i = 0; i < std::size(kLinked); ++i) {
      const int v = kLinked[i].count(q);
      chart.series[i].values.push_back(v);
      table += num(static_cast<uint64_t>(v));
    }
    table += "</tr>";
  }
  return figure("per-enquiry", "Activity per enquiry",
                "Alliance-scope records linked to each enquiry since it began: observations that "
                "name it or one of its lesson studies, its lesson studies, entries of learning "
                "logs that name it, its cycles and its evidence.",
                responsive_chart(chart), table_box(table + "</table>"));
}

std::string enquiry_block(const EnquirySummary& q) {
  std::string table = "<table class=\"facts\">";
  table += "<tr><th>Theme</th><td>" + e(q.theme) + "</td></tr><tr><th>Schools</th><td>" +
           list_text(q.schools, "none named") + "</td></tr><tr><th>Interventions</th><td>" +
           list_text(q.interventions, "none named") + "</td></tr>";
  for (const SchoolInterventions& s : q.concurrent)
    table +=
        "<tr><th>Running at " + e(s.school) + "</th><td>" +
        list_text(s.interventions, "none running") +
        (s.interventions.size() > 1 ? " <span class=\"badge warn\">" +
                                          std::to_string(s.interventions.size()) + " at once</span>"
                                    : "") +
        "</td></tr>";
  table +=
      "<tr><th>Evidence records</th><td>" + std::to_string(q.evidence_records) +
      (q.withheld_pupil_evidence ? " (" + std::to_string(q.withheld_pupil_evidence) +
                                       " with pupil figures over fewer than 5 pupils, not shown)"
                                 : "") +
      "</td></tr><tr><th>Pupils targeted</th><td>" + e(pupil_count_text(q.targeted_pupils)) +
      "</td></tr></table>";
  std::string chart;
  if (!q.figures.empty()) {
    BarChart c{
        "Baseline against impact: " + q.title, {}, {}, {}, {{"baseline", {}}, {"impact", {}}}};
    c.decimals = 1;
    for (const FigureComparison& f : q.figures) {
      c.categories.push_back(f.name);
      c.series[0].values.push_back(f.baseline);
      c.series[1].values.push_back(f.impact);
    }
    chart = responsive_chart(c);
  }
  const std::string title = q.title + " (" + (q.phase.empty() ? "no phase" : q.phase) + ")";
  return "<div class=\"enquiry\">" +
         figure("", title,
                q.figures.empty() ? "No baseline or impact figures yet."
                                  : "Baseline against impact: means over its evidence records.",
                chart, table_box(table)) +
         "</div>";
}

}  // namespace

std::string enquiries_section(const std::vector<EnquirySummary>& enquiries) {
  std::string out = "<section id=\"enquiries\"><h2>Enquiries</h2>";
  if (enquiries.empty()) return out + "<p>No alliance-scope enquiries yet.</p></section>";
  out += activity_per_enquiry(enquiries);
  for (const EnquirySummary& q : enquiries) out += enquiry_block(q);
  return out +
         "<p class=\"note\">Figures are means over the enquiry's alliance-scope evidence records. "
         "Interventions running at once come from every enquiry in its innovation or impact "
         "phase.</p></section>";
}

}  // namespace triad::report::html
