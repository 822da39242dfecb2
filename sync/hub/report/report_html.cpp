// The report as one HTML page: the dashboard's front page and `triad-hub report --format html`.
// Charts are inline SVG (svg_chart.h); there is no script and nothing is loaded from elsewhere.
// The page reads on a phone as on a screen: nothing is wider than the page (wide tables scroll in
// their own box, charts scale and have a narrow drawing of their own), and what a lead asks first
// comes first: this school year, then the enquiries, then every half-term, then sync health.
#include "report_formats.h"
#include "report_html_parts.h"

namespace triad::report {

namespace {

using html::e;
using html::num;

constexpr const char* kStyle = R"css(
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f4f6f8;-webkit-text-size-adjust:100%;text-size-adjust:100%}
header{background:#1f3a5f;color:#fff;padding:12px 24px;display:flex;flex-wrap:wrap;gap:4px 24px;justify-content:space-between;align-items:baseline}
header h1{font-size:20px;margin:0}header a{color:#cfe0f5;margin-left:16px}header .when{white-space:nowrap}
nav{margin:12px 0;font-size:15px}nav a{color:#1f3a5f;margin-right:18px;display:inline-block;padding:2px 0}
.files a{margin-right:14px;display:inline-block;padding:2px 0}
main{padding:8px 24px 24px;max-width:1500px}section{background:#fff;border-radius:6px;padding:12px 16px;margin:14px 0;box-shadow:0 1px 2px #0002}
h2{font-size:18px;margin:4px 0 12px}h3{font-size:16px;margin:0}
figure{margin:0 0 22px;display:flex;flex-wrap:wrap;gap:8px 28px;align-items:flex-start}
figcaption{flex:1 1 100%}figcaption p{margin:2px 0 0}
.chart-box{flex:0 1 640px;min-width:0}.table-box{flex:1 1 320px;min-width:0;max-width:100%;overflow-x:auto}
.chart{display:block;width:100%;height:auto}.narrow{display:none}
table{border-collapse:collapse;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #e3e7eb;text-align:left;vertical-align:top}
th{background:#eef2f6}td.n{text-align:right;font-variant-numeric:tabular-nums}.t{white-space:nowrap}td.name{min-width:9em}
td.gap{background:#eceff3;color:#556}figure.stacked details{flex:1 1 100%;min-width:0}figure.stacked .chart-box{flex-basis:1000px}td.to-come{color:#99a}tr.sum td,tr.sum th{font-weight:600;border-top:2px solid #cfd6de}
table.facts th{width:11em}
summary{cursor:pointer;font-weight:600;margin:4px 0}
.pair{display:flex;gap:18px;align-items:flex-start;flex-wrap:wrap}.pair>div{flex:1 1 420px;min-width:0}
.stale{background:#fde8e8}.badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;background:#e3e7eb}
.badge.warn{background:#c62828;color:#fff}.badge.ok{background:#2e7d32;color:#fff}
.tiles{display:flex;gap:12px;flex-wrap:wrap}.tile{background:#fff;border-radius:6px;padding:8px 14px;box-shadow:0 1px 2px #0002}
.tile b{display:block;font-size:22px}.note{color:#556;font-size:13px}.enquiry{border-top:1px solid #e3e7eb;padding-top:10px}
@media (max-width:640px){
header{padding:10px 12px}main{padding:4px 8px 16px}section{padding:10px;margin:10px 0}
.wide{display:none}.narrow{display:block}.chart-box{flex-basis:100%;max-width:440px}
.tiles{gap:8px}.tile{padding:6px 10px;flex:1 1 40%}.tile b{font-size:19px}
.pair>div{flex-basis:100%}table.facts th{width:auto}
}
)css";

std::string time_cell(uint64_t ms) { return "<td class=\"t\">" + e(utc_time_text(ms)) + "</td>"; }

std::string tiles(const AllianceReport& r) {
  int stale = 0;
  uint64_t pending = 0, refused = 0;
  for (const SchoolHealth& s : r.sync_health.schools)
    stale += s.stale, pending += s.pending, refused += s.refused;
  const CurrentYear& year = r.activity.current_year;
  int activity = 0, took_part = 0, known = 0;
  for (const ActivityCounts& c : year.per_half_term) activity += c.total();
  for (const SchoolParticipation& p : year.participation)
    took_part += p.took_part, known += p.known;
  const auto tile = [](const std::string& label, const std::string& value) {
    return "<div class=\"tile\"><b>" + e(value) + "</b>" + e(label) + "</div>";
  };
  return "<div class=\"tiles\">" +
         tile("activities recorded in " + year.label(), std::to_string(activity)) +
         tile("teachers taking part in " + year.label(),
              std::to_string(took_part) + " of " + std::to_string(known)) +
         tile("enquiries", std::to_string(r.enquiries.size())) +
         tile("schools", std::to_string(r.sync_health.schools.size())) +
         tile("not synced for over " + std::to_string(r.sync_health.stale_days) + " days",
              std::to_string(stale)) +
         tile("devices", std::to_string(r.sync_health.devices.size())) +
         tile("changes waiting to go down to devices", std::to_string(pending)) +
         tile("refused changes", std::to_string(refused)) + "</div>";
}

std::string health_section(const SyncHealth& h) {
  std::string out =
      "<section id=\"sync-health\"><h2>Sync health</h2><div "
      "class=\"pair\"><div><h3>Schools</h3><div class=\"table-box\"><table>"
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
  out += "</table></div></div><div><details><summary>" + std::to_string(h.devices.size()) +
         " devices: last sync, app and protocol, changes waiting to go down to them, and "
         "changes refused</summary><div class=\"table-box\"><table><tr><th>School</th>"
         "<th>Person</th><th>Token</th><th>Last "
         "sync</th><th>App</th><th>Protocol</th><th>Waiting to go down</th><th>Refused</th></tr>";
  for (const DeviceHealth& d : h.devices)
    out += "<tr><td>" + e(d.school) + "</td><td>" + e(d.person) +
           (d.role == "hub" ? " (hub)" : "") + "</td><td>" + e(d.token_id) +
           (d.revoked ? " <span class=\"badge\">revoked</span>" : "") + "</td>" +
           time_cell(d.last_sync_ms) + "<td>" + e(d.app_version) + "</td><td>" + e(d.protocol) +
           "</td>" + num(d.pending) + num(d.refused) + "</tr>";
  return out + "</table></div></details></div></div></section>";
}

std::string nav() {
  return "<nav><a href=\"#this-year\">This school year</a><a href=\"#enquiries\">Enquiries</a>"
         "<a href=\"#activity\">Every half-term</a><a href=\"#sync-health\">Sync health</a></nav>";
}

}  // namespace

std::string report_html(const AllianceReport& r, const HtmlOptions& o) {
  const std::string nonce = o.style_nonce.empty() ? "" : " nonce=\"" + e(o.style_nonce) + "\"";
  std::string out =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + e(r.alliance) +
      ": alliance report</title><meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\"><style" +
      nonce + ">" + kStyle + "</style></head><body><header><h1>" + e(r.alliance) +
      ": alliance report</h1><div><span class=\"when\">generated " +
      e(utc_time_text(r.generated_ms)) + "</span>" +
      (o.dashboard_links ? "<a href=\"/logout\">Sign out</a>" : "") + "</div></header><main>" +
      nav() + tiles(r) + html::this_year_section(r.activity) +
      html::enquiries_section(r.enquiries) + html::activity_section(r.activity) +
      health_section(r.sync_health);
  if (o.dashboard_links) {
    out += "<section id=\"files\"><h2>The same figures as files</h2><p class=\"files\">";
    for (const char* f : {"this-year.csv", "participation.csv", "activity.csv", "enquiries.csv",
                          "evidence.csv", "schools.csv", "sync-health.csv", "report.json"})
      out += std::string("<a href=\"/api/") + f + "\">" + f + "</a> ";
    out += "</p></section>";
  }
  return out +
         "<p class=\"note\">Only records shared with the whole alliance are counted or shown; "
         "pupil figures only as totals over at least 5 pupils.</p></main></body></html>\n";
}

namespace html {

std::string responsive_chart(BarChart chart, int wide_width) {
  chart.width = wide_width, chart.height = 280;
  std::string out = "<div class=\"wide\">" + svg_bar_chart(chart) + "</div>";
  chart.width = 360, chart.height = 300;
  return out + "<div class=\"narrow\">" + svg_bar_chart(chart) + "</div>";
}

std::string figure(const std::string& id, const std::string& title, const std::string& note,
                   const std::string& chart, const std::string& table, bool stacked) {
  return "<figure" + (id.empty() ? std::string() : " id=\"" + e(id) + "\"") +
         (stacked ? " class=\"stacked\"" : "") + "><figcaption><h3>" + e(title) + "</h3>" +
         (note.empty() ? "" : "<p class=\"note\">" + e(note) + "</p>") + "</figcaption>" +
         (chart.empty() ? "" : "<div class=\"chart-box\">" + chart + "</div>") +
         (stacked ? "<details><summary>The figures as a table</summary>" + table + "</details>"
                  : table) +
         "</figure>";
}

}  // namespace html

}  // namespace triad::report
