// How PostgreSQL's failures become core::Status values, in one place, so every caller of the
// hub's PostgreSQL storage gets the same codes: a lost connection or a server shutting down is
// kUnavailable (try again later); a serialization failure or deadlock is kStoreError (retry the
// transaction); too many connections is kBusy; a refused login kUnauthenticated; bad data
// (SQLSTATE class 22) kInvalidArgument; a broken constraint (class 23) kFailedPrecondition; the
// rest kStoreError. Messages say what we were doing, PostgreSQL's message, its SQLSTATE and which
// database; never the connection string, and never PostgreSQL's DETAIL, which can quote a row's
// values (a duplicate key's) that must not reach a log. Internal to triad_hub_postgres.
#pragma once

#include <string>
#include <string_view>

#include "triad/core/status.h"

struct pg_conn;
struct pg_result;

namespace triad::postgres::detail {

// "database D as user U on HOST:PORT".
std::string where(const pg_conn* conn);

// The Status of a statement that failed; `result` is null when libpq returned none.
core::Status statement_error(const pg_conn* conn, const pg_result* result, std::string_view doing);

// The Status of a connection attempt that failed.
core::Status connection_error(const pg_conn* conn);

}  // namespace triad::postgres::detail
