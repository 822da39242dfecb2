#include "triad/postgres/connection.h"

#include <libpq-fe.h>

#include <cassert>
#include <cstdlib>

#include "postgres_error.h"

namespace triad::postgres {
namespace {

using core::Result;
using core::Status;

constexpr int kBinary = 1;

// PostgreSQL's binary format is big-endian.
std::string big_endian(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, value >>= 8) out[i] = static_cast<char>(value & 0xff);
  return out;
}

int64_t signed_big_endian(const char* bytes, int length) {
  uint64_t value = (static_cast<unsigned char>(bytes[0]) & 0x80) ? ~uint64_t{0} : 0;
  for (int i = 0; i < length; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<int64_t>(value);
}

void ignore_notice(void*, const char*) {}

}  // namespace

Params& Params::add(unsigned type, std::string bytes, bool is_null) {
  types_.push_back(type);
  values_.push_back(std::move(bytes));
  nulls_.push_back(is_null);
  return *this;
}

Params& Params::int64(int64_t value) {
  return add(kInt8Oid, big_endian(static_cast<uint64_t>(value)), false);
}
Params& Params::text(std::string_view value) { return add(kTextOid, std::string(value), false); }
Params& Params::bytea(std::string_view bytes) { return add(kByteaOid, std::string(bytes), false); }
Params& Params::null() { return add(0, {}, true); }

Rows::~Rows() {
  if (result_) PQclear(result_);
}

Rows& Rows::operator=(Rows&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

int Rows::size() const { return result_ ? PQntuples(result_) : 0; }
int Rows::columns() const { return result_ ? PQnfields(result_) : 0; }
bool Rows::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

int64_t Rows::int64(int row, int column) const {
  if (is_null(row, column)) return 0;
  const Oid type = PQftype(result_, column);
  assert(type == kInt8Oid || type == kInt4Oid || type == kInt2Oid);
  (void)type;
  return signed_big_endian(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
}

bool Rows::boolean(int row, int column) const {
  if (is_null(row, column)) return false;
  assert(PQftype(result_, column) == kBoolOid);
  return PQgetvalue(result_, row, column)[0] != 0;
}

std::string_view Rows::bytes(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<size_t>(PQgetlength(result_, row, column))};
}

unsigned Rows::type(int column) const { return PQftype(result_, column); }

int64_t Rows::changed() const { return result_ ? std::atoll(PQcmdTuples(result_)) : 0; }

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo) {
  // The connection string is expanded from dbname; the keywords after it override it, so the
  // client's encoding is UTF-8 whatever the environment says.
  const char* keywords[] = {"dbname", "fallback_application_name", "client_encoding", nullptr};
  const char* values[] = {conninfo.c_str(), "triad", "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn) return core::unavailable("connecting to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    Status error = detail::connection_error(conn);
    PQfinish(conn);
    return error;
  }
  // NOTICEs ("table already exists, skipping") are not errors; libpq would print them to stderr.
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() { PQfinish(conn_); }

namespace {

// libpq's view of Params: pointers into it, valid while it lives.
struct Values {
  explicit Values(const std::vector<std::string>& bytes, const std::vector<bool>& nulls)
      : values(bytes.size()), lengths(bytes.size()), formats(bytes.size(), kBinary) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      values[i] = nulls[i] ? nullptr : bytes[i].data();
      lengths[i] = static_cast<int>(bytes[i].size());
    }
  }
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
};

// Beyond this many, statements run unprepared: the store's SQL is a fixed set, so only a bug
// would make more, and they must not grow the server's memory without bound.
constexpr size_t kMaxPrepared = 1000;
// Statements sent ahead before their answers are read anyway.
constexpr size_t kMaxSent = 256;

}  // namespace

Result<Rows> Connection::checked(std::string_view doing, pg_result* result) {
  Rows rows(result);
  const ExecStatusType status = rows.result_ ? PQresultStatus(rows.result_) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return detail::statement_error(conn_, rows.result_, doing);
  return rows;
}

Result<Rows> Connection::run(std::string_view doing, const std::string& sql, const Params& params) {
  TRIAD_RETURN_IF_ERROR(finish_sent());
  const Values v(params.values_, params.nulls_);
  return checked(doing, PQexecParams(conn_, sql.c_str(), params.size(), params.types_.data(),
                                     v.values.data(), v.lengths.data(), v.formats.data(), kBinary));
}

