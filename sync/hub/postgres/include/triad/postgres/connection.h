// A connection to PostgreSQL through libpq: parameterised statements whose values travel in binary
// (a bytea's bytes and a bigint exactly as given, never spliced into the SQL text), results read in
// binary, and every PostgreSQL error turned into a core::Status in one place (postgres_error.cpp),
// with what we were doing and PostgreSQL's own message. The base of the hub's PostgreSQL storage
// (sync/hub/postgres): transaction.h, schema.h and change_counter.h build on it.
// Not thread-safe: one Connection per thread (libpq's own rule for a connection).
//
// Passwords never need to be on a command line, nor in the connection string. A connection string
// is libpq's, either "host=db.school.example dbname=triad user=hub" or a URL
// "postgresql://hub@db.school.example/triad", and libpq finds the password by itself:
//   - in ~/.pgpass, or the file PGPASSFILE names (lines host:port:database:user:password; libpq
//     ignores the file unless only its owner may read it, mode 0600);
//   - through a service file: "service=triad" in the connection string reads the [triad] section
//     of ~/.pg_service.conf (or the file PGSERVICEFILE names), which may hold host, port, dbname,
//     user and passfile, so the hub's own configuration names only the service;
//   - or none is needed: peer authentication over a Unix socket (the hub's system user is the
//     database user), or a client certificate (sslcert, sslkey, sslrootcert).
// has_password() lets a command refuse a connection string that holds one anyway.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "triad/core/status.h"

struct pg_conn;
struct pg_result;

namespace triad::postgres {

// PostgreSQL's type oids (catalog/pg_type.h, stable across versions) of the types sent and read
// in binary here: what Rows::type() returns.
inline constexpr unsigned kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21,
                          kInt4Oid = 23, kTextOid = 25, kVarcharOid = 1043;

// The values of a statement's parameters $1, $2, ... in order. Each value is copied.
class Params {
 public:
  Params& int64(int64_t value);
  // UTF-8 text (PostgreSQL refuses bytes that are not valid UTF-8).
  Params& text(std::string_view value);
  // Any bytes, NULs included.
  Params& bytea(std::string_view bytes);
  // SQL NULL; its type is inferred from where $n is used.
  Params& null();
  int size() const { return static_cast<int>(values_.size()); }

 private:
  friend class Connection;
  Params& add(unsigned type, std::string bytes, bool is_null);
  std::vector<unsigned> types_;
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
};

// The rows a statement returned, in binary. Owns libpq's result; move-only.
class Rows {
 public:
  explicit Rows(pg_result* result) : result_(result) {}
  ~Rows();
  Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Rows& operator=(Rows&& other) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  int size() const;
  int columns() const;
  bool is_null(int row, int column) const;
  // A bigint, integer or smallint column (asserted); 0 for NULL.
  int64_t int64(int row, int column) const;
  // A boolean column (asserted); false for NULL.
  bool boolean(int row, int column) const;
  // The bytes of a bytea, text or varchar column as stored; valid while this Rows lives.
  std::string_view bytes(int row, int column) const;
  // The PostgreSQL type (its oid) of a column: 20 bigint, 23 integer, 16 boolean, 25 text, 17
  // bytea.
  unsigned type(int column) const;
  // How many rows an INSERT, UPDATE or DELETE changed.
  int64_t changed() const;

 private:
  friend class Connection;
  pg_result* result_;
};

class Connection {
 public:
  // Connects with a libpq connection string or URL (see the top of this file). Errors name the
  // server and database and carry libpq's message, never the connection string: kUnauthenticated
  // when a password is asked for and none was found or it was refused, kUnavailable otherwise.
  static core::Result<std::unique_ptr<Connection>> open(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with `params` as $1, $2, ... and returns its rows. `doing` says what for
  // ("reserving change numbers") and begins the message of an error; see postgres_error.h for
  // which code an error gets.
  core::Result<Rows> query(std::string_view doing, const std::string& sql,
                           const Params& params = {});
  // As query, for a statement this connection runs again and again: PostgreSQL parses it once
  // (a prepared statement of this session, made on first use for each set of parameter types) and
  // plans it once when a generic plan costs no more than planning each time. Prepared statements
  // outlive transactions, rolled back or not, and end with the connection.
  core::Result<Rows> query_prepared(std::string_view doing, const std::string& sql,
                                    const Params& params = {});
  // Sends a statement whose rows are not wanted (prepared as query_prepared does) without waiting
  // for its answer: libpq's pipeline mode, so a run of INSERTs costs one round trip, not one
  // each. The server runs what was sent in order, before anything sent after it. Every other call
  // here first reads the answers (finish_sent), and returns the first failure among them instead
  // of running its own statement; a ROLLBACK still runs. A failed statement aborts the
  // transaction, as it would have unpipelined.
  core::Status send(std::string_view doing, const std::string& sql, const Params& params = {});
  // Waits for the answers of everything sent; the first failure among them, with its `doing`.
  core::Status finish_sent();
  // Rows changed by the last statement sent (after finish_sent).
  int64_t last_sent_changed() const { return last_sent_changed_; }
  // As query, for a statement whose rows are not wanted.
  core::Status exec(std::string_view doing, const std::string& sql, const Params& params = {});
  // Runs several statements separated by ';', with no parameters (a migration step).
  core::Status exec_script(std::string_view doing, const std::string& sql);

  // True inside a transaction block (BEGIN without its COMMIT or ROLLBACK yet), failed or not.
  // Both read the answers of statements sent first.
  bool in_transaction();
  // True when a statement of the open transaction failed: PostgreSQL then refuses everything up
  // to ROLLBACK, and answers COMMIT by rolling back.
  bool transaction_failed();
  // "database D as user U on H:P", for messages (no password, no connection string).
  std::string where() const;
  // PostgreSQL's backend process id of this connection (pg_stat_activity.pid).
  int backend_pid() const;

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  core::Result<Rows> run(std::string_view doing, const std::string& sql, const Params& params);
  core::Result<Rows> checked(std::string_view doing, pg_result* result);
  // The name of the prepared statement for `sql` with `params`' types; prepares it first (sent
  // ahead when `pipelined`). Empty when too many are prepared: run it unprepared.
  core::Result<std::string> prepared_name(std::string_view doing, const std::string& sql,
                                          const Params& params, bool pipelined);
  pg_conn* conn_;
  // Prepared statements by SQL and parameter types: their names ("triad_1", ...).
  std::unordered_map<std::string, std::string> prepared_;
  struct Sent {
    std::string doing;
    std::string prepared_key;  // set for a statement being prepared: forgotten if that fails
  };
  std::vector<Sent> sent_;  // in pipeline mode, answers not read yet
  int64_t last_sent_changed_ = 0;
};

// True when a connection string or URL holds a password (so a command can refuse it: see the top
// of this file for where passwords go instead). False for one libpq cannot parse.
bool has_password(const std::string& conninfo);

}  // namespace triad::postgres
