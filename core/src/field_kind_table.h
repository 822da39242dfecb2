// The field kinds as a table of behaviours: one entry per kind this version knows (register,
// text, set) and one for every kind it does not know. Everything that differs between kinds
// lives in the entry, so a kind is added in one place: its number in schema.h and its entry in
// field_kind_table.cpp. merge_field (merge.h), the record codec (record_codec.h), the store's
// handling of a peer's state and of a person's edits, and show_field (field_kind.h) all go
// through it. Internal to core. Thread-safe: the table is immutable and its functions pure.
//
// A kind this version does not know: its field is a list of versions (value: opaque bytes, stamp,
// seen vector), merged by the text rule, which every version of Triad shares for such kinds:
// a version is dropped once a later version has seen it, every other version is kept. That is a
// join (commutative, associative, idempotent) whatever the bytes mean, so replicas that do and
// do not know the kind converge on the same versions; it keeps every version no write has
// superseded, so a replica that does not know the kind loses nothing a newer replica wrote, and
// a newer replica that receives the field back reads it exactly as its writers left it. (A
// single opaque state merged by "the higher stamp wins" would not do: an older hub would keep
// one of two concurrent states, and a newer replica's join of both, whose stamp is no higher,
// could lose to it at the hub for ever.) A newer kind must therefore keep this shape on the
// wire and in a record's body, merge by this rule where it is known too, and write as text does: a
// new version has seen every version its replica holds (its seen vector takes in theirs), so "seen"
// means what it says transitively. What its versions' bytes mean, and how its value reads from
// several concurrent versions (a text-sequence kind would join them), is its own.
#pragma once

#include <string>
#include <string_view>

#include "triad/core/edit.h"
#include "triad/core/field_kind.h"
#include "triad/core/status.h"
#include "varint.h"

namespace triad::core::detail {

struct FieldKindRules {
  FieldKind kind;         // the unknown entry's kind is 0: it stands for every other number
  std::string_view name;  // "register", "text", "set", "unknown"
  bool known;

  // Joins two states of a field of this kind (both of this kind).
  FieldState (*merge)(const FieldState& a, const FieldState& b);
  // Puts a peer's state in the form merge expects: sorted, de-duplicated, holding only what the
  // kind has (a corrupt peer's register with set dots would make merging order-dependent).
  void (*canonicalise)(FieldState& field);
  // The field's payload in a record's body (record_codec.h), after its name and kind byte.
  void (*encode)(std::string& out, const FieldState& field);
  bool (*decode)(Reader& in, FieldState& field);
  // Whether a person may make `op` with `value` to field `field` of a record of type `type`;
  // kInvalidArgument or kFailedPrecondition with a message naming the field says why not.
  Status (*check_edit)(FieldKind kind, std::string_view type, std::string_view field,
                       FieldEdit::Op op, std::string_view value);
  ShownField (*show)(const FieldState& field);
};

// The entry of `kind`; the unknown entry for a kind this version does not know.
const FieldKindRules& rules_for(FieldKind kind);

}  // namespace triad::core::detail
