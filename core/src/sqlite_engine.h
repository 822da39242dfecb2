// The SQLite engine of a store (triad/core/sql_engine.h): one file per replica, WAL mode,
// secure_delete, a statement cache, and every SQLite result code turned into a Status here, in
// one place. Internal to core; only this file's .cpp and store_schema.cpp include <sqlite3.h>.
// Not thread-safe: one engine per thread.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "triad/core/sql_engine.h"

struct sqlite3;
struct sqlite3_stmt;

namespace triad::core::detail {

class SqliteEngine final : public SqlEngine {
 public:
  // Opens the store file at `path` (":memory:" for one that lives only in this process); with
  // `create`, makes a new private file (mode 0600, folders 0700) first.
  static Result<std::unique_ptr<SqliteEngine>> open(const std::string& path, bool create,
                                                    int busy_timeout_ms);
  ~SqliteEngine() override;

  std::string describe() const override { return "the store at " + path_; }
  Status exec(std::string_view sql) override;
  Result<SqlQuery*> prepare(const std::string& sql) override;
  int64_t last_changes() const override;
  Status begin_write() override { return exec("BEGIN IMMEDIATE"); }
  bool autocommit() const override;
  Status set_durable_commits(bool durable) override;
  Status migrate(bool creating) override;
  Result<bool> has_hub_tables() override;
  Status create_hub_tables(std::string_view alliance) override;
  bool scrub_after_purge() override;
  Status check_integrity() override;
  Status backup_to(const std::string& path) override;

  // Maps a SQLite result code to a Status, with what we were doing and SQLite's own message.
  Status error(int rc, std::string_view doing) const;

 private:
  SqliteEngine(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  Status configure();

  std::string path_;
  sqlite3* db_;
  std::map<std::string, std::unique_ptr<SqlQuery>, std::less<>> cache_;
};

}  // namespace triad::core::detail
