// File merges: the push of replication.h from one store to the other, in one process.
#include "triad/core/exchange.h"

#include <cstdio>

#include "triad/core/replication.h"

namespace triad::core {

namespace {

std::string name_of(const Replica& s) {
  return s.identity().school_name + " / " + s.identity().person_name;
}

}  // namespace

Result<ReplicationReport> replicate(Replica& from, Replica& to, ReplicationLimits limits) {
  ReplicationReport report;
  auto checkpoint = to.peer(from.identity().site);
  if (!checkpoint) return checkpoint.status();
  // Only what `to`'s person may see leaves `from`: a private journal stays on its author's devices
  // even when two teachers merge their files.
  const Viewer viewer{to.identity().school, to.identity().person};
  PushSender sender(
      from, to.identity().site, name_of(to),
      {limits.max_records, limits.max_bytes, checkpoint->pulled_seq, UINT64_MAX, &viewer, nullptr});
  PushReceiver receiver(to, from.identity().site, name_of(from), nullptr, /*keep_ledger=*/false);
  for (;;) {
    auto batch = sender.next();
    if (!batch) return batch.status();
    if (!batch->has_value()) break;
    auto applied = receiver.receive(
        (*batch)->records, (*batch)->retry() ? std::nullopt : std::optional((*batch)->checkpoint));
    if (!applied) return applied.status();
    if (!(*batch)->retry()) ++report.batches;
    report.sent += (*batch)->records.size();
    report.changed += applied->changed;
    // A store file holds whole states only: text changes in one are damage, refused as such.
    Refused refused = applied->refused;
    for (const RecordId& id : applied->whole_needed)
      refused.emplace_back(id, invalid_argument("a text field of this record holds changes where "
                                                "a whole state belongs: the file is damaged"));
    report.refused += refused.size();
    TRIAD_RETURN_IF_ERROR(sender.answered(**batch, refused));
  }
  TRIAD_RETURN_IF_ERROR(receiver.sender_done(sender.checkpoint()));
  report.withheld = sender.withheld();
  return report;
}

Result<MergeReport> merge_stores(Replica& a, Replica& b, ReplicationLimits limits) {
  if (a.identity().site == b.identity().site) {
    return invalid_argument("both files are the same replica (site " +
                            site_text(a.identity().site) + "); merge with another store");
  }
  MergeReport report;
  auto into_a = replicate(b, a, limits);
  if (!into_a) return into_a.status();
  report.into_a = *into_a;
  auto into_b = replicate(a, b, limits);
  if (!into_b) return into_b.status();
  report.into_b = *into_b;
  return report;
}

}  // namespace triad::core
