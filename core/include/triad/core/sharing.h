// Who may see a record: the sharing scopes of DOMAIN.md as one pure rule, used wherever records
// leave a store (a file merge now, the hub's sync later). Thread-safe: pure functions.
//
//   private       the author's own devices
//   participants  the author and every person the record names (observers, members, coach...);
//                 a child record (a coaching note) names the people of its parent
//   school        anyone at the record's owner school, plus its participants
//   alliance      everyone in the alliance
// A tombstone goes to everyone: it carries no field values, and it must reach every copy.
#pragma once

#include <vector>

#include "triad/core/record.h"

namespace triad::core {

// The person (and school) on whose behalf a replica receives records.
struct Viewer {
  RecordId school;
  RecordId person;
};

// The people a record names: its author and every person-valued field, register or set.
std::vector<RecordId> participants(const RecordState& record);

// Whether `viewer` may receive `record`. `parent` is the record's parent when it is a child record
// and the sender holds the parent (nullptr otherwise).
bool may_see(const Viewer& viewer, const RecordState& record, const RecordState* parent);

}  // namespace triad::core
