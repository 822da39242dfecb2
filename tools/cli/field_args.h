// Parsing of the `key=value`, `key+=element` and `key-=element` arguments of `triad add` and
// `triad set` into field edits. A value `@FILE` is the content of FILE and `@-` that of standard
// input (one final line break dropped, as editors add one); `@@...` is a value starting with a
// literal `@`. Not thread-safe: reads files and standard input.
#pragma once

#include <string>
#include <vector>

#include "triad/core/edit.h"
#include "triad/core/schema.h"
#include "triad/core/status.h"

namespace triad::cli {

// `type` (may be null for an unknown type) lets `tags=a,b` on a set field mean the elements a
// and b. kInvalidArgument names the argument that has the wrong shape (or a second @-);
// kFailedPrecondition says why a file given with @ could not be read.
// One value as typed after `key_op` ("notes=", "tags+=", "--value "): itself, or read from the
// file or standard input it names with @ (`stdin_used` makes a second @- an error).
core::Result<std::string> read_value(const std::string& key_op, const std::string& value,
                                     bool& stdin_used);

core::Result<core::FieldEdits> parse_field_args(const std::vector<std::string>& args,
                                                const core::TypeSpec* type);

}  // namespace triad::cli
