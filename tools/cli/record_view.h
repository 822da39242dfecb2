// How the CLI shows records, conflicts and status to a person: references by name, sets as
// lists, conflicts flagged. Not thread-safe (reads labels through the store).
#pragma once

#include <string>

#include "triad/core/store.h"

namespace triad::cli {

std::string describe_record(core::Store& store, const core::RecordState& record);
std::string list_line(core::Store& store, const core::RecordState& record);
std::string describe_conflict(core::Store& store, const core::Conflict& conflict);
std::string describe_status(core::Store& store, const core::StoreStatus& status);

}  // namespace triad::cli
