// The SQLite schema of a store and its migrations. Internal to core.
#pragma once

#include "database.h"

namespace triad::core::detail {

// The schema version this build writes (PRAGMA user_version).
int current_schema_version();
// Brings a store at an older version up to current_schema_version() in one transaction.
// Only when `creating` is a new, empty file initialised; opening an empty or foreign file is
// kCorrupt and leaves it untouched. kFailedPrecondition for a newer store, untouched.
Status migrate(Database& db, bool creating);

}  // namespace triad::core::detail
