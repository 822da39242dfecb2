// The report as one HTML page: the dashboard's front page and `triad-hub report --format html`.
// Charts are inline SVG (svg_chart.h); there is no script and nothing is loaded from elsewhere.
#include <fmt/format.h>

#include "report_formats.h"
#include "svg_chart.h"

namespace triad::report {

namespace {

const std::string e(const std::string& s) { return xml_escape(s); }

constexpr const char* kStyle = R"css(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#1f3a5f;color:#fff;padding:14px 24px;display:flex;justify-content:space-between;align-items:baseline}
header h1{font-size:20px;margin:0}header a{color:#cfe0f5;margin-left:14px}
main{padding:8px 24px 24px}section{background:#fff;border-radius:6px;padding:12px 16px;margin:14px 0;box-shadow:0 1px 2px #0002}
h2{font-size:17px;margin:4px 0 10px}h3{font-size:15px;margin:8px 0 6px}
table{border-collapse:collapse;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #e3e7eb;text-align:left}
th{background:#eef2f6}td.n{text-align:right;font-variant-numeric:tabular-nums}td.t{white-space:nowrap}
summary{cursor:pointer;font-weight:600;margin:4px 0}
.pair{display:flex;gap:18px;align-items:flex-start;flex-wrap:wrap}.pair>div{flex:1 1 420px}
.stale{background:#fde8e8}.badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;background:#e3e7eb}
.badge.warn{background:#c62828;color:#fff}.badge.ok{background:#2e7d32;color:#fff}
.tiles{display:flex;gap:12px;flex-wrap:wrap}.tile{background:#fff;border-radius:6px;padding:8px 14px;box-shadow:0 1px 2px #0002}
.tile b{display:block;font-size:22px}.note{color:#556;font-size:12px}.enquiry{border-top:1px solid #e3e7eb;padding-top:6px}
)css";

std::string time_cell(uint64_t ms) { return "<td class=\"t\">" + e(utc_time_text(ms)) + "</td>"; }
std::string num(uint64_t v) { return "<td class=\"n\">" + std::to_string(v) + "</td>"; }

std::string tiles(const AllianceReport& r) {
  int stale = 0;
  uint64_t pending = 0, refused = 0;
  for (const SchoolHealth& s : r.sync_health.schools)
    stale += s.stale, pending += s.pending, refused += s.refused;
  int activity = 0;
  for (const auto& [school, terms] : r.activity.counts)
    for (const auto& [term, c] : terms) activity += c.total();
  const auto tile = [](const std::string& label, const std::string& value) {
    return "<div class=\"tile\"><b>" + e(value) + "</b>" + e(label) + "</div>";
  };
  return "<div class=\"tiles\">" + tile("schools", std::to_string(r.sync_health.schools.size())) +
         tile("not synced for over " + std::to_string(r.sync_health.stale_days) + " days",
              std::to_string(stale)) +
         tile("devices", std::to_string(r.sync_health.devices.size())) +
         tile("changes waiting to go down to devices", std::to_string(pending)) +
         tile("refused changes", std::to_string(refused)) +
         tile("activities recorded", std::to_string(activity)) +
         tile("enquiries", std::to_string(r.enquiries.size())) + "</div>";
}

std::string health_section(const SyncHealth& h) {
  std::string out =
      "<section id=\"sync-health\"><h2>Sync health</h2><div "
      "class=\"pair\"><div><h3>Schools</h3><table>"
      "<tr><th>School</th><th>Last "
      "sync</th><th>Devices</th><th title=\"changes at the hub its devices have not received "
      "yet\">Waiting to go down</th><th>Refused</th><th></th></tr>";
  for (const SchoolHealth& s : h.schools)
    out += std::string(s.stale ? "<tr class=\"stale\">" : "<tr>") + "<td>" + e(s.school) + "</td>" +
           time_cell(s.last_sync_ms) + num(s.devices) + num(s.pending) + num(s.refused) + "<td>" +
           (s.stale ? "<span class=\"badge warn\">no sync for over " +
                          std::to_string(h.stale_days) + " days</span>"
                    : "<span class=\"badge ok\">ok</span>") +
           "</td></tr>";
  out += "</table></div><div><details><summary>" + std::to_string(h.devices.size()) +
         " devices: last sync, app and protocol, changes waiting to go down to them, and "
         "changes refused</summary><table><tr><th>School</th>"
         "<th>Person</th><th>Token</th><th>Last "
         "sync</th><th>App</th><th>Protocol</th><th>Waiting to go down</th><th>Refused</th></tr>";
  for (const DeviceHealth& d : h.devices)
    out += "<tr><td>" + e(d.school) + "</td><td>" + e(d.person) +
           (d.role == "hub" ? " (hub)" : "") + "</td><td>" + e(d.token_id) +
           (d.revoked ? " <span class=\"badge\">revoked</span>" : "") + "</td>" +
           time_cell(d.last_sync_ms) + "<td>" + e(d.app_version) + "</td><td>" + e(d.protocol) +
           "</td>" + num(d.pending) + num(d.refused) + "</tr>";
  return out + "</table></details></div></div></section>";
}

struct ActivityKind {
  const char* title;
  int ActivityCounts::*count;
};
constexpr ActivityKind kKinds[] = {{"Lesson observations", &ActivityCounts::observations},
                                   {"Coaching sessions", &ActivityCounts::coaching_sessions},
                                   {"Lesson-study cycles", &ActivityCounts::lesson_study_cycles},
                                   {"Learning-log entries", &ActivityCounts::log_entries}};

std::string activity_block(const Activity& a, const ActivityKind& k) {
  BarChart chart{std::string(k.title) + " per school per half-term", {}, {}, 600, 260, 0};
  for (const HalfTerm& t : a.half_terms) chart.categories.push_back(t.label());
  std::string table = "<table><tr><th>School</th>";
  for (const HalfTerm& t : a.half_terms) table += "<th>" + e(t.label()) + "</th>";
  table += "</tr>";
  for (const std::string& school : a.schools) {
    ChartSeries series{school, {}};
    table += "<tr><td>" + e(school) + "</td>";
    for (const HalfTerm& t : a.half_terms) {
      const int v = a.at(school, t).*k.count;
      series.values.push_back(static_cast<double>(v));
      table += num(static_cast<uint64_t>(v));
    }
    table += "</tr>";
    chart.series.push_back(std::move(series));
  }
  return "<div class=\"pair activity\"><div>" + svg_bar_chart(chart) + "</div><div><h3>" +
         e(k.title) + "</h3>" + table + "</table></div></div>";
}

std::string activity_section(const Activity& a) {
  std::string out = "<section id=\"activity\"><h2>Activity per school per half-term</h2>";
  if (a.half_terms.empty())
    return out + "<p>No alliance-scope activity recorded yet.</p></section>";
  for (const ActivityKind& k : kKinds) out += activity_block(a, k);
  return out +
         "<p class=\"note\">Counts alliance-scope records only. Half-terms: Autumn 1 = 1 Sep-31 "
         "Oct, Autumn 2 = "
         "1 Nov-31 Dec, Spring 1 = 1 Jan-20 Feb, Spring 2 = 21 Feb-14 Apr, Summer 1 = 15 Apr-31 "
         "May, Summer 2 = "
         "1 Jun-31 Aug.</p></section>";
}

std::string list_text(const std::vector<std::string>& items, const char* none) {
  if (items.empty()) return none;
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + e(s);
  return out;
}

std::string enquiry_block(const EnquirySummary& q) {
  std::string out = "<div class=\"enquiry\"><h3>" + e(q.title) + " <span class=\"badge\">" +
                    e(q.phase.empty() ? "no phase" : q.phase) +
                    "</span></h3><div class=\"pair\"><div><table>";
  out += "<tr><th>Theme</th><td>" + e(q.theme) + "</td></tr><tr><th>Schools</th><td>" +
         list_text(q.schools, "none named") + "</td></tr><tr><th>Interventions</th><td>" +
         list_text(q.interventions, "none named") + "</td></tr>";
  for (const SchoolInterventions& s : q.concurrent)
    out +=
        "<tr><th>Running at " + e(s.school) + "</th><td>" +
        list_text(s.interventions, "none running") +
        (s.interventions.size() > 1 ? " <span class=\"badge warn\">" +
                                          std::to_string(s.interventions.size()) + " at once</span>"
                                    : "") +
        "</td></tr>";
  out += "<tr><th>Evidence records</th><td>" + std::to_string(q.evidence_records) +
         (q.withheld_pupil_evidence ? " (" + std::to_string(q.withheld_pupil_evidence) +
                                          " with pupil figures over fewer than 5 pupils, not shown)"
                                    : "") +
         "</td></tr><tr><th>Pupils targeted</th><td>" + e(pupil_count_text(q.targeted_pupils)) +
         "</td></tr></table></div><div>";
  if (q.figures.empty())
    return out + "<p class=\"note\">No baseline or impact figures yet.</p></div></div></div>";
  BarChart chart{
      "Baseline against impact: " + q.title, {}, {{"baseline", {}}, {"impact", {}}}, 520, 240, 1};
  for (const FigureComparison& f : q.figures) {
    chart.categories.push_back(f.name);
    chart.series[0].values.push_back(f.baseline);
    chart.series[1].values.push_back(f.impact);
  }
  return out + svg_bar_chart(chart) + "</div></div></div>";
}

std::string enquiries_section(const std::vector<EnquirySummary>& enquiries) {
  std::string out = "<section id=\"enquiries\"><h2>Enquiries</h2>";
  if (enquiries.empty()) out += "<p>No alliance-scope enquiries yet.</p>";
  for (const EnquirySummary& q : enquiries) out += enquiry_block(q);
  return out +
         "<p class=\"note\">Figures are means over the enquiry's alliance-scope evidence records. "
         "Interventions "
         "running at once come from every enquiry in its innovation or impact phase.</p></section>";
}

}  // namespace

std::string report_html(const AllianceReport& r, const HtmlOptions& o) {
  const std::string nonce = o.style_nonce.empty() ? "" : " nonce=\"" + e(o.style_nonce) + "\"";
  std::string out =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + e(r.alliance) +
      ": alliance report</title><meta name=\"viewport\" content=\"width=device-width\"><style" +
      nonce + ">" + kStyle + "</style></head><body><header><h1>" + e(r.alliance) +
      ": alliance report</h1><div>generated " + e(utc_time_text(r.generated_ms));
  if (o.dashboard_links)
    for (const char* f : {"sync-health.csv", "schools.csv", "activity.csv", "enquiries.csv",
                          "evidence.csv", "report.json"})
      out += std::string("<a href=\"/api/") + f + "\">" + f + "</a>";
  if (o.dashboard_links) out += "<a href=\"/logout\">Sign out</a>";
  out += "</div></header><main>" + tiles(r) + health_section(r.sync_health) +
         activity_section(r.activity) + enquiries_section(r.enquiries) +
         "<p class=\"note\">Only records shared with the whole alliance are counted or shown; "
         "pupil figures only as "
         "totals over at least 5 pupils.</p></main></body></html>\n";
  return out;
}

}  // namespace triad::report
