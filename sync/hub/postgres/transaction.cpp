#include "triad/postgres/transaction.h"

#include <utility>

namespace triad::postgres {
namespace {

const char* begin_statement(Isolation isolation) {
  switch (isolation) {
    case Isolation::kReadCommitted:
      return "BEGIN ISOLATION LEVEL READ COMMITTED";
    case Isolation::kRepeatableRead:
      return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case Isolation::kSerializable:
      return "BEGIN ISOLATION LEVEL SERIALIZABLE";
  }
  return "BEGIN";
}

}  // namespace

core::Result<Transaction> Transaction::begin(Connection& connection, Isolation isolation) {
  if (connection.in_transaction())
    return core::failed_precondition(
        "beginning a transaction on PostgreSQL (" + connection.where() +
        "): this connection is in a transaction already (transactions do not nest)");
  TRIAD_RETURN_IF_ERROR(connection.exec("beginning a transaction", begin_statement(isolation)));
  return Transaction(connection, isolation);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(other.connection_),
      isolation_(other.isolation_),
      open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
  if (open_) (void)rollback();
}

core::Status Transaction::commit() {
  if (!open_) return core::failed_precondition("committing: the transaction is over already");
  if (connection_->transaction_failed()) {
    (void)rollback();
    return core::store_error(
        "committing to PostgreSQL (" + connection_->where() +
        "): a statement of this transaction failed earlier, so nothing of it was kept; retry "
        "the transaction");
  }
  open_ = false;
  core::Status status = connection_->exec("committing", "COMMIT");
  if (status.code() == core::StatusCode::kUnavailable)
    return core::unavailable(status.message() +
                             "; whether the transaction was committed is not known");
  return status;
}

core::Status Transaction::rollback() {
  if (!open_) return core::Status::ok();
  open_ = false;
  return connection_->exec("rolling back", "ROLLBACK");
}

}  // namespace triad::postgres
