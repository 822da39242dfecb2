// Exports of a store's live records for people and spreadsheets: canonical JSON (records by id,
// fields and set elements sorted, text conflicts included), so two converged replicas export
// byte-identical JSON; and CSV, one row per record with one column per field of the schema.
// Not thread-safe: reads through the given store.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "triad/core/store.h"

namespace triad::core {

// One record as a JSON object (one line), fields unknown to this version under "unknown_fields".
std::string record_to_json(const RecordState& record);
// `type` "" exports every type. JSON: an array, one record per line.
Result<std::string> export_json(Store& store, std::string_view type);
// CSV (RFC 4180). Columns: id, type, owner_school, author, scope, then the fields of `type` (all
// known fields of every type when `type` is ""); references are shown by name. Cells follow
// csv.h: text a spreadsheet would run as a formula ("=1+2") is written as text ("'=1+2").
Result<std::string> export_csv(Store& store, std::string_view type);

}  // namespace triad::core
