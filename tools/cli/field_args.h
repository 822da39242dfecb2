// Parsing of the `key=value`, `key+=element` and `key-=element` arguments of `triad add` and
// `triad set` into field edits. Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "triad/core/edit.h"
#include "triad/core/schema.h"
#include "triad/core/status.h"

namespace triad::cli {

// `type` (may be null for an unknown type) lets `tags=a,b` on a set field mean the elements a
// and b. kInvalidArgument names the argument that has the wrong shape.
core::Result<core::FieldEdits> parse_field_args(const std::vector<std::string>& args,
                                                const core::TypeSpec* type);

}  // namespace triad::cli
