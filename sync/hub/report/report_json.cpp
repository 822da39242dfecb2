// The report as JSON: the dashboard's /api/*.json and `triad-hub report --format json`.
#include <ctime>
#include <nlohmann/json.hpp>

#include "report_formats.h"

namespace triad::report {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json health_json(const SyncHealth& h) {
  json schools = json::array(), devices = json::array();
  for (const SchoolHealth& s : h.schools)
    schools.push_back({{"school", s.school},
                       {"last_sync_ms", s.last_sync_ms},
                       {"last_sync", utc_time_text(s.last_sync_ms)},
                       {"devices", s.devices},
                       {"pending", s.pending},
                       {"refused", s.refused},
                       {"stale", s.stale}});
  for (const DeviceHealth& d : h.devices)
    devices.push_back({{"token_id", d.token_id},
                       {"school", d.school},
                       {"person", d.person},
                       {"role", d.role},
                       {"last_sync_ms", d.last_sync_ms},
                       {"last_sync", utc_time_text(d.last_sync_ms)},
                       {"app_version", d.app_version},
                       {"protocol", d.protocol},
                       {"pending", d.pending},
                       {"refused", d.refused},
                       {"revoked", d.revoked}});
  return {{"stale_days", h.stale_days}, {"schools", schools}, {"devices", devices}};
}

json counts_json(const ActivityCounts& c) {
  return {{"observations", c.observations},
          {"coaching_sessions", c.coaching_sessions},
          {"lesson_study_cycles", c.lesson_study_cycles},
          {"log_entries", c.log_entries}};
}

json axis_json(const std::vector<AxisSlot>& axis) {
  json out = json::array();
  for (const AxisSlot& s : axis)
    if (s.is_gap())
      out.push_back({{"gap", s.gap_years_label()},
                     {"from", school_year_label(s.term.year_start)},
                     {"to", school_year_label(s.term.year_start + s.gap_years - 1)},
                     {"years", s.gap_years}});
    else
      out.push_back({{"half_term", s.term.label()}});
  return out;
}

json current_year_json(const CurrentYear& y) {
  json terms = json::array(), schools = json::array();
  for (int i = 0; i < kHalfTermsPerYear; ++i) {
    json t = counts_json(y.per_half_term[i]);
    t["half_term"] = y.half_term(i).label();
    t["still_to_come"] = i > y.current_index;
    terms.push_back(t);
  }
  for (const SchoolParticipation& p : y.participation)
    schools.push_back({{"school", p.school}, {"took_part", p.took_part}, {"known", p.known}});
  return {{"school_year", y.label()},
          {"current_half_term", y.half_term(y.current_index).label()},
          {"per_half_term", terms},
          {"participation", schools}};
}

json activity_part(const Activity& a) {
  json terms = json::array(), rows = json::array();
  for (const HalfTerm& t : a.half_terms) terms.push_back(t.label());
  for (const std::string& school : a.schools)
    for (const HalfTerm& t : a.half_terms) {
      const ActivityCounts c = a.at(school, t);
      if (c.total() == 0) continue;
      rows.push_back({{"school", school},
                      {"half_term", t.label()},
                      {"observations", c.observations},
                      {"coaching_sessions", c.coaching_sessions},
                      {"lesson_study_cycles", c.lesson_study_cycles},
                      {"log_entries", c.log_entries}});
    }
  return {{"half_terms", terms},
          {"axis", axis_json(a.axis)},
          {"schools", a.schools},
          {"counts", rows},
          {"current_year", current_year_json(a.current_year)}};
}

json enquiry_json(const EnquirySummary& e) {
  json concurrent = json::array(), figures = json::array();
  for (const SchoolInterventions& s : e.concurrent)
    concurrent.push_back({{"school", s.school}, {"interventions", s.interventions}});
  for (const FigureComparison& f : e.figures)
    figures.push_back({{"figure", f.name},
                       {"baseline", optional_number(f.baseline)},
                       {"impact", optional_number(f.impact)},
                       {"baseline_records", f.baseline_records},
                       {"impact_records", f.impact_records}});
  return {{"id", e.id},
          {"title", e.title},
          {"phase", e.phase},
          {"theme", e.theme},
          {"schools", e.schools},
          {"interventions", e.interventions},
          {"concurrent_interventions", concurrent},
          {"figures", figures},
          {"activity", counts_json(e.activity)},
          {"enquiry_cycles", e.enquiry_cycles},
          {"evidence_records", e.evidence_records},
          {"withheld_pupil_evidence", e.withheld_pupil_evidence},
          {"targeted_pupils", pupil_count_text(e.targeted_pupils)}};
}

json enquiries_part(const std::vector<EnquirySummary>& enquiries) {
  json out = json::array();
  for (const EnquirySummary& e : enquiries) out.push_back(enquiry_json(e));
  return out;
}

json envelope(const AllianceReport& r) {
  return {{"alliance", r.alliance},
          {"generated_ms", r.generated_ms},
          {"generated", utc_time_text(r.generated_ms)}};
}

}  // namespace

std::string utc_time_text(uint64_t unix_ms) {
  if (unix_ms == 0) return "never";
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

std::string pupil_count_text(const std::optional<int>& count) {
  return count ? std::to_string(*count) : "<" + std::to_string(kMinPupils);
}

std::string report_json(const AllianceReport& r) {
  json out = envelope(r);
  out["sync_health"] = health_json(r.sync_health);
  out["activity"] = activity_part(r.activity);
  out["enquiries"] = enquiries_part(r.enquiries);
  return out.dump(2) + "\n";
}

std::string sync_health_json(const AllianceReport& r) {
  json out = envelope(r);
  out["sync_health"] = health_json(r.sync_health);
  return out.dump(2) + "\n";
}

std::string activity_json(const AllianceReport& r) {
  json out = envelope(r);
  out["activity"] = activity_part(r.activity);
  return out.dump(2) + "\n";
}

std::string enquiries_json(const AllianceReport& r) {
  json out = envelope(r);
  out["enquiries"] = enquiries_part(r.enquiries);
  return out.dump(2) + "\n";
}

}  // namespace triad::report
