// Store: what the exchange with peers needs: changes since a checkpoint, applying a peer's
// batch with its checkpoint, push confirmations and refusals.
#include <algorithm>

#include "database.h"
#include "record_codec.h"
#include "store_rows.h"
#include "triad/core/merge.h"
#include "triad/core/store.h"

namespace triad::core {

using detail::WriteContext;

namespace {

// Checks a peer's record before it is merged: nothing from a refused record is stored.
Status check_incoming(const RecordState& r, const HybridClock& clock) {
  if (r.header.id.is_nil() || r.header.type.empty())
    return invalid_argument("a change without a record id or type was refused");
  return clock.check(r.max_hlc());
}

// Merges one incoming record into the store inside `ctx`; true when the stored state changed.
Result<bool> merge_one(WriteContext& ctx, RecordState incoming) {
  detail::canonicalise(incoming);
  if (incoming.is_deleted()) purge(incoming);
  auto existing = detail::load_record(ctx.db, incoming.header.id);
  if (!existing) return existing.status();
  RecordState merged = std::move(incoming);
  if (existing->has_value()) {
    auto m = merge_record(**existing, merged);
    if (!m) return m.status();
    merged = std::move(m.value());
    if (merged == **existing) return false;
  }
  ctx.clock.observe(merged.max_hlc());
  const bool was_deleted = existing->has_value() && (*existing)->is_deleted();
  if (!merged.is_deleted() && !merged.header.parent.is_nil()) {
    auto parent = detail::load_record(ctx.db, merged.header.parent);
    if (!parent) return parent.status();
    if (parent->has_value() && (*parent)->is_deleted()) {  // a child of a deleted record
      TRIAD_RETURN_IF_ERROR(detail::tombstone_with_children(ctx, std::move(merged), *(*parent)->deleted, false));
      return true;
    }
  }
  if (merged.is_deleted() && !was_deleted)
    TRIAD_RETURN_IF_ERROR(detail::tombstone_with_children(ctx, merged, *merged.deleted, false));
  else
    TRIAD_RETURN_IF_ERROR(ctx.save(merged, false));
  return true;
}

Status upsert_peer(detail::Database& db, SiteId peer, std::string_view name, const char* column,
                   uint64_t seq, uint64_t now_ms) {
  auto st = db.prepare(std::string("INSERT INTO peer(site, name, ") + column + ", last_sync_ms) VALUES(?1, ?2, ?3, ?4) "
                       "ON CONFLICT(site) DO UPDATE SET name = CASE WHEN ?2 = '' THEN name ELSE ?2 END, " +
                       column + " = max(" + column + ", ?3), last_sync_ms = ?4");
  if (!st) return st.status();
  st->bind(1, peer).bind_text(2, name).bind(3, seq).bind(4, now_ms);
  return st->run();
}

}  // namespace

Result<ChangeBatch> Store::changes_since(uint64_t after_seq, size_t max_records, size_t max_bytes) {
  auto st = db_->prepare(std::string("SELECT seq, ") + detail::kRecordColumns +
                         " FROM record WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, static_cast<int64_t>(max_records) + 1);
  ChangeBatch batch;
  batch.last_seq = after_seq;
  size_t bytes = 0;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    if (batch.records.size() == max_records || (bytes >= max_bytes && !batch.records.empty())) {
      batch.more = true;
      break;
    }
    bytes += st->blob(11).size() + 64;
    auto r = detail::read_record_row(*st, 1);
    if (!r) return r.status();
    batch.records.push_back(std::move(r.value()));
    batch.last_seq = st->uint64(0);
  }
  return batch;
}

Result<ApplyResult> Store::apply(const std::vector<RecordState>& records, SiteId peer,
                                 std::string_view peer_name, std::optional<uint64_t> peer_seq) {
  ApplyResult result;
  TRIAD_RETURN_IF_ERROR(write([&](WriteContext& ctx) -> Status {
    result = ApplyResult{};
    for (const RecordState& r : records) {
      if (Status s = check_incoming(r, ctx.clock); !s.is_ok()) {
        result.refused.emplace_back(r.header.id, std::move(s));
        continue;
      }
      auto changed = merge_one(ctx, r);
      if (!changed) {
        if (changed.status().code() != StatusCode::kInvalidArgument) return changed.status();
        result.refused.emplace_back(r.header.id, changed.status());
        continue;
      }
      ++(*changed ? result.changed : result.unchanged);
    }
    if (peer_seq) return upsert_peer(ctx.db, peer, peer_name, "pulled_seq", *peer_seq, ctx.clock.wall_ms());
    return Status::ok();
  }));
  return result;
}

Result<PeerState> Store::peer(SiteId site) {
  auto st = db_->prepare("SELECT name, pulled_seq, pushed_seq, last_sync_ms FROM peer WHERE site = ?");
  if (!st) return st.status();
  st->bind(1, site);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return PeerState{site, "", 0, 0, 0};
  return PeerState{site, st->text(0), st->uint64(1), st->uint64(2), st->uint64(3)};
}

Status Store::confirm_pushed(SiteId peer, std::string_view peer_name, uint64_t seq) {
  return write([&](WriteContext& ctx) {
    return upsert_peer(ctx.db, peer, peer_name, "pushed_seq", seq, ctx.clock.wall_ms());
  });
}

Status Store::note_refusals(SiteId peer, const std::vector<std::pair<RecordId, Status>>& refused) {
  if (refused.empty()) return Status::ok();
  return write([&](WriteContext& ctx) -> Status {
    for (const auto& [id, status] : refused) {
      auto st = ctx.db.prepare("INSERT INTO refusal(record, peer, reason, at_ms) VALUES(?1, ?2, ?3, ?4) "
                               "ON CONFLICT(record, peer) DO UPDATE SET reason = ?3, at_ms = ?4");
      if (!st) return st.status();
      st->bind_blob(1, id.bytes()).bind(2, peer).bind_text(3, status.message()).bind(4, ctx.clock.wall_ms());
      TRIAD_RETURN_IF_ERROR(st->run());
    }
    return Status::ok();
  });
}

Status Store::clear_refusals(SiteId peer, const std::vector<RecordId>& accepted) {
  if (accepted.empty()) return Status::ok();
  return write([&](WriteContext& ctx) -> Status {
    for (const RecordId& id : accepted) {
      auto st = ctx.db.prepare("DELETE FROM refusal WHERE record = ? AND peer = ?");
      if (!st) return st.status();
      st->bind_blob(1, id.bytes()).bind(2, peer);
      TRIAD_RETURN_IF_ERROR(st->run());
    }
    return Status::ok();
  });
}

Result<std::vector<Refusal>> Store::refusals(SiteId peer) {
  auto st = db_->prepare("SELECT record, peer, reason, at_ms FROM refusal WHERE ?1 = 0 OR peer = ?1 ORDER BY at_ms, record");
  if (!st) return st.status();
  st->bind(1, peer);
  std::vector<Refusal> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    out.push_back({RecordId::from_bytes(st->blob(0)).value_or(RecordId()), st->uint64(1), st->text(2), st->uint64(3)});
  }
  return out;
}

Result<std::vector<RecordState>> Store::states(const std::vector<RecordId>& ids) {
  std::vector<RecordState> out;
  for (const RecordId& id : ids) {
    auto r = get(id);
    if (!r) return r.status();
    if (r->has_value()) out.push_back(std::move(**r));
  }
  return out;
}

}  // namespace triad::core
