#include "database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "triad/core/private_files.h"

namespace triad::core::detail {

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind_text(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view value) {
  // A zero-length blob must still be a blob, not NULL.
  sqlite3_bind_blob(stmt_, index, value.empty() ? "" : value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  if (db_->inject_fault()) return db_->error(SQLITE_IOERR, "running a query (injected fault)");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->error(rc, "running a query");
}

Status Statement::run() {
  auto row = step();
  if (!row) return row.status();
  return Status::ok();
}

int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::string_view Statement::blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(n))
           : std::string_view();
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Mode mode,
                                                 int busy_timeout_ms) {
  std::error_code ec;
  const bool in_memory = path == ":memory:";
  const bool exists = in_memory || std::filesystem::exists(path, ec);
  if (mode == Mode::kOpenExisting && !exists)
    return not_found("there is no Triad store at " + path +
                     " (create one with: triad init --school NAME)");
  if (mode == Mode::kCreateNew && !in_memory) {
    // Made here, before SQLite opens it, so the store is private from its first byte: mode 0600
    // in folders of mode 0700 (SQLite gives the -wal and -shm files the same mode as the store).
    TRIAD_RETURN_IF_ERROR(make_private_folders(std::filesystem::path(path).parent_path().string()));
    TRIAD_RETURN_IF_ERROR(create_private_file(path));
  }
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (mode == Mode::kCreateNew ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> db(new Database(raw));
  if (rc != SQLITE_OK) return db->error(rc, "opening " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  return db;
}

Status Database::backup_to(const std::string& path) {
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
      do {
        rc = sqlite3_backup_step(backup, 256);  // a few pages at a time, so writers are not held up
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

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  if (text != "ROLLBACK" && inject_fault())
    return error(SQLITE_IOERR, "updating the store (injected fault)");
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::ok() : error(rc, "updating the store");
}

Result<Statement> Database::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error(rc, "preparing a query");
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(*this, it->second);
}

int64_t Database::last_changes() const { return sqlite3_changes64(db_); }

Status Database::error(int rc, std::string_view doing) const {
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

bool Database::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

Result<std::unique_ptr<Transaction>> Transaction::begin(Database& db) {
  TRIAD_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  if (!done_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
  TRIAD_RETURN_IF_ERROR(db_.exec("COMMIT"));
  done_ = true;
  return Status::ok();
}

}  // namespace triad::core::detail
