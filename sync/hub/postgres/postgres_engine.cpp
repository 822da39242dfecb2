#include "triad/postgres/postgres_engine.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include "triad/postgres/schema.h"

namespace triad::postgres {
namespace {

using core::Result;
using core::Status;

// A failed statement aborts PostgreSQL's whole transaction: to the store it is a store error (the
// transaction fails), never a refusal of one record by a rule.
Status as_store_error(const Status& s) {
  return s.code() == core::StatusCode::kInvalidArgument ||
                 s.code() == core::StatusCode::kFailedPrecondition
             ? core::store_error(s.message())
             : s;
}

// The advisory lock every write transaction of every hub process holds to its end: 'TRIADW'.
constexpr int64_t kWriteLock = 0x545249414457;

struct Value {
  enum class Kind { kInt64, kText, kBlob, kNull } kind = Kind::kNull;
  int64_t number = 0;
  std::string bytes;
};

// A statement that returns no rows: INSERT, UPDATE or DELETE without RETURNING. It is sent
// ahead (Connection::send), and its failure shows when the edit finishes its statements.
bool returns_no_rows(std::string_view sql) {
  const auto starts = [&](std::string_view word) {
    return sql.size() > word.size() && sql.substr(0, word.size()) == word;
  };
  return (starts("INSERT ") || starts("UPDATE ") || starts("DELETE ")) &&
         sql.find("RETURNING") == std::string_view::npos;
}

// A read marked core::kPlanWithValues is planned for its values at each run, never from a plan
// the connection keeps. A kept (generic) plan is made from the table sizes of the moment the
// connection first ran it, and a hub starts with empty tables: measured at 10,000 devices, a kept
// plan read every device row at each Hello (3 ms). Other statements keep their plans: planning
// every read at each run, or only the read-ahead of each push, cut the hub's write throughput at
// 10,000 sessions by a third to a half (the pull's read is written so that its kept plan is the
// right one whatever the sizes).
bool plans_for_values(std::string_view sql) {
  return sql.substr(0, core::kPlanWithValues.size()) == core::kPlanWithValues;
}

class PostgresQuery final : public core::SqlQuery {
 public:
  PostgresQuery(PostgresEngine& engine, std::string sql)
      : engine_(engine),
        sql_(std::move(sql)),
        send_ahead_(returns_no_rows(sql_)),
        plan_for_values_(plans_for_values(sql_)) {}

  void bind_int64(int index, int64_t value) override {
    slot(index) = {Value::Kind::kInt64, value, {}};
  }
  void bind_text(int index, std::string_view value) override {
    slot(index) = {Value::Kind::kText, 0, std::string(value)};
  }
  void bind_blob(int index, std::string_view value) override {
    slot(index) = {Value::Kind::kBlob, 0, std::string(value)};
  }
  void bind_null(int index) override { slot(index) = {}; }

  Result<bool> step() override {
    if (!rows_) {
      Params params;
      for (const Value& v : values_) switch (v.kind) {
          case Value::Kind::kInt64:
            params.int64(v.number);
            break;
          case Value::Kind::kText:
            params.text(v.bytes);
            break;
          case Value::Kind::kBlob:
            params.bytea(v.bytes);
            break;
          case Value::Kind::kNull:
            params.null();
            break;
        }
      if (send_ahead_) {
        const Status sent = engine_.connection().send("updating the store", sql_, params);
        engine_.note_changes_sent();
        if (!sent.is_ok()) return as_store_error(sent);
        rows_.emplace(nullptr);  // no rows
        row_ = -1;
        return false;
      }
      auto rows = plan_for_values_
                      ? engine_.connection().query("running a query", sql_, params)
                      : engine_.connection().query_prepared("running a query", sql_, params);
      // A failed statement aborts PostgreSQL's whole transaction: to the store it is a store
      // error (the transaction fails), never a refusal of one record by a rule.
      if (!rows) return as_store_error(rows.status());
      engine_.note_changes(rows->changed());
      rows_.emplace(std::move(rows.value()));
      row_ = -1;
    }
    return ++row_ < rows_->size();
  }

  int64_t int64(int column) const override {
    if (rows_->is_null(row_, column)) return 0;
    switch (rows_->type(column)) {
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid:
        return rows_->int64(row_, column);
      case kBoolOid:
        return rows_->boolean(row_, column) ? 1 : 0;
      case kTextOid:
      case kVarcharOid: {  // a number kept as text (the meta table's values)
        const std::string_view text = rows_->bytes(row_, column);
        int64_t value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        return value;
      }
      default:  // a type the store never reads as a number: a bug in its SQL, said loudly
        std::fprintf(stderr, "triad: a PostgreSQL column of type %u read as a number\n",
                     rows_->type(column));
        std::abort();
    }
  }
  std::string text(int column) const override {
    if (rows_->is_null(row_, column)) return {};
    const unsigned type = rows_->type(column);
    if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid || type == kBoolOid)
      return std::to_string(int64(column));
    return std::string(rows_->bytes(row_, column));
  }
  std::string_view blob(int column) const override {
    return rows_->is_null(row_, column) ? std::string_view() : rows_->bytes(row_, column);
  }
  bool is_null(int column) const override { return rows_->is_null(row_, column); }
  void reset() override {
    rows_.reset();
    values_.clear();
  }

 private:
  Value& slot(int index) {
    if (static_cast<int>(values_.size()) < index) values_.resize(index);
    return values_[index - 1];
  }

  PostgresEngine& engine_;
  std::string sql_;
  bool send_ahead_;
  bool plan_for_values_;
  std::vector<Value> values_;
  std::optional<Rows> rows_;
  int row_ = -1;
};

}  // namespace

