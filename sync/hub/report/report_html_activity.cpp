// The page's activity sections: the current school year (its trend over all schools, and who took
// part at each school), and every half-term per school along the continuous axis (half_term.h).
#include <cctype>

#include "report_formats.h"
#include "report_html_parts.h"

namespace triad::report::html {

namespace {

struct ActivityKind {
  const char* title;
  const char* column;  // its heading in a table of all four, short enough for a phone
  int ActivityCounts::*count;
};
constexpr ActivityKind kKinds[] = {
    {"Lesson observations", "Observations", &ActivityCounts::observations},
    {"Coaching sessions", "Coaching", &ActivityCounts::coaching_sessions},
    {"Lesson-study cycles", "Lesson studies", &ActivityCounts::lesson_study_cycles},
    {"Learning-log entries", "Log entries", &ActivityCounts::log_entries}};

std::string percent(int part, int whole) {
  return whole ? std::to_string((part * 100 + whole / 2) / whole) + "%" : "";
}

std::string trend_figure(const CurrentYear& y) {
  BarChart chart{"Activity per half-term in " + y.label() + ", all schools", {}, {}, {}, {}};
  std::string table = "<table><tr><th>Half-term</th>";
  for (const ActivityKind& k : kKinds) {
    chart.series.push_back({k.title, {}});
    table += "<th>" + e(k.column) + "</th>";
  }
  table += "</tr>";
  ActivityCounts year;
  for (int i = 0; i < kHalfTermsPerYear; ++i) {
    const bool to_come = i > y.current_index;
    chart.categories.push_back(y.half_term(i).name());
    chart.short_categories.push_back(y.half_term(i).short_label().substr(0, 3));
    table += "<tr><th class=\"t\">" + e(y.half_term(i).name()) + "</th>";
    for (size_t k = 0; k < std::size(kKinds); ++k) {
      const int v = y.per_half_term[i].*kKinds[k].count;
      year.*kKinds[k].count += v;
      chart.series[k].values.push_back(to_come ? std::nullopt : std::optional<double>(v));
      table += to_come ? "<td class=\"n to-come\">\u2013</td>" : num(static_cast<uint64_t>(v));
    }
    table += "</tr>";
  }
  table += "<tr class=\"sum\"><th>Year so far</th>";
  for (const ActivityKind& k : kKinds) table += num(static_cast<uint64_t>(year.*k.count));
  const std::string note =
      "Records of every school together. The current half-term is " +
      y.half_term(y.current_index).name() +
      (y.current_index + 1 < kHalfTermsPerYear ? "; the ones after it are still to come." : ".");
  return figure("trend", "Activity across " + y.label() + ", per half-term", note,
                responsive_chart(chart), table_box(table + "</tr></table>"));
}

std::string participation_figure(const CurrentYear& y) {
  BarChart chart{"Teachers taking part in " + y.label() + ", per school",
                 {},
                 {},
                 {},
                 {{"took part", {}}, {"known to the hub", {}}}};
  chart.horizontal = true;
  std::string table =
      "<table><tr><th>School</th><th>Took part</th><th>Known to the hub</th><th>Share</th></tr>";
  int took = 0, known = 0;
  for (const SchoolParticipation& p : y.participation) {
    chart.categories.push_back(p.school);
    chart.series[0].values.push_back(p.took_part);
    chart.series[1].values.push_back(p.known);
    took += p.took_part, known += p.known;
    table += "<tr><td class=\"name\">" + e(p.school) + "</td>" +
             num(static_cast<uint64_t>(p.took_part)) + num(static_cast<uint64_t>(p.known)) +
             "<td class=\"n\">" + percent(p.took_part, p.known) + "</td></tr>";
  }
  table += "<tr class=\"sum\"><th>All schools</th>" + num(static_cast<uint64_t>(took)) +
           num(static_cast<uint64_t>(known)) + "<td class=\"n\">" + percent(took, known) +
           "</td></tr>";
  return figure("participation", "Teachers taking part in " + y.label() + ", per school",
                "People who recorded an alliance-scope observation, coaching session, lesson "
                "study or log entry dated this school year, or whose lesson such an observation "
                "records, of the people the hub knows at each school.",
                y.participation.empty() ? "" : responsive_chart(chart),
                table_box(table + "</table>"));
}

// The chart along the axis; the table a row per half-term (a gap as one row), a column per school.
std::string history_figure(const Activity& a, const ActivityKind& k) {
  BarChart chart{std::string(k.title) + " per school per half-term", {}, {}, {}, {}};
  std::string table = "<table><tr><th>Half-term</th>";
  for (const std::string& school : a.schools) {
    chart.series.push_back({school, {}});
    table += "<th>" + e(school) + "</th>";
  }
  table += "<th>All schools</th></tr>";
  for (size_t i = 0; i < a.axis.size(); ++i) {
    const AxisSlot& slot = a.axis[i];
    chart.categories.push_back(slot.label());
    chart.short_categories.push_back(slot.short_label());
    if (slot.is_gap()) {
      chart.gaps.push_back(i);
      for (ChartSeries& s : chart.series) s.values.push_back(std::nullopt);
      table += "<tr><td class=\"gap\" colspan=\"" + std::to_string(a.schools.size() + 2) + "\">" +
               e(slot.label()) + "</td></tr>";
      continue;
    }
    table += "<tr><th class=\"t\">" + e(slot.term.label()) + "</th>";
    int all = 0;
    for (size_t s = 0; s < a.schools.size(); ++s) {
      const int v = a.at(a.schools[s], slot.term).*k.count;
      all += v;
      chart.series[s].values.push_back(static_cast<double>(v));
      table += num(static_cast<uint64_t>(v));
    }
    table += num(static_cast<uint64_t>(all)) + "</tr>";
  }
  std::string id = k.title;
  for (char& c : id) c = c == ' ' ? '-' : static_cast<char>(std::tolower(c));
  return figure(id, std::string(k.title) + " per school per half-term", "",
                responsive_chart(chart, 1000), table_box(table + "</table>"), true);
}

}  // namespace

std::string this_year_section(const Activity& a) {
  const CurrentYear& y = a.current_year;
  return "<section id=\"this-year\"><h2>This school year: " + e(y.label()) + "</h2>" +
         trend_figure(y) + participation_figure(y) + "</section>";
}

std::string activity_section(const Activity& a) {
  std::string out = "<section id=\"activity\"><h2>Activity per school per half-term</h2>";
  if (a.axis.empty()) return out + "<p>No alliance-scope activity recorded yet.</p></section>";
  for (const ActivityKind& k : kKinds) out += history_figure(a, k);
  return out +
         "<p class=\"note\">Counts alliance-scope records only, by the date of the activity. "
         "Half-terms with nothing recorded show as empty; whole school years with nothing "
         "recorded are drawn as one shaded gap. Half-terms: Autumn 1 = 1 Sep-31 Oct, Autumn 2 = "
         "1 Nov-31 Dec, Spring 1 = 1 Jan-20 Feb, Spring 2 = 21 Feb-14 Apr, Summer 1 = 15 Apr-31 "
         "May, Summer 2 = 1 Jun-31 Aug.</p></section>";
}

}  // namespace triad::report::html
