// RAII over SQLite: a connection with a statement cache, statements, and transactions that roll
// back unless committed. Every SQLite result code is turned into a Status here, in one place.
// Internal to core; only this file's .cpp and store_schema.cpp include <sqlite3.h>.
// Not thread-safe: one Database per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "triad/core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace triad::core::detail {

class Database;

// A prepared statement borrowed from the connection's cache; reset and unbound when destroyed.
class Statement {
 public:
  Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, uint64_t value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind_text(int index, std::string_view value);
  Statement& bind_blob(int index, std::string_view value);
  Statement& bind_null(int index);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows.
  Status run();

  int64_t int64(int column) const;
  uint64_t uint64(int column) const { return static_cast<uint64_t>(int64(column)); }
  std::string text(int column) const;
  std::string_view blob(int column) const;
  bool is_null(int column) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  enum class Mode { kOpenExisting, kCreateNew };
  static Result<std::unique_ptr<Database>> open(const std::string& path, Mode mode,
                                                int busy_timeout_ms);
  // See StoreOptions::inject_fault.
  void set_fault_injector(std::function<bool()> inject) { inject_ = std::move(inject); }
  bool inject_fault() const { return inject_ && inject_(); }
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  // True when no transaction is open (SQLite may end one by itself after an I/O error).
  bool autocommit() const;
  // A cached prepared statement for `sql`.
  Result<Statement> prepare(const std::string& sql);
  int64_t last_changes() const;
  // Copies the whole database, as of one consistent moment, into a new file at `path` (created
  // readable by its owner only). SQLite's online backup: writers may go on meanwhile.
  Status backup_to(const std::string& path);

  // Maps a SQLite result code to a Status, with what we were doing and SQLite's own message.
  Status error(int rc, std::string_view doing) const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  std::function<bool()> inject_;
};

// BEGIN IMMEDIATE on construction (write lock up front, so no deadlock upgrading later);
// ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> begin(Database& db);
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Database& db) : db_(db) {}
  Database& db_;
  bool done_ = false;
};

}  // namespace triad::core::detail
