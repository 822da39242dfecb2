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

#include "restamp.h"
#include "store_rows.h"
#include "text/merging_text.h"
#include "triad/core/merge.h"
#include "triad/core/store.h"

namespace triad::core {

using detail::WriteContext;

namespace {

class StampMap {
 public:
  StampMap(uint64_t threshold, SiteId site, std::set<SiteId> own, std::set<Stamp> joins)
      : threshold_(threshold), site_(site), own_(std::move(own)), joins_(std::move(joins)) {}
  // Only this store's own writes, under its site id now or one it had before (a restored store
  // takes a new one): another device's future stamps (a colleague's 2036 tablet whose file was
  // merged here) are that device's to re-issue when its own date is put right. A join of
  // concurrent text versions made here (merging_text.h) is stamped after the newest write it
  // joins, so one that joined a future write is future too: it is re-issued as this store's own
  // write of the joined text, which has seen what the join had.
  bool future(const Stamp& s) const {
    return (own_.count(s.site) || joins_.count(s)) && s.hlc > threshold_;
  }

  void note(const Stamp& s) {
    if (future(s))
      future_.insert(s);
    else if (s.hlc <= threshold_)
      sane_max_ = std::max(sane_max_, s.hlc);
  }
  // Fresh stamps after both the wall clock and every sane stamp held, in the old stamps' order.
  void assign(uint64_t wall_hlc) {
    uint64_t next = std::max(wall_hlc, sane_max_);
    for (const Stamp& s : future_) images_[s] = Stamp{++next, site_};
    last_ = next;
  }
  Stamp image(const Stamp& s) const { return future(s) ? images_.at(s) : s; }
  // A seen entry of this site beyond the threshold: the writer had seen this site's writes up to
  // hlc, now re-stamped: it becomes the image of the newest re-stamped write it covered.
  void remap_seen(SeenVector& seen) const {
    for (auto& [site, hlc] : seen) {
      if (!future(Stamp{hlc, site})) continue;
      auto it = images_.upper_bound(Stamp{hlc, site});
      hlc = it != images_.begin() ? std::prev(it)->second.hlc : sane_max_;
    }
    normalise_seen(seen);
  }
  bool empty() const { return future_.empty(); }
  uint64_t last() const { return last_; }

 private:
  uint64_t threshold_;
  SiteId site_;
  std::set<SiteId> own_;
  std::set<Stamp> joins_;
  uint64_t sane_max_ = 0;
  uint64_t last_ = 0;
  std::set<Stamp> future_;
  std::map<Stamp, Stamp> images_;
};

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
    auto own = detail::own_sites(ctx.db, identity_.site);
    if (!own) return own.status();
    auto records = detail::all_records(ctx.db);
    if (!records) return records.status();
    std::set<Stamp> joins;
    for (const RecordState& r : records.value())
      for (const auto& [name, f] : r.fields)
        for (const FieldVersion& v : f.versions)
          if (f.kind == FieldKind::kMergingText && detail::is_join(v)) joins.insert(v.stamp);
    StampMap map(make_hlc(wall + options_.max_clock_ahead_ms, kCounterMask), identity_.site, *own,
                 std::move(joins));
    for (RecordState& r : records.value())
      detail::for_each_stamp(r, [&](const Stamp& s) { map.note(s); });
    map.assign(make_hlc(wall, 0));
    for (RecordState& r : records.value()) {
      bool touched = false;
      detail::for_each_stamp(r, [&](Stamp& s) {
        if (map.future(s)) s = map.image(s), touched = true;
      });
      if (!touched) continue;
      for (auto& [name, f] : r.fields)
        for (FieldVersion& v : f.versions) {
          if (v.seen.empty()) continue;
          map.remap_seen(v.seen);
          // A version's own entry is its stamp: a join re-issued under this site has none yet.
          std::erase_if(v.seen, [&v](const auto& e) { return e.first == v.stamp.site; });
          v.seen.emplace_back(v.stamp.site, v.stamp.hlc);
          normalise_seen(v.seen);
        }
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
