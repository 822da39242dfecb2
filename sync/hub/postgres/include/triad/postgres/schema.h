// The PostgreSQL store's schema (specified in schema.cpp and nowhere else) and its migrations:
// versioned steps that are only ever appended, applied in order, the version kept in the table
// meta. Called by whatever opens the store (the hub, its init command, tests). Thread-safe as free
// functions; each call uses its connection from the calling thread only.
#pragma once

#include "triad/core/status.h"
#include "triad/postgres/connection.h"

namespace triad::postgres {

// The schema version this build writes: the number of migration steps it knows.
int schema_version();

// The hub tables (device, hub, login_code), made when the store becomes a hub's.
const char* hub_tables_sql();

// The database's schema version: 0 when it holds no Triad schema yet (no table meta).
core::Result<int> stored_schema_version(Connection& connection);

// Brings the database's schema to schema_version(): every missing step in one transaction, so a
// failure leaves the database as it was. Several hub processes may start on one database at once:
// they take turns (an advisory lock), and the schema is migrated once. Returns kFailedPrecondition,
// changing nothing, for a database at a newer version than this build's (update triad-hub first)
// and for one that holds other tables but no Triad schema (not Triad's database).
core::Status migrate(Connection& connection);

}  // namespace triad::postgres
