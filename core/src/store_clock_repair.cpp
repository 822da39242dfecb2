// Store: re-issuing edits stamped in the future, once a device's wrong date has been put right.
//
// A tablet dated 2036 stamps its edits 2036; every sane peer refuses stamps further ahead of its
// own clock than the bound (clock.h), so those edits exist on this store only. After the date is
// fixed, the hybrid clock would still stamp every new edit after 2036. The repair re-stamps every
// stamp beyond now + bound with fresh ones from now on, in the same order, under this store's own
// site id: nobody else holds the old stamps, so nothing is lost or forked, and the edits are
// offered again at the next exchange with stamps peers accept.
#include <algorithm>
#include <map>
#include <set>

#include "store_rows.h"
#include "triad/core/merge.h"
#include "triad/core/store.h"

namespace triad::core {

using detail::WriteContext;

namespace {

// The stamps of a record, each visited once for reading or rewriting.
template <class Record, class Visit>
void for_each_stamp(Record& r, Visit&& visit) {
  visit(r.header.created);
  if (r.deleted) visit(*r.deleted);
  for (auto& [name, f] : r.fields) {
    for (auto& v : f.versions) visit(v.stamp);
    for (auto& d : f.dots) visit(d.added);
  }
}

class StampMap {
 public:
  StampMap(uint64_t threshold, SiteId site) : threshold_(threshold), site_(site) {}
  bool future(const Stamp& s) const { return s.hlc > threshold_; }

  void note(const Stamp& s) {
    if (future(s))
      future_.insert(s);
    else
      sane_max_ = std::max(sane_max_, s.hlc);
  }
  // Fresh stamps after both the wall clock and every sane stamp held, in the old stamps' order.
  void assign(uint64_t wall_hlc) {
    uint64_t next = std::max(wall_hlc, sane_max_);
    for (const Stamp& s : future_) images_[s] = Stamp{++next, site_};
    last_ = next;
  }
  Stamp image(const Stamp& s) const { return future(s) ? images_.at(s) : s; }
  // A seen entry (site, hlc) beyond the threshold: the writer had seen that site's writes up to
  // hlc, some of which are now this site's new stamps. Capped for the old site, and carried over
  // to this site as the image of the newest re-stamped write it covered.
  void remap_seen(SeenVector& seen) const {
    SeenVector out;
    for (const auto& [site, hlc] : seen) {
      if (hlc <= threshold_) {
        out.emplace_back(site, hlc);
        continue;
      }
      out.emplace_back(site, sane_max_);
      auto it = images_.upper_bound(Stamp{hlc, site});
      if (it != images_.begin()) out.emplace_back(site_, std::prev(it)->second.hlc);
    }
    normalise_seen(out);
    seen = std::move(out);
  }
  bool empty() const { return future_.empty(); }
  uint64_t last() const { return last_; }

 private:
  uint64_t threshold_;
  SiteId site_;
  uint64_t sane_max_ = 0;
  uint64_t last_ = 0;
  std::set<Stamp> future_;
  std::map<Stamp, Stamp> images_;
};

Result<std::vector<RecordState>> all_records(detail::Database& db) {
  auto st =
      db.prepare(std::string("SELECT ") + detail::kRecordColumns + " FROM record ORDER BY seq");
  if (!st) return st.status();
  std::vector<RecordState> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return out;
    auto r = detail::read_record_row(*st);
    if (!r) return r.status();
    out.push_back(std::move(r.value()));
  }
}

}  // namespace

bool Store::clock_far_ahead() const {
  const uint64_t wall = options_.wall();
  return hlc_millis(clock_->last()) > wall + options_.max_clock_ahead_ms;
}

Result<ClockRepair> Store::repair_clock() {
  ClockRepair report;
  report.clock_was_ms = report.clock_now_ms = clock_ms();
  if (!clock_far_ahead()) return report;
  uint64_t new_clock = 0;
  TRIAD_RETURN_IF_ERROR(write([&](WriteContext& ctx) -> Status {
    const uint64_t wall = ctx.clock.wall_ms();
    StampMap map(make_hlc(wall + options_.max_clock_ahead_ms, kCounterMask), identity_.site);
    auto records = all_records(ctx.db);
    if (!records) return records.status();
    for (RecordState& r : records.value()) for_each_stamp(r, [&](const Stamp& s) { map.note(s); });
    map.assign(make_hlc(wall, 0));
    for (RecordState& r : records.value()) {
      bool touched = false;
      for_each_stamp(r, [&](Stamp& s) {
        if (map.future(s)) s = map.image(s), touched = true;
      });
      if (!touched) continue;
      for (auto& [name, f] : r.fields)
        for (FieldVersion& v : f.versions)
          if (!v.seen.empty()) map.remap_seen(v.seen);
      detail::canonicalise(r);
      TRIAD_RETURN_IF_ERROR(ctx.save(r, true));
      ++report.records;
    }
    new_clock = std::max(map.last(), make_hlc(wall, 0));
    ctx.clock.rewind_after_repair(new_clock);  // saved by write() as the transaction commits
    return Status::ok();
  }));
  report.clock_now_ms = hlc_millis(new_clock);
  return report;
}

}  // namespace triad::core
