// Re-stamping writes already in a store, for the two cases that need it: edits stamped in the
// future once a wrong date is put right (store_clock_repair.cpp), and the writes a restored or
// copied store made under its old site id once it takes a new one (store_session.cpp). Internal
// to core. Not thread-safe.
#pragma once

#include <set>
#include <vector>

#include "database.h"
#include "store_rows.h"
#include "triad/core/record.h"

namespace triad::core::detail {

// The stamps of a record, each visited once for reading or rewriting; with `created` false the
// header's creation stamp is left out (it is part of the record's identity at other replicas).
template <class Record, class Visit>
void for_each_stamp(Record& r, Visit&& visit, bool created = true) {
  if (created) visit(r.header.created);
  if (r.deleted) visit(*r.deleted);
  for (auto& [name, f] : r.fields) {
    for (auto& v : f.versions) visit(v.stamp);
    for (auto& d : f.dots) visit(d.added);
  }
}

// The site ids this store has written under: `current` and those it left when it took a new one
// (meta key 'former_sites', hex ids separated by spaces).
Result<std::set<SiteId>> own_sites(Database& db, SiteId current);
Status note_former_site(Database& db, SiteId former);

// Every record of the store, oldest change first.
Result<std::vector<RecordState>> all_records(Database& db);

// A store that takes a new site id because it is a restored or copied one: the writes it made
// under `old_site` after `since` (its clock when its last session began: where it may have forked
// from its other copy) are given `new_site`, each keeping its hlc, so they never pass for the
// other copy's writes and their "seen" entries claim nothing of it beyond the fork. Creation
// stamps stay (other replicas know the records by them). Rows changed are written as local edits.
Status restamp_fork(WriteContext& ctx, SiteId old_site, SiteId new_site, uint64_t since);

}  // namespace triad::core::detail
