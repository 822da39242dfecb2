// Validation and normalisation of values typed by a person, against the schema table.
// Internal to core; the store runs it before every local edit. Thread-safe: pure functions,
// apart from whatever the given resolver does.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "triad/core/record_id.h"
#include "triad/core/schema.h"
#include "triad/core/status.h"

namespace triad::core::detail {

// Finds the record of `type` that `text` names (id, id prefix, or name/title).
using ReferenceResolver =
    std::function<Result<RecordId>(std::string_view type, std::string_view text)>;

// Returns the value as stored (choices lower-case and hyphenated, references as ids), or
// kInvalidArgument with a message that names the field and says what a valid value looks like.
// An empty value is returned unchanged (it clears a register).
Result<std::string> normalise_value(const TypeSpec& type, const FieldSpec& field,
                                    std::string_view raw, const ReferenceResolver& resolve);

// A school's pseudonymous pupil code: 1-16 letters, digits, '-', '_', '/' or '.', with at least
// one digit and no spaces (Y4-07, 7B/12). Anything else is probably a name.
bool is_pupil_code(std::string_view text);

// The type names as "a, b or c", for messages.
std::string list_choices(std::span<const std::string_view> choices);

}  // namespace triad::core::detail