std::string postgres_sql(std::string_view in) {
  std::string out;
  int next = 0;
  bool quoted = false;
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\'') quoted = !quoted;
    if (quoted || c != '?') {
      out += c;
      continue;
    }
    size_t j = i + 1;
    while (j < in.size() && in[j] >= '0' && in[j] <= '9') ++j;
    out += '$';
    out += j > i + 1 ? std::string(in.substr(i + 1, j - i - 1)) : std::to_string(++next);
    i = j - 1;
  }
  return out;
}

Result<std::unique_ptr<PostgresEngine>> PostgresEngine::open(const std::string& conninfo) {
  auto connection = Connection::open(conninfo);
  if (!connection) return connection.status();
  return std::unique_ptr<PostgresEngine>(new PostgresEngine(std::move(connection.value())));
}

PostgresEngine::~PostgresEngine() = default;

std::string PostgresEngine::describe() const { return "PostgreSQL's " + connection_->where(); }

Status PostgresEngine::exec(std::string_view sql) {
  // An edit's savepoint is sent ahead with the edit's statements; its RELEASE once they are
  // known to have succeeded (the store undoes a failed edit alone with ROLLBACK TO).
  const auto starts = [&](std::string_view word) { return sql.substr(0, word.size()) == word; };
  if (starts("SAVEPOINT ")) return connection_->send("beginning an edit", std::string(sql));
  if (starts("RELEASE ")) {
    TRIAD_RETURN_IF_ERROR(as_store_error(connection_->finish_sent()));
    return connection_->send("keeping an edit", std::string(sql));
  }
  // A lock taken after a savepoint is released by ROLLBACK TO it: the next edit takes the write
  // lock again (taking it when held already costs a round trip and nothing else).
  if (starts("ROLLBACK")) numbers_locked_ = false;
  // PostgreSQL answers COMMIT of a failed transaction by rolling it back, without an error.
  if (sql == "COMMIT" && connection_->transaction_failed()) {
    (void)connection_->exec_script("rolling back", "ROLLBACK");
    return core::store_error(
        "a statement of the transaction failed, so nothing of it was stored (rolled back)");
  }
  return connection_->exec_script("updating the store", std::string(sql));
}

Status PostgresEngine::finish_statements() { return as_store_error(connection_->finish_sent()); }

int64_t PostgresEngine::last_changes() const {
  if (changes_sent_) {
    (void)connection_->finish_sent();  // a failure shows on the store's next statement
    last_changes_ = connection_->last_sent_changed();
    changes_sent_ = false;
  }
  return last_changes_;
}

Result<core::SqlQuery*> PostgresEngine::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(sql, std::make_unique<PostgresQuery>(*this, postgres_sql(sql))).first;
  return it->second.get();
}

Status PostgresEngine::begin_write() {
  numbers_locked_ = false;
  return connection_->exec_script("beginning a write", "BEGIN");
}

Status PostgresEngine::lock_for_edit() {
  if (numbers_locked_) return Status::ok();
  Status locked = connection_->exec("waiting for the other hub processes' writes",
                                    "SELECT pg_advisory_xact_lock($1)", Params().int64(kWriteLock));
  numbers_locked_ = locked.is_ok();
  return locked;
}

Status PostgresEngine::set_durable_commits(bool durable) {
  return connection_->exec_script("setting how commits wait", durable
                                                                  ? "SET synchronous_commit = on"
                                                                  : "SET synchronous_commit = off");
}

Status PostgresEngine::migrate(bool creating) {
  if (!creating) {  // opening: a database without a hub's store is left as it is
    auto version = stored_schema_version(*connection_);
    if (!version) return version.status();
    if (*version == 0)
      return core::not_found(describe() +
                             " holds no hub's store yet (make one with triad-hub init); it was "
                             "not changed");
  }
  TRIAD_RETURN_IF_ERROR(postgres::migrate(*connection_));
  auto rows = connection_->query("reading the store's identity",
                                 "SELECT count(*) FROM meta WHERE key = 'site_id'");
  if (!rows) return rows.status();
  const bool has_identity = rows->int64(0, 0) > 0;
  if (creating && has_identity)
    return core::failed_precondition(describe() +
                                     " holds a hub's store already; it was not changed (open it "
                                     "with serve, or give the new hub a database of its own)");
  if (!creating && !has_identity)
    return core::not_found(describe() + " holds no hub's store yet (make one with triad-hub init)");
  return Status::ok();
}

Result<bool> PostgresEngine::has_hub_tables() {
  auto rows = connection_->query("looking for the hub's tables",
                                 "SELECT count(*) FROM pg_tables WHERE "
                                 "schemaname = current_schema() AND tablename = 'hub'");
  if (!rows) return rows.status();
  return rows->int64(0, 0) > 0;
}

Status PostgresEngine::create_hub_tables(std::string_view alliance) {
  TRIAD_RETURN_IF_ERROR(connection_->exec_script("creating the hub's tables", hub_tables_sql()));
  return connection_->exec("saving the hub's alliance",
                           "INSERT INTO hub(id, alliance) VALUES(1, $1)", Params().text(alliance));
}

Status PostgresEngine::check_integrity() {
  // PostgreSQL checks its own pages (data checksums, amcheck); here: the store's own invariants.
  auto rows = connection_->query(
      "checking the store",
      "SELECT (SELECT count(*) FROM record) - (SELECT count(DISTINCT seq) FROM record)");
  if (!rows) return rows.status();
  if (rows->int64(0, 0) != 0)
    return core::corrupt(describe() + ": two records share a change number");
  return Status::ok();
}

Status PostgresEngine::backup_to(const std::string&) {
  return core::failed_precondition(
      "a PostgreSQL hub is backed up with PostgreSQL's own tools: pg_dump for a copy, "
      "or base backups with WAL archiving (see the README)");
}

}  // namespace triad::postgres
