// The SQLite schema of a store and its migrations. Internal to core.
#pragma once

#include <string_view>

#include "database.h"

namespace triad::core::detail {

// The schema version this build writes (PRAGMA user_version).
int current_schema_version();
// Brings a store at an older version up to current_schema_version() in one transaction.
// Only when `creating` is a new, empty file initialised; opening an empty or foreign file is
// kCorrupt and leaves it untouched. kFailedPrecondition for a newer store, untouched.
Status migrate(Database& db, bool creating);

// Whether the store is a hub's: it has the hub tables (device, hub, login_code).
Result<bool> has_hub_tables(Database& db);
// Makes a store a hub's: creates the hub tables, with `alliance` as the hub's alliance. Run it in
// the caller's transaction; fails (kStoreError) when the tables are there already.
Status create_hub_tables(Database& db, std::string_view alliance);

}  // namespace triad::core::detail
