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

Result<Rows> Connection::run(std::string_view doing, const std::string& sql, const Params& params) {
  const int n = params.size();
  std::vector<const char*> values(n);
  std::vector<int> lengths(n);
  const std::vector<int> formats(n, kBinary);
  for (int i = 0; i < n; ++i) {
    values[i] = params.nulls_[i] ? nullptr : params.values_[i].data();
    lengths[i] = static_cast<int>(params.values_[i].size());
  }
  Rows rows(PQexecParams(conn_, sql.c_str(), n, params.types_.data(), values.data(), lengths.data(),
                         formats.data(), kBinary));
  const ExecStatusType status = rows.result_ ? PQresultStatus(rows.result_) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return detail::statement_error(conn_, rows.result_, doing);
  return rows;
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
  Rows rows(PQexec(conn_, sql.c_str()));
  const ExecStatusType status = rows.result_ ? PQresultStatus(rows.result_) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return detail::statement_error(conn_, rows.result_, doing);
  return Status::ok();
}

bool Connection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool Connection::transaction_failed() const {
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
