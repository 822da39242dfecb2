// Activity: observations, coaching sessions, lesson-study cycles and log entries per school per
// half-term, counted over alliance-scope records only.
#include <algorithm>
#include <set>

#include "alliance_report.h"
#include "report_reading.h"

namespace triad::report {

namespace {

struct Counted {
  std::string_view type;
  std::string_view date_field;  // the date the activity took place
  int ActivityCounts::*count;
};

constexpr Counted kCounted[] = {
    {"observation", "date", &ActivityCounts::observations},
    {"coaching_session", "date", &ActivityCounts::coaching_sessions},
    {"lesson_study", "lesson_date", &ActivityCounts::lesson_study_cycles},
    {"log_entry", "date", &ActivityCounts::log_entries},
};

// The record's own date, else the day it was created.
HalfTerm when(const core::RecordState& r, std::string_view date_field) {
  if (auto t = half_term_of(detail::value_of(r, std::string(date_field)))) return *t;
  return half_term_of_ms(core::hlc_millis(r.header.created.hlc));
}

// An observation counts for the school where the lesson took place; anything else for its owner.
core::RecordId school_of(const core::RecordState& r) {
  if (r.header.type == "observation")
    if (auto where = core::RecordId::parse(detail::value_of(r, "school"))) return *where;
  return r.header.school;
}

}  // namespace

ActivityCounts Activity::at(const std::string& school, const HalfTerm& term) const {
  auto s = counts.find(school);
  if (s == counts.end()) return {};
  auto c = s->second.find(term.label());
  return c == s->second.end() ? ActivityCounts{} : c->second;
}

core::Result<Activity> compute_activity(core::Replica& store) {
  Activity out;
  detail::Names names(store);
  std::set<HalfTerm> terms;
  std::set<std::string> schools;
  for (const Counted& c : kCounted) {
    auto records = detail::alliance_records(store, c.type);
    if (!records) return records.status();
    for (const core::RecordState& r : records.value()) {
      const HalfTerm term = when(r, c.date_field);
      const std::string& school = names.of(school_of(r));
      ++(out.counts[school][term.label()].*c.count);
      terms.insert(term);
      schools.insert(school);
    }
  }
  out.half_terms.assign(terms.begin(), terms.end());
  out.schools.assign(schools.begin(), schools.end());
  return out;
}

}  // namespace triad::report
