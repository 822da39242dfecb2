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
  return {{"half_terms", terms}, {"schools", a.schools}, {"counts", rows}};
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
