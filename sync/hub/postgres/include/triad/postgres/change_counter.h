// Change numbers that become visible in the order they are handed out, when several hub processes
// write to one database. Every change the hub stores gets a number; a device pulls "the changes
// numbered above my checkpoint" and moves its checkpoint to the highest number it received. That is
// correct only if no change can become visible after one with a higher number has been read.
//
// The trap: a SEQUENCE (nextval) hands a number out when asked, and the change becomes visible when
// its transaction commits, which may be much later. Transaction A takes 7, transaction B takes 8
// and commits, a device pulls up to 8, then A commits 7: that device never sees 7.
//
// The commit-ordered counter: one row, change_counter.last_seq (schema.cpp), the highest number
// handed out. A writing transaction reserves its n numbers with
//     UPDATE change_counter SET last_seq = last_seq + n RETURNING last_seq
// The UPDATE locks the row until the transaction ends. Another transaction's reserve waits for that
// lock; under READ COMMITTED, once the holder commits, the waiting UPDATE is applied to the row's
// newest committed version (PostgreSQL re-reads a row changed under a waiting UPDATE), so it
// hands out numbers above the holder's. Hence, under READ COMMITTED:
//   - while A holds 7 uncommitted, no transaction obtains 8: numbers are handed out in the order
//     of the commits;
//   - PostgreSQL releases A's locks only after A's commit is visible, so B (which got 8 after
//     that) commits after A is visible to everyone: a snapshot that shows B's 8 shows A's 7. A
//     reader of "seq > checkpoint" (one statement, one snapshot) never skips a change;
//   - a transaction that rolls back undoes its UPDATE as well: the numbers have no gaps.
// That is sufficient and needs nothing more: no watermark, no polling of in-flight transactions.
// Under REPEATABLE READ or SERIALIZABLE the waiting UPDATE would fail with a serialization failure
// instead, so reserve_change_numbers refuses those levels.
//
// The cost: from reserve to commit, writers to the database take turns on that row, one
// transaction at a time, across all hub processes. So reserve as LATE in the transaction as
// possible: first do everything that does not need the numbers (read, merge, apply the rules), then
// reserve, write the numbered rows and commit at once. The hub's group commit amortises the rest:
// one transaction, one reserve, for the changes of many sessions.
//
// Free functions; each call uses its transaction's or connection's thread only.
#pragma once

#include <cstdint>

#include "triad/core/status.h"
#include "triad/postgres/connection.h"
#include "triad/postgres/transaction.h"

namespace triad::postgres {

// Numbers first..last, all reserved by one transaction.
struct ChangeNumbers {
  int64_t first = 0;
  int64_t last = 0;
};

// Reserves `count` (at least 1) consecutive change numbers for `txn`, which must be READ COMMITTED
// (kFailedPrecondition otherwise). Waits while another transaction holds numbers it has not yet
// committed. The numbers are the transaction's: if it rolls back, the next reserve hands them out
// again. Fails when the database has no counter (not migrated: schema.h).
core::Result<ChangeNumbers> reserve_change_numbers(Transaction& txn, int64_t count);

// The highest change number reserved by a committed transaction (0 before any).
core::Result<int64_t> last_change_number(Connection& connection);

}  // namespace triad::postgres
