// The merge rules: pure functions from two states of the same record to their join.
//
// Every function here is commutative, associative and idempotent, so replicas that have seen the
// same changes hold the same state whatever the order or repetition of delivery. No I/O; the
// store and the sync layer call these. Thread-safe: pure functions.
//
//   register  last writer wins by (HLC, site)
//   text      multi-value register: versions no other version has seen are all kept; the newest
//             is the value, the others are conflicts until a write that has seen them
//   set       add-wins observed-remove set: union of add dots, a dot removed anywhere is removed
//   merging text  the text rule over versions that each hold a text sequence's state; the field
//             reads as their join, so concurrent edits merge character by character
//             (text_sequence.h); a text field written before it merged is carried over into it
//   a kind this version does not know (from a newer Triad): the text rule over its versions,
//             whose values are opaque bytes (field_kind.h; core/src/field_kind_table.h says why)
//   scope     the widest scope wins (narrowing is refused before it is written)
//   delete    a tombstone wins over every edit; the merged record keeps no field value
#pragma once

#include "triad/core/record.h"

namespace triad::core {

// Joins two states of one field by its kind's rule (core/src/field_kind_table.cpp).
FieldState merge_field(const FieldState& a, const FieldState& b);

// The order of a field's versions: newest stamp first; value and seen break ties (a total order,
// so a corrupt peer cannot make a result depend on arrival order).
bool newer_version_first(const FieldVersion& a, const FieldVersion& b);
// Sorts a seen vector by site and keeps one entry per site, the highest.
void normalise_seen(SeenVector& seen);
// Whether a writer whose (normalised) seen vector is `seen` had seen the write stamped `write`.
bool has_seen(const SeenVector& seen, const Stamp& write);

// Joins two states of one record. Returns kInvalidArgument when the ids differ or when the two
// headers disagree on the record's type (a corrupt or hostile change).
Result<RecordState> merge_record(const RecordState& a, const RecordState& b);

// Drops everything a tombstone must not keep: fields, author and parent.
void purge(RecordState& state);

}  // namespace triad::core
