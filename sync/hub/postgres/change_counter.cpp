#include "triad/postgres/change_counter.h"

#include <string>

namespace triad::postgres {

core::Result<ChangeNumbers> reserve_change_numbers(Transaction& txn, int64_t count) {
  if (count < 1)
    return core::invalid_argument("reserving change numbers: asked for " + std::to_string(count) +
                                  "; at least 1");
  // Why this is enough, and why READ COMMITTED: change_counter.h.
  if (txn.isolation() != Isolation::kReadCommitted)
    return core::failed_precondition(
        "reserving change numbers needs a READ COMMITTED transaction: under REPEATABLE READ or "
        "SERIALIZABLE, writers that meet at the counter fail instead of taking turns");
  auto rows = txn.query("reserving change numbers",
                        "UPDATE change_counter SET last_seq = last_seq + $1 RETURNING last_seq",
                        Params().int64(count));
  if (!rows) return rows.status();
  if (rows->size() != 1)
    return core::failed_precondition("reserving change numbers: PostgreSQL's " +
                                     txn.connection().where() +
                                     " has no row in change_counter; migrate its schema first");
  const int64_t last = rows->int64(0, 0);
  return ChangeNumbers{last - count + 1, last};
}

core::Result<int64_t> last_change_number(Connection& connection) {
  auto rows =
      connection.query("reading the last change number", "SELECT last_seq FROM change_counter");
  if (!rows) return rows.status();
  if (rows->size() != 1)
    return core::failed_precondition("reading the last change number: PostgreSQL's " +
                                     connection.where() +
                                     " has no row in change_counter; migrate its schema first");
  return rows->int64(0, 0);
}

}  // namespace triad::postgres
