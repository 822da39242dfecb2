// How a field's stored value reads to a person: references (people, schools, parent records)
// by their name or title instead of their id; set elements joined. Used by the CLI's record
// views and by triad-app's lists and forms. Not thread-safe (reads labels through the store).
#pragma once

#include <string>

#include "triad/core/record.h"
#include "triad/core/schema.h"
#include "triad/core/store.h"

namespace triad::client {

// True for fields holding record ids (a person, a school, a record of FieldSpec::ref_type).
bool is_reference(const core::FieldSpec* spec);
// One stored value as shown: a reference's label (its id when the record is unknown), else as is.
std::string display_value(core::Store& store, const core::FieldSpec* spec,
                          const std::string& value);
// A whole field as shown: a register or text field's value, or a set's elements joined by ", ";
// core::kUnknownKindText for a field of a kind this version does not know.
std::string display_field(core::Store& store, const core::FieldSpec* spec,
                          const core::FieldState& field);

}  // namespace triad::client
