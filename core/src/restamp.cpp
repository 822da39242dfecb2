#include "restamp.h"

#include <cstdio>
#include <sstream>

#include "store_rows.h"
#include "triad/core/merge.h"

namespace triad::core::detail {

Result<std::vector<RecordState>> all_records(Database& db) {
  auto st = db.prepare(std::string("SELECT ") + kRecordColumns + " FROM record ORDER BY seq");
  if (!st) return st.status();
  std::vector<RecordState> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return out;
    auto r = read_record_row(*st);
    if (!r) return r.status();
    out.push_back(std::move(r.value()));
  }
}

Result<std::set<SiteId>> own_sites(Database& db, SiteId current) {
  std::set<SiteId> out{current};
  auto st = db.prepare("SELECT value FROM meta WHERE key = 'former_sites'");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return out;
  std::istringstream words(st->text(0));
  std::string word;
  while (words >> word) out.insert(std::stoull(word, nullptr, 16));
  return out;
}

Status note_former_site(Database& db, SiteId former) {
  const std::string hex = site_text(former);
  auto st = db.prepare(
      "INSERT INTO meta(key, value) VALUES('former_sites', ?1) "
      "ON CONFLICT(key) DO UPDATE SET value = meta.value || ' ' || ?1");
  if (!st) return st.status();
  st->bind_text(1, hex);
  return st->run();
}

Status restamp_fork(WriteContext& ctx, SiteId old_site, SiteId new_site, uint64_t since) {
  auto records = all_records(ctx.db);
  if (!records) return records.status();
  const auto forked = [&](SiteId site, uint64_t hlc) { return site == old_site && hlc > since; };
  for (RecordState& r : records.value()) {
    bool touched = false;
    for_each_stamp(
        r,
        [&](Stamp& s) {
          if (forked(s.site, s.hlc)) s.site = new_site, touched = true;
        },
        /*created=*/false);
    if (!touched) continue;
    for (auto& [name, f] : r.fields)
      for (FieldVersion& v : f.versions) {
        if (v.stamp.site != new_site) continue;
        // A re-stamped version had seen its old site's writes up to its own; of those, it shares
        // with the other copy only what came before the fork.
        for (auto& [site, hlc] : v.seen)
          if (forked(site, hlc)) hlc = since;
        v.seen.emplace_back(new_site, v.stamp.hlc);
        normalise_seen(v.seen);
      }
    canonicalise(r);
    TRIAD_RETURN_IF_ERROR(ctx.save(r, true));
  }
  return Status::ok();
}

}  // namespace triad::core::detail
