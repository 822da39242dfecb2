#include "triad/core/exchange.h"

#include <cstdio>

#include "triad/core/sharing.h"

namespace triad::core {

namespace {

// Drops what the receiver may not see; the checkpoint still moves past it, and the record is
// offered again whenever it changes (a widened scope, a newly named participant).
Result<std::vector<RecordState>> visible_part(Store& from, const Viewer& viewer,
                                              std::vector<RecordState> records, size_t& withheld) {
  std::vector<RecordState> out;
  for (RecordState& r : records) {
    std::optional<RecordState> parent;
    if (!r.header.parent.is_nil()) {
      auto p = from.get(r.header.parent);
      if (!p) return p.status();
      parent = std::move(p.value());
    }
    if (may_see(viewer, r, parent ? &*parent : nullptr))
      out.push_back(std::move(r));
    else
      ++withheld;
  }
  return out;
}

Viewer viewer_of(const Store& s) { return {s.identity().school, s.identity().person}; }

std::string name_of(const Store& s) {
  return s.identity().school_name + " / " + s.identity().person_name;
}

// Offers again what `to` refused before (a fixed clock may make it acceptable now).
Status retry_refused(Store& from, Store& to, ReplicationReport& report) {
  auto refused = from.refusals(to.identity().site);
  if (!refused) return refused.status();
  if (refused->empty()) return Status::ok();
  std::vector<RecordId> ids;
  for (const Refusal& r : refused.value()) ids.push_back(r.record);
  auto all = from.states(ids);
  if (!all) return all.status();
  auto states = visible_part(from, viewer_of(to), std::move(all.value()), report.withheld);
  if (!states) return states.status();
  auto applied = to.apply(*states, from.identity().site, name_of(from), std::nullopt);
  if (!applied) return applied.status();
  report.sent += states->size();
  report.changed += applied->changed;
  std::vector<RecordId> accepted;
  for (const RecordId& id : ids) {
    bool still = false;
    for (const auto& [rid, st] : applied->refused) still = still || rid == id;
    if (!still) accepted.push_back(id);
  }
  TRIAD_RETURN_IF_ERROR(from.clear_refusals(to.identity().site, accepted));
  return from.note_refusals(to.identity().site, applied->refused);
}

}  // namespace

Result<ReplicationReport> replicate(Store& from, Store& to, ReplicationLimits limits) {
  ReplicationReport report;
  TRIAD_RETURN_IF_ERROR(retry_refused(from, to, report));
  auto checkpoint = to.peer(from.identity().site);
  if (!checkpoint) return checkpoint.status();
  uint64_t after = checkpoint->pulled_seq;
  for (;;) {
    auto batch =
        from.changes_since(after, limits.max_records, limits.max_bytes, to.identity().site);
    if (!batch) return batch.status();
    if (batch->records.empty()) break;
    auto visible = visible_part(from, viewer_of(to), std::move(batch->records), report.withheld);
    if (!visible) return visible.status();
    auto applied = to.apply(*visible, from.identity().site, name_of(from), batch->last_seq);
    if (!applied) return applied.status();
    ++report.batches;
    report.sent += visible->size();
    report.changed += applied->changed;
    report.refused += applied->refused.size();
    TRIAD_RETURN_IF_ERROR(from.note_refusals(to.identity().site, applied->refused));
    TRIAD_RETURN_IF_ERROR(from.confirm_pushed(to.identity().site, name_of(to), batch->last_seq));
    after = batch->last_seq;
    if (!batch->more) break;
  }
  return report;
}

Result<MergeReport> merge_stores(Store& a, Store& b, ReplicationLimits limits) {
  if (a.identity().site == b.identity().site) {
    char site[17];
    std::snprintf(site, sizeof site, "%016llx", static_cast<unsigned long long>(a.identity().site));
    return invalid_argument(std::string("both files are the same replica (site ") + site +
                            "); merge with another store");
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
