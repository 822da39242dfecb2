// Records in and out of the C API as JSON (include/triad.h states the forms): the fields object a
// caller gives, turned into the field edits the store validates, and conflicts and refusals
// turned into JSON. Internal to libtriad; values only, thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "triad/core/edit.h"
#include "triad/core/local_records.h"
#include "triad/core/schema.h"
#include "triad/core/status.h"

namespace triad::capi {

// Parses `text` as a JSON object; kInvalidArgument naming `what` and where the text is wrong.
core::Result<nlohmann::json> parse_object(const char* text, const std::string& what);

// {"field": "value", "set_field": ["a", "b"], "cleared": ""} as edits: a string (or null, which
// clears) assigns; an array of strings is a set's whole contents (one assign per element, one
// empty assign for []). kInvalidArgument for any other value, naming the field.
core::Result<core::FieldEdits> field_edits(const nlohmann::json& fields);

// [{"record", "type", "field", "versions": [{"value", "written_at_ms", "device", "who", "kept"}]}]
// `writers`: device_writers.h's names by site ("who" is "" for a site no person record lists).
nlohmann::json conflicts_json(const std::vector<core::Conflict>& conflicts,
                              const std::map<core::SiteId, std::string>& writers);
// [{"record", "reason", "at_ms", "discarding"}]
nlohmann::json refusals_json(const std::vector<core::Refusal>& refusals);

}  // namespace triad::capi
