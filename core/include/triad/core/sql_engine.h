// The SQL engine under a Store. Store keeps its rules (edits, merges, the change sequence, the
// audience index, checkpoints) as SQL that SQLite and PostgreSQL both accept, so one set of rules
// runs on either: core implements the engine for SQLite (a file per replica); the hub's
// PostgreSQL engine lives in sync/hub/postgres, so core knows nothing of PostgreSQL.
//
// The SQL Store sends: parameters as ?N (or ? in order), upserts as ON CONFLICT, values bound as
// 64-bit integers, text or bytes; no engine's own functions. An engine translates what it must
// (PostgreSQL's $N) and reads a column the way Store asks for it (an integer kept as text, a
// boolean as 0 or 1). Each engine keeps its own schema, the same tables and columns, with its own
// migrations (SQLite: core/src/store_schema.cpp; PostgreSQL: sync/hub/postgres/).
//
// Writers: begin_write() starts a transaction that holds the engine's write lock until it ends,
// so change numbers (the highest seq + 1, read inside it) are given out one writer at a time, and
// a number is never visible before a smaller one: SQLite's BEGIN IMMEDIATE; on PostgreSQL a lock
// that several hub processes share. Not thread-safe: one engine per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "triad/core/status.h"

namespace triad::core {

// One prepared statement, owned and cached by its engine.
class SqlQuery {
 public:
  virtual ~SqlQuery() = default;
  virtual void bind_int64(int index, int64_t value) = 0;  // indexes from 1
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_blob(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
  // Runs the statement on the first call, then moves to the next row: true while a row is there.
  virtual Result<bool> step() = 0;
  // Columns of the current row, from 0. A blob's bytes stay valid until the next step or reset.
  virtual int64_t int64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual std::string_view blob(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  // Ready to bind and run again, with no bindings.
  virtual void reset() = 0;
};

// See SqlEngine::prepare.
inline constexpr std::string_view kPlanWithValues = "/* plan with values */ ";

class SqlEngine {
 public:
  virtual ~SqlEngine() = default;

  // What the store is, for messages: "the store at PATH", "the PostgreSQL database NAME".
  virtual std::string describe() const = 0;

  // ---- Statements ---------------------------------------------------------------------------
  // Runs statements that return no rows (several, separated by ';', where the engine allows).
  virtual Status exec(std::string_view sql) = 0;
  // A prepared statement for `sql`, cached: the same pointer for the same text. A read whose best
  // plan depends on how large the tables have grown (an IN list or an OR read through an index,
  // or the whole table while it is small) begins with kPlanWithValues: an engine that keeps one
  // plan per statement plans it anew at each run instead.
  virtual Result<SqlQuery*> prepare(const std::string& sql) = 0;
  // Rows changed by the last statement.
  virtual int64_t last_changes() const = 0;
  // An engine may send a statement that returns no rows ahead, without waiting for its answer (a
  // server engine saves a round trip each); a failure then shows on a later call. This waits for
  // every statement sent and returns the first failure among them, so an edit can be undone alone
  // (ROLLBACK TO its savepoint) before it is kept.
  virtual Status finish_statements() { return Status::ok(); }

  // ---- Transactions ---------------------------------------------------------------------------
  // Begins a write transaction holding the write lock (see the top of this file). COMMIT,
  // ROLLBACK, SAVEPOINT, RELEASE and ROLLBACK TO go through exec().
  virtual Status begin_write() = 0;
  // Called at the start of every edit (Store::write), inside a write transaction, before the edit
  // reads what it will change. An engine whose write transactions do not already exclude each
  // other (several processes on one server) takes its write lock here, held to the end of the
  // transaction; until then the transaction's reads (a pull) run beside other processes' writes.
  virtual Status lock_for_edit() { return Status::ok(); }
  // True when no transaction is open (an engine may end one by itself after an error).
  virtual bool autocommit() const = 0;
  // Whether a commit waits until it is durable (true) or may be lost in a power cut, never
  // half-applied (false), for bookkeeping that is safe to lose.
  virtual Status set_durable_commits(bool durable) = 0;

  // ---- Schema ---------------------------------------------------------------------------------
  // Brings the schema to this build's version (creating it when `creating`); refuses a newer one
  // or a database that is not a Triad store, changing nothing.
  virtual Status migrate(bool creating) = 0;
  // Whether this is a hub's store (it has the hub tables); makes it one, in the open transaction.
  virtual Result<bool> has_hub_tables() = 0;
  virtual Status create_hub_tables(std::string_view alliance) = 0;

  // ---- Privacy and care ------------------------------------------------------------------------
  // After a commit that purged field values: removes what the engine still keeps of them where it
  // can (SQLite: the WAL is checkpointed into a secure_delete file and truncated). False when it
  // could not finish (another connection was reading): the caller tries again later.
  virtual bool scrub_after_purge() = 0;
  // kCorrupt when the engine finds the store damaged.
  virtual Status check_integrity() = 0;
  // A consistent copy of the whole store in a new file at `path`, readable by its owner only;
  // kFailedPrecondition where the engine's own tools do it (PostgreSQL: pg_dump).
  virtual Status backup_to(const std::string& path) = 0;
};

}  // namespace triad::core
