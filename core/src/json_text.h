// Minimal JSON text output for core's exports (core depends on SQLite only). Internal.
#pragma once

#include <string>
#include <string_view>

namespace triad::core::detail {

// Appends `s` as a JSON string literal, escaping quotes, backslashes and control characters.
void append_json_string(std::string& out, std::string_view s);

}  // namespace triad::core::detail
