// What the report computations share: the alliance-only viewer that decides which records may
// feed a figure, record field values, and names of schools. Internal to triad_report.
// Not thread-safe: reads through the given store.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "alliance_report.h"
#include "triad/core/replica.h"
#include "triad/core/sharing.h"
#include "triad/core/store.h"

namespace triad::report::detail {

// The records of `type` that may feed a figure: live, and alliance-scope (their parent too, for a
// child record), decided by the same rule that passes records between hubs (sharing.h).
core::Result<std::vector<core::RecordState>> alliance_records(core::Replica& store,
                                                              std::string_view type);

// The current value of a register field ("" when absent or cleared).
std::string value_of(const core::RecordState& r, const std::string& field);
// The live elements of a set field.
std::vector<std::string> elements_of(const core::RecordState& r, const std::string& field);

// Names of schools by id, read once each from the roster.
class Names {
 public:
  explicit Names(core::Replica& store) : store_(store) {}
  // The record's label, or "unknown school" when the hub does not hold it.
  const std::string& of(const core::RecordId& id);
  const std::string& of(const std::string& id_text);

 private:
  core::Replica& store_;
  std::map<core::RecordId, std::string> cache_;
};

// Someone who took part in an activity, and the school to count them at when the hub holds no
// person record for them.
struct Participant {
  core::RecordId person;
  core::RecordId school;
};

// Per school: how many distinct `took_part` there are of how many people the hub knows there
// (participation.cpp). Every school of the roster is listed, the quiet ones with none.
core::Result<std::vector<SchoolParticipation>> participation(
    core::Replica& store, Names& names, const std::vector<Participant>& took_part);

}  // namespace triad::report::detail
