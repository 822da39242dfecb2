#include "database.h"

#include "sqlite_engine.h"

namespace triad::core::detail {

Result<bool> Statement::step() {
  if (db_->inject_fault()) return store_error("running a query (injected fault): disk I/O error");
  return query_->step();
}

Status Statement::run() {
  auto row = step();
  if (!row) return row.status();
  return Status::ok();
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Mode mode,
                                                 int busy_timeout_ms) {
  auto engine = SqliteEngine::open(path, mode == Mode::kCreateNew, busy_timeout_ms);
  if (!engine) return engine.status();
  return std::make_unique<Database>(std::move(engine.value()));
}

Status Database::exec(std::string_view sql) {
  if (sql != "ROLLBACK" && inject_fault())
    return store_error("updating the store (injected fault): disk I/O error");
  return engine_->exec(sql);
}

Result<Statement> Database::prepare(const std::string& sql) {
  auto query = engine_->prepare(sql);
  if (!query) return query.status();
  return Statement(*this, *query);
}

Result<std::unique_ptr<Transaction>> Transaction::begin(Database& db) {
  if (db.inject_fault()) return store_error("updating the store (injected fault): disk I/O error");
  TRIAD_RETURN_IF_ERROR(db.engine().begin_write());
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
