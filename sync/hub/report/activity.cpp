// Activity: observations, coaching sessions, lesson-study cycles and log entries per school per
// half-term, counted over alliance-scope records only; the same for the current school year over
// all schools, and who took part in it (participation.cpp).
#include <algorithm>
#include <ctime>
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

// Who took part in it: its author, and for an observation the teacher whose lesson it was. The
// school to count each at when the hub holds no person record for them: the author's own, and
// where the lesson took place.
void add_participants(const core::RecordState& r, const core::RecordId& where,
                      std::vector<detail::Participant>& out) {
  out.push_back({r.header.author, r.header.school});
  if (r.header.type == "observation")
    if (auto observed = core::RecordId::parse(detail::value_of(r, "observed_teacher")))
      out.push_back({*observed, where});
}

}  // namespace

ActivityCounts Activity::total_at(const HalfTerm& term) const {
  ActivityCounts sum;
  for (const std::string& school : schools) {
    const ActivityCounts c = at(school, term);
    sum.observations += c.observations;
    sum.coaching_sessions += c.coaching_sessions;
    sum.lesson_study_cycles += c.lesson_study_cycles;
    sum.log_entries += c.log_entries;
  }
  return sum;
}

ActivityCounts Activity::at(const std::string& school, const HalfTerm& term) const {
  auto s = counts.find(school);
  if (s == counts.end()) return {};
  auto c = s->second.find(term.label());
  return c == s->second.end() ? ActivityCounts{} : c->second;
}

core::Result<Activity> compute_activity(core::Replica& store, uint64_t now_ms) {
  Activity out;
  const HalfTerm now =
      half_term_of_ms(now_ms ? now_ms : static_cast<uint64_t>(std::time(nullptr)) * 1000);
  out.current_year.year_start = now.year_start;
  out.current_year.current_index = now.index;
  detail::Names names(store);
  std::set<HalfTerm> terms;
  std::set<std::string> schools;
  std::vector<detail::Participant> this_year;
  for (const Counted& c : kCounted) {
    auto records = detail::alliance_records(store, c.type);
    if (!records) return records.status();
    for (const core::RecordState& r : records.value()) {
      const HalfTerm term = when(r, c.date_field);
      const core::RecordId where = school_of(r);
      const std::string& school = names.of(where);
      ++(out.counts[school][term.label()].*c.count);
      terms.insert(term);
      schools.insert(school);
      if (term.year_start == now.year_start) {
        ++(out.current_year.per_half_term[term.index].*c.count);
        add_participants(r, where, this_year);
      }
    }
  }
  out.half_terms.assign(terms.begin(), terms.end());
  out.schools.assign(schools.begin(), schools.end());
  out.axis = school_year_axis(out.half_terms, now_ms ? std::optional<HalfTerm>(now) : std::nullopt);
  auto participation = detail::participation(store, names, this_year);
  if (!participation) return participation.status();
  out.current_year.participation = std::move(participation.value());
  return out;
}

}  // namespace triad::report
