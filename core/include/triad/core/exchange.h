// Exchange of changes between two stores opened in one process: how `triad merge OTHER.db`
// works, and how a school with no network swaps a file on a USB stick. It runs the push of
// replication.h, which the network sync layer runs over a connection.
// Not thread-safe: uses both stores from the calling thread.
#pragma once

#include <cstddef>

#include "triad/core/replica.h"

namespace triad::core {

struct ReplicationReport {
  size_t sent = 0;      // records offered
  size_t changed = 0;   // records whose state changed at the receiver
  size_t refused = 0;   // records the receiver refused (kept at the sender, shown by status)
  size_t withheld = 0;  // records the receiver's person may not see (sharing.h), not sent
  size_t batches = 0;
};

struct ReplicationLimits {
  size_t max_records = 500;
  size_t max_bytes = 1 << 20;
};

// Sends `from`'s changes since `to`'s checkpoint for it, batch by batch, each batch committed at
// `to` with its checkpoint; then confirms the push at `from` and keeps any refusals there. Only
// records `to`'s person may see are sent (sharing.h); a private journal stays on its author's
// devices even when two teachers merge their files.
Result<ReplicationReport> replicate(Replica& from, Replica& to, ReplicationLimits limits = {});

// Both ways: b's changes into a, then a's into b.
struct MergeReport {
  ReplicationReport into_a;
  ReplicationReport into_b;
};
Result<MergeReport> merge_stores(Replica& a, Replica& b, ReplicationLimits limits = {});

}  // namespace triad::core
