// The state of one record as every replica stores and exchanges it: a header, a scope, an
// optional delete tombstone and named fields, each field carrying the clocks its merge rule needs.
//
// This is plain data; merge.h combines two states, store.h persists them, and the sync layer
// converts them to and from protobuf. Thread-safe: values only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "triad/core/clock.h"
#include "triad/core/record_id.h"
#include "triad/core/schema.h"

namespace triad::core {

// For each site, the highest stamp of that site a writer had seen for this field when it wrote.
// Sorted by site, one entry per site. Used by text fields to tell concurrent edits from ones
// made with knowledge of the other.
using SeenVector = std::vector<std::pair<SiteId, uint64_t>>;

// One value of a register or text field. Registers hold exactly one version. Text fields hold the
// winning version first and then any concurrent versions it overwrote (the visible conflicts).
struct FieldVersion {
  std::string value;  // "" means the field was cleared
  Stamp stamp;
  SeenVector seen;  // text fields only; includes the version's own stamp

  bool operator==(const FieldVersion&) const = default;
};

// One add of an element to a set. The element is present while any of its adds is not removed.
struct SetDot {
  std::string element;
  Stamp added;
  bool removed = false;

  bool operator==(const SetDot&) const = default;
};

struct FieldState {
  FieldKind kind = FieldKind::kRegister;
  std::vector<FieldVersion> versions;  // kRegister, kText: sorted by stamp, newest first
  std::vector<SetDot> dots;            // kSet: sorted by (element, added)

  // The current value of a register or text field ("" when cleared); a merging text field's is
  // the join of its versions.
  std::string value() const;
  // The live elements of a set field, sorted, without duplicates.
  std::vector<std::string> elements() const;
  // Whether a text field holds concurrent versions a person should choose between: for a merging
  // text field, texts carried over from before it merged that no merging write has seen.
  bool has_conflict() const;

  bool operator==(const FieldState&) const = default;
};

// Set once when a record is created; identical on every replica.
struct RecordHeader {
  RecordId id;
  std::string type;
  RecordId parent;  // nil unless the type is a child record type
  RecordId school;  // owner school
  RecordId author;  // person who created it
  Stamp created;

  bool operator==(const RecordHeader&) const = default;
};

struct RecordState {
  RecordHeader header;
  Scope scope = Scope::kPrivate;  // merges by taking the widest
  std::optional<Stamp> deleted;   // set once deleted; fields are then empty
  std::map<std::string, FieldState> fields;

  bool is_deleted() const { return deleted.has_value(); }
  const FieldState* field(const std::string& name) const;
  // The highest HLC value anywhere in the state, for the clock-ahead check.
  uint64_t max_hlc() const;

  bool operator==(const RecordState&) const = default;
};

}  // namespace triad::core
