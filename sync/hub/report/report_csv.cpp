// The report as CSV files (RFC 4180), one per table, for spreadsheets.
#include <fmt/format.h>

#include "report_formats.h"
#include "triad/core/csv.h"

namespace triad::report {

namespace {

std::string row(std::initializer_list<std::string> cells) {
  std::string out;
  for (const std::string& c : cells)
    out += (out.empty() ? "" : ",") + core::csv_cell(c);  // the export's rule too
  return out + "\r\n";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string optional_number(const std::optional<double>& v) {
  return v ? fmt::format("{:.2f}", *v) : "";
}

std::string devices_csv(const SyncHealth& h) {
  std::string out = row({"school", "person", "token_id", "role", "last_sync", "app_version",
                         "protocol", "waiting_to_go_down", "refused", "revoked"});
  for (const DeviceHealth& d : h.devices)
    out += row({d.school, d.person, d.token_id, d.role, utc_time_text(d.last_sync_ms),
                d.app_version, d.protocol, std::to_string(d.pending), std::to_string(d.refused),
                d.revoked ? "yes" : "no"});
  return out;
}

std::string schools_csv(const SyncHealth& h) {
  std::string out = row({"school", "last_sync", "devices", "waiting_to_go_down", "refused",
                         "stale (no sync for over " + std::to_string(h.stale_days) + " days)"});
  for (const SchoolHealth& s : h.schools)
    out += row({s.school, utc_time_text(s.last_sync_ms), std::to_string(s.devices),
                std::to_string(s.pending), std::to_string(s.refused), s.stale ? "yes" : "no"});
  return out;
}

// Every half-term of the axis, with or without activity (whole years without any are left out).
std::string activity_csv(const Activity& a) {
  std::string out = row({"school", "half_term", "observations", "coaching_sessions",
                         "lesson_study_cycles", "log_entries"});
  for (const std::string& school : a.schools)
    for (const AxisSlot& slot : a.axis) {
      if (slot.is_gap()) continue;
      const ActivityCounts c = a.at(school, slot.term);
      out += row({school, slot.term.label(), std::to_string(c.observations),
                  std::to_string(c.coaching_sessions), std::to_string(c.lesson_study_cycles),
                  std::to_string(c.log_entries)});
    }
  return out;
}

std::string this_year_csv(const CurrentYear& y) {
  std::string out = row({"half_term", "observations", "coaching_sessions", "lesson_study_cycles",
                         "log_entries", "still_to_come"});
  for (int i = 0; i < kHalfTermsPerYear; ++i) {
    const ActivityCounts& c = y.per_half_term[i];
    out += row({y.half_term(i).label(), std::to_string(c.observations),
                std::to_string(c.coaching_sessions), std::to_string(c.lesson_study_cycles),
                std::to_string(c.log_entries), i > y.current_index ? "yes" : "no"});
  }
  return out;
}

std::string participation_csv(const CurrentYear& y) {
  std::string out = row({"school_year", "school", "teachers_took_part", "teachers_known"});
  for (const SchoolParticipation& p : y.participation)
    out += row({y.label(), p.school, std::to_string(p.took_part), std::to_string(p.known)});
  return out;
}

std::string enquiries_csv(const std::vector<EnquirySummary>& enquiries) {
  std::string out = row({"title", "phase", "theme", "schools", "interventions",
                         "interventions running at once", "evidence_records", "targeted_pupils",
                         "observations", "lesson_study_cycles", "log_entries", "enquiry_cycles"});
  for (const EnquirySummary& e : enquiries) {
    std::vector<std::string> concurrent;
    for (const SchoolInterventions& s : e.concurrent)
      concurrent.push_back(s.school + ": " +
                           (s.interventions.empty() ? "none running" : joined(s.interventions)));
    out += row({e.title, e.phase, e.theme, joined(e.schools), joined(e.interventions),
                joined(concurrent), std::to_string(e.evidence_records),
                pupil_count_text(e.targeted_pupils), std::to_string(e.activity.observations),
                std::to_string(e.activity.lesson_study_cycles),
                std::to_string(e.activity.log_entries), std::to_string(e.enquiry_cycles)});
  }
  return out;
}

std::string evidence_csv(const std::vector<EnquirySummary>& enquiries) {
  std::string out =
      row({"enquiry", "figure", "baseline", "impact", "baseline_records", "impact_records"});
  for (const EnquirySummary& e : enquiries)
    for (const FigureComparison& f : e.figures)
      out += row({e.title, f.name, optional_number(f.baseline), optional_number(f.impact),
                  std::to_string(f.baseline_records), std::to_string(f.impact_records)});
  return out;
}

}  // namespace

std::vector<ReportFile> report_csv(const AllianceReport& r) {
  return {{"sync-health.csv", devices_csv(r.sync_health)},
          {"schools.csv", schools_csv(r.sync_health)},
          {"activity.csv", activity_csv(r.activity)},
          {"this-year.csv", this_year_csv(r.activity.current_year)},
          {"participation.csv", participation_csv(r.activity.current_year)},
          {"enquiries.csv", enquiries_csv(r.enquiries)},
          {"evidence.csv", evidence_csv(r.enquiries)}};
}

}  // namespace triad::report
