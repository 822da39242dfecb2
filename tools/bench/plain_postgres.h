// The physical reference on PostgreSQL: the rows of plain_sqlite.h in plain tables of a
// PostgreSQL database (no CRDT metadata, no change numbers, no audience), read and written with
// libpq directly, as an application without a sync engine would.
#pragma once

#include <cstddef>
#include <string>

#include "plain_sqlite.h"

struct pg_conn;

namespace triad::bench {

class PlainPostgres {
 public:
  // Connects to `location` (libpq keywords) and makes the plain tables there.
  explicit PlainPostgres(const std::string& location);
  ~PlainPostgres();
  PlainPostgres(const PlainPostgres&) = delete;
  PlainPostgres& operator=(const PlainPostgres&) = delete;

  // Setup, not a measured figure: every observation of `from` copied in with COPY.
  void load_from(PlainReplica& from);
  // The reference for a new device's initial sync from a PostgreSQL hub: every observation read
  // back in id order, `batch` at a time (keyset pages, tags aggregated), and inserted into `to`,
  // one transaction per page. Returns the rows copied.
  size_t copy_into(PlainReplica& to, size_t batch);
  // The reference for the hub's write throughput: `pushes` transactions of `rows_each` INSERTs of
  // a small row each (a coaching session: ids, a focus, a date), spread over `connections`
  // connections working at once, each transaction committed durably. Returns rows per second.
  static double insert_rate(const std::string& location, size_t pushes, size_t rows_each,
                            size_t connections);

 private:
  void exec(const std::string& sql);
  pg_conn* conn_ = nullptr;
};

}  // namespace triad::bench
