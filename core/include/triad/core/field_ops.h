// Local writes to one field's state, as pure functions: what a person's edit does to the CRDT
// state before it is stored. The store applies them inside its transactions; property tests and
// the simulator call them directly. Thread-safe: pure functions.
#pragma once

#include <string>

#include "triad/core/record.h"

namespace triad::core {

// Writes a register or text value at `stamp`. A text version records that its writer has seen
// every version the field held, so the conflicts it replaces end everywhere it arrives.
void assign_value(FieldState& field, FieldKind kind, const std::string& value, Stamp stamp);
// Adds `element` to a set with a new add dot (this replica's older adds of it are superseded).
void add_element(FieldState& field, const std::string& element, Stamp stamp);
// Removes every add of `element` this replica has seen; false if it was not present.
bool remove_element(FieldState& field, const std::string& element);

}  // namespace triad::core
