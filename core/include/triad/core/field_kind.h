// Field kinds as the rest of Triad asks about them: whether this version knows a kind, and how a
// field reads to a person.
//
// What each kind does (merge two states, encode its payload, check an edit, show a value) is one
// table, core/src/field_kind_table.cpp, one entry per kind: a new kind is added there (and its
// number in schema.h). A field of a kind this version does not know, written by a newer Triad,
// is a list of versions whose values are opaque bytes; it is stored, merged by the rule every
// version shares (the text rule of merge.h) and passed on unchanged, shown as kUnknownKindText,
// and never edited here. The CLI, the desktop app and the exports show fields through
// show_field(). Thread-safe: pure functions over an immutable table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "triad/core/record.h"

namespace triad::core {

// How every part of Triad shows a field of a kind this version does not know.
inline constexpr std::string_view kUnknownKindText =
    "unknown (a kind of field from a newer version of Triad, kept and passed on unchanged)";

// Whether this version knows `kind` (can show, validate and edit fields of it).
bool is_known_kind(FieldKind kind);

// A field as a person reads it.
struct ShownField {
  bool known = true;                // false: a kind this version does not know; values is empty
  bool is_list = false;             // true for a set: values are its live elements, sorted
  std::vector<std::string> values;  // a register's or text's value ("" when cleared)
};
ShownField show_field(const FieldState& field);

// A text field's versions as a person reads them: the current text first, then the concurrent
// versions it overwrote (its conflicts), each with the stamp of its write. A merging text field's
// current text is the join of its versions; its conflicts are texts written before it merged
// that no later write has seen. Other kinds: their versions as they are.
std::vector<FieldVersion> readable_versions(const FieldState& field);

}  // namespace triad::core
