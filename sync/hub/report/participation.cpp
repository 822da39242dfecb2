// Participation: per school, how many people took part in the alliance's activity this school
// year, of how many the hub knows there. People are counted, never named; only alliance-scope
// person and school records are read, as for every other figure.
#include <set>

#include "report_reading.h"

namespace triad::report::detail {

core::Result<std::vector<SchoolParticipation>> participation(
    core::Replica& store, Names& names, const std::vector<Participant>& took_part) {
  auto people = alliance_records(store, "person");
  auto roster = alliance_records(store, "school");
  for (const auto* r : {&people, &roster})
    if (!*r) return r->status();
  std::map<core::RecordId, core::RecordId> school_of;  // person -> school, from the roster
  std::map<std::string, std::set<core::RecordId>> known, active;
  for (const core::RecordState& s : roster.value()) known[names.of(s.header.id)];
  for (const core::RecordState& p : people.value()) {
    const core::RecordId school =
        core::RecordId::parse(value_of(p, "school")).value_or(core::RecordId());
    school_of[p.header.id] = school;
    known[names.of(school)].insert(p.header.id);
  }
  for (const Participant& p : took_part) {
    auto it = school_of.find(p.person);
    const std::string& school = names.of(it != school_of.end() ? it->second : p.school);
    active[school].insert(p.person);
    known[school].insert(p.person);
  }
  std::vector<SchoolParticipation> out;
  for (const auto& [school, everyone] : known)
    out.push_back(
        {school, static_cast<int>(active[school].size()), static_cast<int>(everyone.size())});
  return out;
}

}  // namespace triad::report::detail
