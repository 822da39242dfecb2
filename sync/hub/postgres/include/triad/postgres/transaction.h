// A transaction on one Connection that rolls back unless committed (RAII), at an isolation level
// chosen when it begins. The hub's PostgreSQL storage writes only inside one. Not thread-safe: it
// belongs to its connection's thread, and the connection must outlive it.
#pragma once

#include <string>
#include <string_view>

#include "triad/core/status.h"
#include "triad/postgres/connection.h"

namespace triad::postgres {

enum class Isolation {
  // Each statement sees what was committed before it began. What change_counter.h relies on.
  kReadCommitted,
  // The whole transaction sees one snapshot; a write to a row changed since fails with a
  // serialization failure (kStoreError: retry the transaction).
  kRepeatableRead,
  kSerializable,
};

class Transaction {
 public:
  // BEGINs on `connection`, which must not be in a transaction already (kFailedPrecondition).
  static core::Result<Transaction> begin(Connection& connection,
                                         Isolation isolation = Isolation::kReadCommitted);
  // Rolls back unless committed or rolled back already; a failure then is ignored (the server
  // rolls back by itself when the connection is gone).
  ~Transaction();
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Connection& connection() { return *connection_; }
  Isolation isolation() const { return isolation_; }

  core::Result<Rows> query(std::string_view doing, const std::string& sql,
                           const Params& params = {}) {
    return connection_->query(doing, sql, params);
  }
  core::Status exec(std::string_view doing, const std::string& sql, const Params& params = {}) {
    return connection_->exec(doing, sql, params);
  }

  // Makes the transaction's writes durable and visible. When a statement in it failed, nothing is
  // committed and this says so (kStoreError: retry the transaction), where a bare COMMIT would
  // quietly roll back. When the connection is lost during COMMIT, whether it committed is
  // unknown; kUnavailable says so. The transaction is over either way.
  core::Status commit();
  // Undoes the transaction's writes now.
  core::Status rollback();

 private:
  Transaction(Connection& connection, Isolation isolation)
      : connection_(&connection), isolation_(isolation) {}
  Connection* connection_;
  Isolation isolation_;
  bool open_ = true;
};

}  // namespace triad::postgres
