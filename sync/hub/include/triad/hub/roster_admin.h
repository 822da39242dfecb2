// What the hub's admin does to the alliance's roster and records, apart from any page or command:
// rename a school, merge two records of one person, find the school a mistyped name meant, and
// erase a record on a teacher's behalf. Each is an ordinary edit of the hub's store, made as the
// hub, so it reaches every device by the next sync like any other change. Not thread-safe: used
// from the thread that owns the hub.
#pragma once

#include <string>
#include <vector>

#include "triad/hub/hub.h"

namespace triad::sync {

// Renames a school. The record keeps its id, so its people, devices and records stay with it, and
// the next enrolment under either name finds it (Store::find_named) instead of making a second
// school. kInvalidArgument for an empty name, kFailedPrecondition when another school has that
// name, kNotFound when `school` is not a live school.
core::Status rename_school(Hub& hub, const core::RecordId& school, const std::string& new_name);

struct PeopleMerge {
  size_t records_changed = 0;  // records whose person fields named the duplicate
};
// Merges `duplicate` into `keep` (two records of one person, say one typed by a device offline):
// every person field of every record that names the duplicate names `keep` instead, and the
// duplicate's roles and devices are added to the kept person's, and the duplicate's record is
// deleted, all in one transaction. kFailedPrecondition while a device is enrolled (and not
// revoked) as the duplicate (its store records as that person, so it is re-enrolled as `keep`
// first), or when the duplicate wrote records (their author, which no edit changes, would be a
// person who no longer exists). kInvalidArgument for one person twice, kNotFound for a record
// that is not a live person. Records of types this version does not know are not changed.
core::Result<PeopleMerge> merge_people(Hub& hub, const core::RecordId& keep,
                                       const core::RecordId& duplicate);

// The live schools whose names are a likely typo of `name` ("Fortismere Shcool" for "Fortismere
// School"): at most a small edit apart, whatever the capitals, or the one name the start of the
// other. Empty when a school has exactly that name, or none is close.
core::Result<std::vector<std::string>> similar_school_names(Hub& hub, const std::string& name);

// Deletes a record (and its child records) on a teacher's behalf: its field values are purged from
// the hub's store, and the delete reaches every device that holds it. Returns what was erased, as
// "<Type title> '<label>'" for the admin's confirmation. kNotFound for an unknown or deleted
// record; schools and people are merged or renamed, not erased here (kFailedPrecondition).
core::Result<std::string> erase_record(Hub& hub, const core::RecordId& record);

}  // namespace triad::sync
