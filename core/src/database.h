// The store's handle on its SQL engine (triad/core/sql_engine.h): statements borrowed from the
// engine's cache and reset when done, transactions that roll back unless committed, and the
// store's fault injection. Internal to core; the SQLite engine is sqlite_engine.h.
// Not thread-safe: one Database per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "triad/core/sql_engine.h"
#include "triad/core/status.h"

namespace triad::core::detail {

class Database;

// A prepared statement borrowed from the engine's cache; reset and unbound when destroyed.
class Statement {
 public:
  Statement(Database& db, SqlQuery* query) : db_(&db), query_(query) {}
  ~Statement() {
    if (query_) query_->reset();
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept : db_(o.db_), query_(o.query_) { o.query_ = nullptr; }

  Statement& bind(int index, int64_t value) {
    query_->bind_int64(index, value);
    return *this;
  }
  Statement& bind(int index, uint64_t value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind_text(int index, std::string_view value) {
    query_->bind_text(index, value);
    return *this;
  }
  // A zero-length blob is still a blob, not NULL.
  Statement& bind_blob(int index, std::string_view value) {
    query_->bind_blob(index, value);
    return *this;
  }
  Statement& bind_null(int index) {
    query_->bind_null(index);
    return *this;
  }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows.
  Status run();

  int64_t int64(int column) const { return query_->int64(column); }
  uint64_t uint64(int column) const { return static_cast<uint64_t>(int64(column)); }
  std::string text(int column) const { return query_->text(column); }
  std::string_view blob(int column) const { return query_->blob(column); }
  bool is_null(int column) const { return query_->is_null(column); }

 private:
  Database* db_;
  SqlQuery* query_;
};

class Database {
 public:
  enum class Mode { kOpenExisting, kCreateNew };
  // An SQLite store file (sqlite_engine.h).
  static Result<std::unique_ptr<Database>> open(const std::string& path, Mode mode,
                                                int busy_timeout_ms);
  explicit Database(std::unique_ptr<SqlEngine> engine)
      : owned_(std::move(engine)), engine_(owned_.get()) {}
  // Borrows `engine`, which must outlive this handle (an engine running its own migrations).
  explicit Database(SqlEngine& engine) : engine_(&engine) {}
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // See StoreOptions::inject_fault.
  void set_fault_injector(std::function<bool()> inject) { inject_ = std::move(inject); }
  bool inject_fault() const { return inject_ && inject_(); }

  SqlEngine& engine() { return *engine_; }
  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  // True when no transaction is open (an engine may end one by itself after an I/O error).
  bool autocommit() const { return engine_->autocommit(); }
  // A cached prepared statement for `sql`.
  Result<Statement> prepare(const std::string& sql);
  int64_t last_changes() const { return engine_->last_changes(); }

 private:
  std::unique_ptr<SqlEngine> owned_;
  SqlEngine* engine_;
  std::function<bool()> inject_;
};

// A write transaction (SqlEngine::begin_write) on construction; ROLLBACK on destruction unless
// commit() succeeded.
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
