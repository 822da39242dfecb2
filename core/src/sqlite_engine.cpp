#include "sqlite_engine.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "database.h"
#include "store_schema.h"
#include "triad/core/private_files.h"

namespace triad::core::detail {
namespace {

class SqliteQuery final : public SqlQuery {
 public:
  SqliteQuery(const SqliteEngine& engine, sqlite3_stmt* stmt) : engine_(engine), stmt_(stmt) {}
  ~SqliteQuery() override { sqlite3_finalize(stmt_); }

  void bind_int64(int index, int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void bind_text(int index, std::string_view value) override {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void bind_blob(int index, std::string_view value) override {
    sqlite3_bind_blob(stmt_, index, value.empty() ? "" : value.data(),
                      static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void bind_null(int index) override { sqlite3_bind_null(stmt_, index); }
  Result<bool> step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return engine_.error(rc, "running a query");
  }
  int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string text(int column) const override {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }
  std::string_view blob(int column) const override {
    const void* p = sqlite3_column_blob(stmt_, column);
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(n))
             : std::string_view();
  }
  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  const SqliteEngine& engine_;
  sqlite3_stmt* stmt_;
};

}  // namespace

Result<std::unique_ptr<SqliteEngine>> SqliteEngine::open(const std::string& path, bool create,
                                                         int busy_timeout_ms) {
  std::error_code ec;
  const bool in_memory = path == ":memory:";
  const bool exists = in_memory || std::filesystem::exists(path, ec);
  if (!create && !exists)
    return not_found("there is no Triad store at " + path +
                     " (create one with: triad init --school NAME)");
  if (create && !in_memory) {
    // Made here, before SQLite opens it, so the store is private from its first byte: mode 0600
    // in folders of mode 0700 (SQLite gives the -wal and -shm files the same mode as the store).
    TRIAD_RETURN_IF_ERROR(make_private_folders(std::filesystem::path(path).parent_path().string()));
    TRIAD_RETURN_IF_ERROR(create_private_file(path));
  }
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteEngine> db(new SqliteEngine(path, raw));
  if (rc != SQLITE_OK) return db->error(rc, "opening " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  return db;
}

Status SqliteEngine::backup_to(const std::string& path) {
  // The new file is made here, empty and mode 0600, so SQLite opens it instead of creating one
  // with the default mode: a backup holds every record.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return failed_precondition("cannot create the backup " + path + ": " + std::strerror(errno) +
                               (errno == EEXIST ? " (choose a new file name)" : ""));
  ::close(fd);
  sqlite3* target = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  Status s;
  if (rc == SQLITE_OK) {
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", db_, "main");
    if (!backup) {
      rc = sqlite3_errcode(target);
    } else {
      // Every page in one step, in one read transaction: a copy of one moment. In WAL mode the
      // store's writers (a hub serving, in another process) carry on meanwhile. Copied a few
      // pages at a time instead, a write by another process between steps restarts the copy,
      // which on a busy hub may never end.
      do {
        rc = sqlite3_backup_step(backup, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(5);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      rc = sqlite3_backup_finish(backup);
    }
  }
  if (rc != SQLITE_OK)
    s = store_error("writing the backup " + path + " failed: " + sqlite3_errstr(rc));
  sqlite3_close_v2(target);
  if (!s.is_ok()) std::remove(path.c_str());
  return s;
}

SqliteEngine::~SqliteEngine() {
  cache_.clear();  // statements are finalized before the connection closes
  sqlite3_close_v2(db_);
}

Status SqliteEngine::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::ok() : error(rc, "updating the store");
}

Result<SqlQuery*> SqliteEngine::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error(rc, "preparing a query");
    it = cache_.emplace(sql, std::make_unique<SqliteQuery>(*this, stmt)).first;
  }
  return it->second.get();
}

int64_t SqliteEngine::last_changes() const { return sqlite3_changes64(db_); }

bool SqliteEngine::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

Status SqliteEngine::set_durable_commits(bool durable) {
  return exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

Status SqliteEngine::configure() {
  TRIAD_RETURN_IF_ERROR(exec("PRAGMA journal_mode = WAL"));
  // Deleted and overwritten content is zeroed, so a purged observation leaves no bytes behind.
  TRIAD_RETURN_IF_ERROR(exec("PRAGMA secure_delete = ON"));
  return exec("PRAGMA foreign_keys = ON");
}

Status SqliteEngine::migrate(bool creating) {
  Database db(*this);
  if (creating) {
    TRIAD_RETURN_IF_ERROR(configure());
    return detail::migrate(db, true);
  }
  TRIAD_RETURN_IF_ERROR(detail::migrate(db, false));  // checks the format before changing anything
  return configure();
}

Result<bool> SqliteEngine::has_hub_tables() {
  Database db(*this);
  return detail::has_hub_tables(db);
}

Status SqliteEngine::create_hub_tables(std::string_view alliance) {
  Database db(*this);
  return detail::create_hub_tables(db, alliance);
}

bool SqliteEngine::scrub_after_purge() {
  // With another connection reading, the checkpoint stops early: its first column says so.
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, nullptr) != SQLITE_OK)
    return false;
  const bool done = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
  sqlite3_finalize(st);
  return done;
}

Status SqliteEngine::check_integrity() {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db_, "PRAGMA integrity_check", -1, &st, nullptr);
  if (rc != SQLITE_OK) return error(rc, "checking the store");
  rc = sqlite3_step(st);
  std::string result = "no result";
  if (rc == SQLITE_ROW) {
    const auto* p = sqlite3_column_text(st, 0);
    result = p ? reinterpret_cast<const char*>(p) : "";
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error(rc, "checking the store");
  if (result != "ok") return corrupt("integrity check of " + path_ + " failed: " + result);
  return Status::ok();
}

Status SqliteEngine::error(int rc, std::string_view doing) const {
  std::string msg = std::string(doing) + ": " + sqlite3_errstr(rc);
  if (db_ && sqlite3_errcode(db_) == rc) msg += std::string(" (") + sqlite3_errmsg(db_) + ")";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(StatusCode::kBusy,
                    msg + "; another program is using the store, try again in a moment");
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return corrupt(msg + "; the file is not a Triad store or is damaged, and was not changed");
    case SQLITE_FULL:
      return store_error(msg +
                         "; the disk is full: free some space and try again (nothing was "
                         "half-written)");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return store_error(msg + "; check that the file and its folder exist and are writable");
    default:
      return store_error(msg);
  }
}

}  // namespace triad::core::detail
