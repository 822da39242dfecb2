// The PostgreSQL engine of a hub's store (triad/core/sql_engine.h): core::Store's rules, edits and
// change sequence run on one PostgreSQL database that several triad-hub processes share.
//
// Change numbers: a write transaction, at the start of its first edit (lock_for_edit, before the
// edit reads what it changes), takes one transaction-level advisory lock that every hub process
// on the database shares, and holds it to its COMMIT; the store reads its next change number
// inside it (the highest seq + 1). So edits take turns, and the classic
// trap of numbers from a SEQUENCE (a transaction that took 7 commits after one that took 8, and a
// device that read up to 8 never sees 7) cannot happen: PostgreSQL makes a commit visible before
// it releases the committing transaction's locks, so when a writer is given the lock every smaller
// number is visible to every later statement. A reader (a pull) needs no lock: in READ COMMITTED
// each statement sees every transaction committed before it began, and a transaction still open
// holds numbers above every committed one. The cost: writes are serialised across processes for
// the rest of each transaction from its first edit, which the hub's group commit amortises (one
// transaction for the applies of many sessions). What a transaction reads before its first edit
// (a pull's changes, a session's token) is read beside the other processes' writes; every row
// is written, and every record read to be merged, under the lock, so no update is lost and no
// two processes wait on each other's rows. Sessions, TLS and frame handling run in parallel in
// each process.
//
// Not thread-safe: one engine (one connection) per thread.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "triad/core/sql_engine.h"
#include "triad/postgres/connection.h"

namespace triad::postgres {

class PostgresEngine final : public core::SqlEngine {
 public:
  // Connects with a libpq connection string or URL (connection.h: passwords never in it).
  static core::Result<std::unique_ptr<PostgresEngine>> open(const std::string& conninfo);
  ~PostgresEngine() override;

  std::string describe() const override;
  core::Status exec(std::string_view sql) override;
  core::Result<core::SqlQuery*> prepare(const std::string& sql) override;
  int64_t last_changes() const override;
  // INSERT, UPDATE and DELETE (without RETURNING), SAVEPOINT and RELEASE are sent ahead
  // (Connection::send); the store finishes them at the end of each edit.
  core::Status finish_statements() override;
  core::Status begin_write() override;
  core::Status lock_for_edit() override;
  bool autocommit() const override { return !connection_->in_transaction(); }
  core::Status set_durable_commits(bool durable) override;
  core::Status migrate(bool creating) override;
  core::Result<bool> has_hub_tables() override;
  core::Status create_hub_tables(std::string_view alliance) override;
  // PostgreSQL keeps a deleted row's old version until VACUUM reclaims it (and in its WAL until a
  // checkpoint recycles it): nothing here can remove it at once. See the README's Design section.
  bool scrub_after_purge() override { return true; }  // README: VACUUM's affair
  core::Status check_integrity() override;
  core::Status backup_to(const std::string& path) override;

  Connection& connection() { return *connection_; }
  void note_changes(int64_t n) {
    last_changes_ = n;
    changes_sent_ = false;
  }
  void note_changes_sent() { changes_sent_ = true; }

 private:
  explicit PostgresEngine(std::unique_ptr<Connection> connection)
      : connection_(std::move(connection)) {}

  std::unique_ptr<Connection> connection_;
  std::map<std::string, std::unique_ptr<core::SqlQuery>, std::less<>> cache_;
  bool numbers_locked_ = false;  // the open transaction holds the write lock
  mutable int64_t last_changes_ = 0;
  mutable bool changes_sent_ = false;  // the last statement was sent ahead: ask when wanted
};

// The store's SQL (SQLite's parameters ?N and ?) in PostgreSQL's ($N), string literals untouched.
std::string postgres_sql(std::string_view sqlite_sql);

}  // namespace triad::postgres
