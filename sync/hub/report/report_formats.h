// The alliance report as files and pages: JSON (one document), CSV (one file per table, RFC 4180)
// and HTML (one self-contained page with inline SVG charts and no script, nothing loaded from
// anywhere else). `triad-hub report` writes them; the dashboard serves them. Pure functions of an
// AllianceReport; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "alliance_report.h"

namespace triad::report {

// "2014-03-21 09:30 UTC"; "never" for 0.
std::string utc_time_text(uint64_t unix_ms);
// A pupil count as shown: the number, or "<5" when withheld.
std::string pupil_count_text(const std::optional<int>& count);

std::string report_json(const AllianceReport& report);
// Single parts, for the dashboard's /api/*.json endpoints.
std::string sync_health_json(const AllianceReport& report);
std::string activity_json(const AllianceReport& report);
std::string enquiries_json(const AllianceReport& report);

struct ReportFile {
  std::string name;  // e.g. "activity.csv"
  std::string content;
};
// sync-health.csv (one row per device), schools.csv (one per school, stale ones flagged),
// activity.csv (per school per half-term of the axis), this-year.csv (the current school year per
// half-term, all schools), participation.csv (teachers taking part this school year per school),
// enquiries.csv (with the activity linked to each), evidence.csv.
std::vector<ReportFile> report_csv(const AllianceReport& report);

struct HtmlOptions {
  std::string style_nonce;       // set by the dashboard to match its Content-Security-Policy
  bool dashboard_links = false;  // links to the dashboard's CSV/JSON endpoints and a sign-out
};
std::string report_html(const AllianceReport& report, const HtmlOptions& options = {});

}  // namespace triad::report
