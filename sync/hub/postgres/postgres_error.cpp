#include "postgres_error.h"

#include <libpq-fe.h>

#include <string>

namespace triad::postgres::detail {
namespace {

using core::Status;
using core::StatusCode;

// libpq's messages end in a newline and may span lines; one line reads better in a log.
std::string one_line(const char* message) {
  std::string out;
  for (const char* c = message ? message : ""; *c; ++c) out += (*c == '\n') ? ' ' : *c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string field(const pg_result* result, int code) {
  const char* value = result ? PQresultErrorField(result, code) : nullptr;
  return value ? value : "";
}

struct Kind {
  StatusCode code;
  const char* advice;
};

Kind kind_of(const std::string& sqlstate, bool connection_lost) {
  const std::string category = sqlstate.substr(0, 2);
  if (connection_lost || category == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03")
    return {StatusCode::kUnavailable, "PostgreSQL is not reachable now: try again later"};
  if (sqlstate == "40001" || sqlstate == "40P01")
    return {StatusCode::kStoreError,
            "another transaction changed the same rows at the same time: retry the transaction"};
  if (sqlstate == "53300")
    return {StatusCode::kBusy,
            "PostgreSQL has no connection to spare: try again later, or raise its max_connections"};
  if (sqlstate == "53100")
    return {StatusCode::kStoreError, "PostgreSQL's disk is full: free some space and try again"};
  if (category == "28")
    return {StatusCode::kUnauthenticated, "PostgreSQL did not accept the login"};
  if (category == "22") return {StatusCode::kInvalidArgument, nullptr};
  if (category == "23") return {StatusCode::kFailedPrecondition, nullptr};
  return {StatusCode::kStoreError, nullptr};
}

}  // namespace

std::string where(const pg_conn* conn) {
  auto text = [](const char* s) { return std::string(s && *s ? s : "?"); };
  return "database " + text(PQdb(conn)) + " as user " + text(PQuser(conn)) + " on " +
         text(PQhost(conn)) + ":" + text(PQport(conn));
}

Status statement_error(const pg_conn* conn, const pg_result* result, std::string_view doing) {
  const std::string sqlstate = field(result, PG_DIAG_SQLSTATE);
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = one_line(PQerrorMessage(conn));
  const bool lost = PQstatus(conn) == CONNECTION_BAD;
  const Kind kind = kind_of(sqlstate, lost);
  std::string text = std::string(doing) + ": " + message + " (PostgreSQL" +
                     (sqlstate.empty() ? "" : " " + sqlstate) + ", " + where(conn) + ")";
  if (const std::string hint = field(result, PG_DIAG_MESSAGE_HINT); !hint.empty())
    text += "; hint: " + hint;
  if (kind.advice) text += std::string("; ") + kind.advice;
  return Status(kind.code, text);
}

Status connection_error(const pg_conn* conn) {
  const std::string prefix = "connecting to PostgreSQL (" + where(conn) + "): ";
  if (PQconnectionNeedsPassword(conn))
    return Status(StatusCode::kUnauthenticated,
                  prefix +
                      "it asks for a password and none was found. Put it in ~/.pgpass (readable "
                      "by its owner only), in the file PGPASSFILE names, or in the passfile of a "
                      "service (service=NAME), never on a command line");
  return core::unavailable(prefix + one_line(PQerrorMessage(conn)));
}

}  // namespace triad::postgres::detail
