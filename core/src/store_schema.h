// The SQLite schema of a store and its migrations. Internal to core.
#pragma once

#include "database.h"

namespace triad::core::detail {

// The schema version this build writes (PRAGMA user_version).
int current_schema_version();
// Brings a store at an older version up to current_schema_version() in one transaction.
// A store with no version is initialised. kFailedPrecondition for a newer store, untouched.
Status migrate(Database& db);
// Applies only the first `version` migrations: for tests that build an old store.
Status migrate_to(Database& db, int version);

}  // namespace triad::core::detail
