// The record types Triad knows, declared once in one table (schema_table.cpp).
//
// Adding a record type or a field is one edit to that table. The table drives validation of local
// edits, the CLI's help and listings, exports and the sharing rules. Records and fields that are
// not in the table (written by a newer version) are stored and passed on unchanged; only local
// edits are validated against it. Thread-safe: the table is immutable.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "triad/core/status.h"

namespace triad::core {

// How a field merges. Persistent and wire value: never renumber. What each kind does is the table
// of field_kind.h; a field may hold any number 1-255, a kind of a later version this one keeps
// and passes on without knowing it.
enum class FieldKind : uint8_t {
  kRegister = 1,     // scalar, last writer wins by (HLC, site)
  kText = 2,         // long text, last writer wins, concurrent overwritten values kept as conflicts
  kSet = 3,          // add-wins observed-remove set of strings
  kMergingText = 4,  // long text whose concurrent edits merge character by character
};

// What a field's values mean, for validation and display.
enum class ValueType : uint8_t {
  kText,       // a line of text
  kLongText,   // notes, plans, reviews (kind kText)
  kNumber,     // integer or decimal, written plainly: 3, -1, 2.5 (no exponent, no leading +)
  kDate,       // YYYY-MM-DD
  kChoice,     // one of FieldSpec::choices
  kPerson,     // id of a person record
  kSchool,     // id of a school record
  kRecord,     // id of a record of type FieldSpec::ref_type
  kPupilCode,  // a school's pseudonymous pupil code such as Y4-07, never a name; kept in upper case
};

// Who may see a record; ordered from narrowest to widest. Persistent value: never renumber.
enum class Scope : uint8_t { kPrivate = 0, kParticipants = 1, kSchool = 2, kAlliance = 3 };

const char* to_string(Scope scope);
Result<Scope> parse_scope(std::string_view text);

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  ValueType type;
  bool required = false;
  std::span<const std::string_view> choices = {};  // kChoice, or elements of a kSet of kChoice
  std::string_view ref_type = {};                  // kRecord: the referenced record type
  std::string_view help = {};
};

struct TypeSpec {
  std::string_view name;   // e.g. "observation"
  std::string_view title;  // e.g. "Lesson observation"
  Scope default_scope;
  std::string_view parent_field;  // child records: the field naming the parent (immutable)
  std::string_view label_field;   // the field that names a record in lists and references
  std::span<const FieldSpec> fields;

  const FieldSpec* field(std::string_view field_name) const;
};

// All known types, in display order.
std::span<const TypeSpec> record_types();
// The type named `name`, or nullptr when this version does not know it.
const TypeSpec* find_type(std::string_view name);

}  // namespace triad::core
