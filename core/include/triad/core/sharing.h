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

#include <string>
#include <string_view>
#include <vector>

#include "triad/core/record.h"

namespace triad::core {

// The person (and school) on whose behalf a replica receives records. A lower hub syncing up to
// a regional hub is a viewer of alliance-scope records only.
struct Viewer {
  RecordId school;
  RecordId person;
  bool alliance_only = false;
};

// The people a record names: its author and every person-valued field, register or set.
std::vector<RecordId> participants(const RecordState& record);

// Whether `viewer` may receive `record`. `parent` is the record's parent when it is a child record
// and the sender holds the parent (nullptr otherwise).
bool may_see(const Viewer& viewer, const RecordState& record, const RecordState* parent);

// The audience of a record: the keys under which a replica indexes it, so that a pull reads only
// the changes its viewer may see (a hub serving thousands of devices reads, per pull, what that
// device may see since its checkpoint, not every change since). A superset of may_see: when
// may_see(viewer, record, parent) holds, audience(record, parent) and audience_of(viewer) share a
// key; the reverse need not hold (changes() checks may_see on what the index gives). A key is the
// byte string kEveryone, or a tag ('s' school, 'p' person) and a 16-byte record id. A child's
// audience includes its parent's people, so when a parent's audience changes its children are
// written again (their index entries with them).
inline constexpr std::string_view kEveryone = "*";
std::vector<std::string> audience(const RecordState& record, const RecordState* parent);
// The keys a viewer reads: everyone's, its school's and its person's (only everyone's for an
// alliance-only viewer). Always three keys, the first kEveryone (repeated for an alliance-only
// viewer), so a query has a fixed shape.
std::vector<std::string> audience_of(const Viewer& viewer);

// Whether a change to a record sent by `writer` may be accepted: a hub asks this of each record a
// device pushes, and a device of each edit before writing it (Store refuses locally what the hub
// would refuse, so the two cannot disagree). A private record is never accepted from a device: it
// stays on its author's devices. `existing` is the record as the receiver holds it (nullptr if
// new), `parent` its parent if any. Rules: a new record must be created as the writer's own
// person at its own school, and roster entries (schools, people) only for the writer's own school;
// an existing record may be changed by its participants and by its owner school's staff, never by
// others, and its header (type, owner, author, parent) never changes; nobody deletes from the
// roster but the hub's admin. An alliance-only writer (a lower hub) may write alliance-scope
// records and tombstones only. kFailedPrecondition says why not.
Status may_write(const Viewer& writer, const RecordState* existing, const RecordState& incoming,
                 const RecordState* parent);

}  // namespace triad::core
