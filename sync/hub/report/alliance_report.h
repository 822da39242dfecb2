// The hub's alliance report: the figures behind the dashboard and `triad-hub report`, computed
// from the hub's store and nothing else (no network, no rendering), so the page and the files
// always show the same numbers.
//
// Privacy rules (DOMAIN.md "What the hub is for", issue 8):
//  - only alliance-scope records feed any figure: private, participants-only and school-scope
//    records are neither counted nor shown, even if a hub's store holds them;
//  - a pupil figure appears only when it aggregates at least kMinPupils distinct pupils, else it
//    is withheld (shown as "<5").
// Devices and schools come from the hub's registry of devices (not records), so sync health covers
// every enrolled device whatever it has recorded. People taking part are counted, never named.
//
// compute_alliance_report() reads through the given store and registry from the calling thread;
// the result is plain data. Thread-safe: no shared state.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "half_term.h"
#include "triad/core/device_registry.h"
#include "triad/core/replica.h"
#include "triad/core/store.h"

namespace triad::report {

constexpr int kMinPupils = 5;

struct ReportOptions {
  uint64_t now_ms = 0;  // 0: the system clock
  int stale_days = 14;  // a school whose devices have not synced for longer is flagged
};

struct DeviceHealth {
  std::string token_id;
  std::string school;
  std::string person;
  std::string role;           // device or hub
  uint64_t last_sync_ms = 0;  // 0: never synced
  std::string app_version;    // as the device reported it at its last sync
  std::string protocol;       // protocol the hub spoke with it ("" if never synced)
  uint64_t pending = 0;       // changes at the hub it may see and has not yet pulled
  uint64_t refused = 0;       // its changes the hub refused and it has not since had accepted
  bool revoked = false;
};

struct SchoolHealth {
  std::string school;
  uint64_t last_sync_ms = 0;  // the most recent sync of any of its devices; 0: never
  int devices = 0;            // valid (not revoked) devices
  uint64_t pending = 0;
  uint64_t refused = 0;
  bool stale = false;  // no sync for more than stale_days (or never)
};

struct SyncHealth {
  int stale_days = 14;
  std::vector<SchoolHealth> schools;  // by name
  std::vector<DeviceHealth> devices;  // by school, then person
};

// One school's activity in one half-term.
struct ActivityCounts {
  int observations = 0;
  int coaching_sessions = 0;
  int lesson_study_cycles = 0;
  int log_entries = 0;

  int total() const { return observations + coaching_sessions + lesson_study_cycles + log_entries; }
  bool operator==(const ActivityCounts&) const = default;
};

// How many of a school's people took part in the alliance's activity in a school year.
struct SchoolParticipation {
  std::string school;
  // Distinct people who created an alliance-scope activity record dated in the year, or whose
  // lesson such an observation records.
  int took_part = 0;
  // The people the hub knows at the school: its roster's alliance-scope person records, and
  // anyone else who took part there.
  int known = 0;
};

// The school year of the report's date, what a lead asks about first.
struct CurrentYear {
  int year_start = 0;
  int current_index = 0;  // the half-term of the report's date; later ones are still to come
  std::array<ActivityCounts, kHalfTermsPerYear> per_half_term{};  // all schools together
  std::vector<SchoolParticipation> participation;                 // by school name

  std::string label() const { return school_year_label(year_start); }
  HalfTerm half_term(int index) const { return {year_start, index}; }
};

struct Activity {
  std::vector<HalfTerm> half_terms;  // every half-term with activity, oldest first
  // The axis the charts and files run along: every half-term from the first with activity to the
  // report's, with runs of whole years without any collapsed into gaps (half_term.h).
  std::vector<AxisSlot> axis;
  std::vector<std::string> schools;  // by name
  // counts[school][half-term label]; absent = none
  std::map<std::string, std::map<std::string, ActivityCounts>> counts;
  CurrentYear current_year;

  ActivityCounts at(const std::string& school, const HalfTerm& term) const;
  ActivityCounts total_at(const HalfTerm& term) const;  // all schools together
};

// Baseline against impact for one named figure of an enquiry's evidence ("confidence").
struct FigureComparison {
  std::string name;
  std::optional<double> baseline;  // mean over the baseline evidence records stating it
  std::optional<double> impact;
  int baseline_records = 0;
  int impact_records = 0;
};

struct SchoolInterventions {
  std::string school;
  std::vector<std::string> interventions;  // running there at once, from every active enquiry
};

struct EnquirySummary {
  std::string id;
  std::string title;
  std::string phase;  // "" when not set
  std::string theme;
  std::vector<std::string> schools;
  std::vector<std::string> interventions;
  // For each of its schools, every intervention running there at once (this enquiry's and any
  // other active enquiry's): success should not be credited to one intervention alone.
  std::vector<SchoolInterventions> concurrent;
  std::vector<FigureComparison> figures;
  // Alliance-scope activity linked to it: observations naming it (or a lesson study of it),
  // lesson studies naming it, entries of learning logs naming it (coaching sessions name no
  // enquiry, so they are never among them).
  ActivityCounts activity;
  int enquiry_cycles = 0;
  int evidence_records = 0;
  int withheld_pupil_evidence = 0;  // evidence whose pupil figures cover fewer than kMinPupils
  std::optional<int>
      targeted_pupils;  // distinct pupils of its lesson studies; nullopt: < kMinPupils
};

struct AllianceReport {
  std::string alliance;
  uint64_t generated_ms = 0;
  SyncHealth sync_health;
  Activity activity;
  std::vector<EnquirySummary> enquiries;  // by title
};

// Phases in which an enquiry's interventions are running in its schools.
bool is_running_phase(const std::string& phase);

// Computes the whole report from the hub's store and its registry of devices (the alliance's name
// too). Errors are the store's (kStoreError, kCorrupt).
core::Result<AllianceReport> compute_alliance_report(core::Replica& store,
                                                     core::DeviceRegistry& devices,
                                                     const ReportOptions& options = {});

// The parts, for callers and tests that need one.
core::Result<SyncHealth> compute_sync_health(core::Replica& store, core::DeviceRegistry& devices,
                                             const ReportOptions& options);
// `now_ms` places the current school year and ends the axis (0: the axis ends at the last
// activity, and the current year is that of the system clock).
core::Result<Activity> compute_activity(core::Replica& store, uint64_t now_ms = 0);
core::Result<std::vector<EnquirySummary>> compute_enquiries(core::Replica& store);

}  // namespace triad::report