Result<std::string> Connection::prepared_name(std::string_view doing, const std::string& sql,
                                              const Params& params, bool pipelined) {
  std::string key = sql;
  key.append(1, '\0').append(reinterpret_cast<const char*>(params.types_.data()),
                             params.types_.size() * sizeof(unsigned));
  if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
  if (prepared_.size() >= kMaxPrepared) return std::string();
  std::string name = "triad_" + std::to_string(prepared_.size() + 1);
  if (pipelined) {
    if (PQsendPrepare(conn_, name.c_str(), sql.c_str(), params.size(), params.types_.data()) != 1)
      return detail::statement_error(conn_, nullptr, doing);
    sent_.push_back({std::string(doing), key});
  } else {
    auto made = checked(
        doing, PQprepare(conn_, name.c_str(), sql.c_str(), params.size(), params.types_.data()));
    if (!made) return made.status();
  }
  prepared_.emplace(std::move(key), name);
  return name;
}

Result<Rows> Connection::query_prepared(std::string_view doing, const std::string& sql,
                                        const Params& params) {
  TRIAD_RETURN_IF_ERROR(finish_sent());
  auto name = prepared_name(doing, sql, params, /*pipelined=*/false);
  if (!name) return name.status();
  if (name->empty()) return run(doing, sql, params);
  const Values v(params.values_, params.nulls_);
  return checked(doing, PQexecPrepared(conn_, name->c_str(), params.size(), v.values.data(),
                                       v.lengths.data(), v.formats.data(), kBinary));
}

Status Connection::send(std::string_view doing, const std::string& sql, const Params& params) {
  if (sent_.empty() && PQpipelineStatus(conn_) == PQ_PIPELINE_OFF &&
      PQenterPipelineMode(conn_) != 1)
    return detail::statement_error(conn_, nullptr, doing);
  auto name = prepared_name(doing, sql, params, /*pipelined=*/true);
  if (!name) return name.status();
  const Values v(params.values_, params.nulls_);
  const int queued =
      name->empty()
          ? PQsendQueryParams(conn_, sql.c_str(), params.size(), params.types_.data(),
                              v.values.data(), v.lengths.data(), v.formats.data(), kBinary)
          : PQsendQueryPrepared(conn_, name->c_str(), params.size(), v.values.data(),
                                v.lengths.data(), v.formats.data(), kBinary);
  if (queued != 1) return detail::statement_error(conn_, nullptr, doing);
  sent_.push_back({std::string(doing), {}});
  // Answers are small, but never let them pile up in the server's socket buffer unread.
  if (sent_.size() >= kMaxSent) return finish_sent();
  return Status::ok();
}

Status Connection::finish_sent() {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) return Status::ok();
  std::vector<Sent> sent;
  sent.swap(sent_);
  Status first = Status::ok();
  if (PQpipelineSync(conn_) != 1) first = detail::statement_error(conn_, nullptr, "sending");
  for (const Sent& s : sent) {
    Rows answer(PQgetResult(conn_));
    if (!answer.result_) {  // the connection broke
      if (first.is_ok()) first = detail::statement_error(conn_, nullptr, s.doing);
      break;
    }
    const ExecStatusType status = PQresultStatus(answer.result_);
    if (status == PGRES_COMMAND_OK && s.prepared_key.empty()) last_sent_changed_ = answer.changed();
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      if (first.is_ok() && status != PGRES_PIPELINE_ABORTED)
        first = detail::statement_error(conn_, answer.result_, s.doing);
      if (!s.prepared_key.empty()) prepared_.erase(s.prepared_key);  // it was never made
    }
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);  // up to the null ending it
  }
  while (PGresult* sync = PQgetResult(conn_)) {  // the Sync's answer
    const bool synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (synced) break;
  }
  if (PQexitPipelineMode(conn_) != 1 && first.is_ok())
    first = detail::statement_error(conn_, nullptr, "leaving pipeline mode");
  return first;
}

Result<Rows> Connection::query(std::string_view doing, const std::string& sql,
                               const Params& params) {
  return run(doing, sql, params);
}

Status Connection::exec(std::string_view doing, const std::string& sql, const Params& params) {
  auto rows = run(doing, sql, params);
  return rows ? Status::ok() : rows.status();
}

Status Connection::exec_script(std::string_view doing, const std::string& sql) {
  const Status sent = finish_sent();
  if (!sent.is_ok() && sql.rfind("ROLLBACK", 0) != 0) return sent;
  Rows rows(PQexec(conn_, sql.c_str()));
  const ExecStatusType status = rows.result_ ? PQresultStatus(rows.result_) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return detail::statement_error(conn_, rows.result_, doing);
  return Status::ok();
}

bool Connection::in_transaction() {
  (void)finish_sent();  // a failure shows in the status
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool Connection::transaction_failed() {
  (void)finish_sent();
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

std::string Connection::where() const { return detail::where(conn_); }

int Connection::backend_pid() const { return PQbackendPID(conn_); }

bool has_password(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (error) PQfreemem(error);
  if (!options) return false;
  bool found = false;
  for (const PQconninfoOption* o = options; o->keyword; ++o)
    if (std::string_view(o->keyword) == "password" && o->val && *o->val) found = true;
  PQconninfoFree(options);
  return found;
}

}  // namespace triad::postgres
