// WriteContext's read-ahead: the rows a merge of many records needs, read in a few statements.
// On SQLite a read costs microseconds; on a database server each costs a round trip, taken while
// the edit holds the write lock that every hub process waits on.
#include <algorithm>

#include "store_rows.h"

namespace triad::core::detail {
namespace {

// Rows of ids ?1..?(records + parents), then, flagged 0, each of ids ?1..?records that has a live
// child (only the id column is set).
std::string read_ahead_sql(size_t records, size_t parents) {
  std::string nulls;
  for (int i = 0; i < 10; ++i) nulls += ", NULL";
  return std::string("SELECT 1, ") + kRecordColumns + " FROM record WHERE id IN (" +
         id_list(1, records + parents) + ") UNION ALL SELECT 0, parent" + nulls +
         " FROM record WHERE parent IN (" + id_list(1, records) +
         ") AND deleted_hlc IS NULL GROUP BY parent";
}

}  // namespace

size_t id_list_length(size_t n) {
  size_t p = n ? 1 : 0;
  while (p < n) p *= 2;
  return p;
}

std::string id_list(size_t first, size_t length) {
  std::string out;
  for (size_t i = 0; i < length; ++i) out += (i ? ", ?" : "?") + std::to_string(first + i);
  return out;
}

void bind_id_list(Statement& st, size_t first, const std::vector<RecordId>& ids, size_t length) {
  for (size_t i = 0; i < length; ++i)
    st.bind_blob(static_cast<int>(first + i), ids[std::min(i, ids.size() - 1)].bytes());
}

Status WriteContext::read_ahead(const std::vector<RecordState>& incoming) {
  for (size_t start = 0; start < incoming.size(); start += kMostIdsPerStatement) {
    const size_t end = std::min(incoming.size(), start + kMostIdsPerStatement);
    std::set<RecordId> record_set, parent_set;
    for (size_t i = start; i < end; ++i) record_set.insert(incoming[i].header.id);
    for (size_t i = start; i < end; ++i) {
      const RecordId& parent = incoming[i].header.parent;
      if (!parent.is_nil() && !record_set.count(parent)) parent_set.insert(parent);
    }
    const std::vector<RecordId> records(record_set.begin(), record_set.end());
    const std::vector<RecordId> parents(parent_set.begin(), parent_set.end());
    const size_t n_records = id_list_length(records.size());
    const size_t n_parents = id_list_length(parents.size());
    auto st = db.prepare(read_ahead_sql(n_records, n_parents));
    if (!st) return st.status();
    bind_id_list(*st, 1, records, n_records);
    if (n_parents) bind_id_list(*st, n_records + 1, parents, n_parents);
    std::map<RecordId, std::optional<RecordState>> found;
    std::set<RecordId> with_children;
    for (;;) {
      auto row = st->step();
      if (!row) return row.status();
      if (!*row) break;
      if (st->int64(0) == 0) {
        if (auto id = RecordId::from_bytes(st->blob(1))) with_children.insert(*id);
        continue;
      }
      auto r = read_record_row(*st, 1);
      if (!r) return r.status();
      const RecordId id = r->header.id;
      found[id] = std::move(r.value());
    }
    for (const std::vector<RecordId>* ids : {&records, &parents})
      for (const RecordId& id : *ids) {
        auto it = found.find(id);
        ahead_[id] = it == found.end() ? std::nullopt : std::move(it->second);
      }
    for (const RecordId& id : records)
      if (!with_children.count(id)) childless_.insert(id);
  }
  return Status::ok();
}

Result<std::optional<RecordState>> WriteContext::load(const RecordId& id) {
  if (auto it = ahead_.find(id); it != ahead_.end()) return it->second;
  return load_record(db, id);
}

Result<std::vector<RecordState>> WriteContext::children(const RecordId& parent) {
  if (childless_.count(parent)) return std::vector<RecordState>();
  return load_children(db, parent);
}

}  // namespace triad::core::detail
