// Store: what the exchange with peers needs: changes since a checkpoint, applying a peer's
// batch with its checkpoint, push confirmations and refusals.
#include <algorithm>
#include <set>

#include "database.h"
#include "record_codec.h"
#include "store_rows.h"
#include "text/merging_text.h"
#include "text/text_changes.h"
#include "triad/core/merge.h"
#include "triad/core/record_limits.h"
#include "triad/core/sharing.h"
#include "triad/core/store.h"

namespace triad::core {

using detail::WriteContext;

namespace {

// How many reads changes() makes for a viewer before it returns a batch with fewer records than
// asked (the checkpoint still moves past everything read, so nothing is skipped).
constexpr int kMaxViewerRounds = 64;

// Checks a peer's record before it is merged: nothing from a refused record is stored.
Status check_incoming(const RecordState& r, const HybridClock& clock) {
  if (r.header.id.is_nil() || r.header.type.empty())
    return invalid_argument("a change without a record id or type was refused");
  return clock.check(r.max_hlc());
}

// The stored parent of `record`, or of `existing` (a tombstone has no parent; the held copy may
// still name it); nullopt for none.
Result<std::optional<RecordState>> load_parent(WriteContext& ctx, const RecordState& record,
                                               const RecordState* existing) {
  const RecordId parent_id = !record.header.parent.is_nil() ? record.header.parent
                             : existing                     ? existing->header.parent
                                                            : RecordId();
  if (parent_id.is_nil()) return std::optional<RecordState>();
  return ctx.load(parent_id);
}

// Merges one incoming record into the store inside `ctx`; true when the stored state changed.
// A refusal by `admit` comes back as kFailedPrecondition.
// `sent_by` is the peer and what it holds of the record's merging text (WriteContext::save).
Result<bool> merge_one(WriteContext& ctx, RecordState incoming, SiteId peer, const AdmitFn& admit,
                       const detail::SentBy& sent_by) {
  detail::canonicalise(incoming);
  if (incoming.is_deleted()) purge(incoming);
  auto existing = ctx.load(incoming.header.id);
  if (!existing) return existing.status();
  RecordState merged = incoming;
  if (existing->has_value()) {
    auto m = merge_record(**existing, merged);
    if (!m) return m.status();
    merged = std::move(m.value());
    if (merged == **existing) {
      // Unchanged here, but the peer holds an older state than ours, which it may never receive.
      // If our row is marked as the peer's own state (a restored hub that took a different
      // history), the mark is false; if the peer confirmed it received the row (its change number
      // is within the peer's checkpoint), the peer lost it (a clock repair re-stamped an edit below
      // the version it had replaced). Either way the row gets a new change number, unmarked, so it
      // is offered to the peer again.
      if (peer != 0 && merged != incoming) {
        auto lacks = ctx.db.prepare(
            "SELECT origin = ?2 OR seq <= (SELECT coalesce(max(pushed_seq), 0) FROM peer "
            "WHERE site = ?2) FROM record WHERE id = ?1");
        if (!lacks) return lacks.status();
        lacks->bind_blob(1, incoming.header.id.bytes()).bind(2, peer);
        auto row = lacks->step();
        if (!row) return row.status();
        if (*row && lacks->int64(0) != 0)
          TRIAD_RETURN_IF_ERROR(ctx.save(merged, false, 0, &**existing));
      }
      return false;
    }
  }
  auto loaded_parent = load_parent(ctx, merged, existing->has_value() ? &**existing : nullptr);
  if (!loaded_parent) return loaded_parent.status();
  std::optional<RecordState> parent = std::move(loaded_parent.value());
  if (admit) {
    Status s =
        admit(existing->has_value() ? &**existing : nullptr, incoming, parent ? &*parent : nullptr);
    if (!s.is_ok()) return Status(StatusCode::kFailedPrecondition, s.message());
  }
  ctx.clock.observe(merged.max_hlc());
  if (existing->has_value() && detail::record_drops_text(**existing, merged)) ctx.purged = true;
  const bool was_deleted = existing->has_value() && (*existing)->is_deleted();
  if (!merged.is_deleted() && parent) {
    if (parent->is_deleted()) {  // a child of a deleted record
      TRIAD_RETURN_IF_ERROR(
          detail::tombstone_with_children(ctx, std::move(merged), *parent->deleted, false));
      return true;
    }
  }
  if (merged.is_deleted() && !was_deleted)  // the peer's tombstone is not sent back to it
    TRIAD_RETURN_IF_ERROR(detail::tombstone_with_children(ctx, merged, *merged.deleted, false,
                                                          merged == incoming ? peer : 0));
  else
    TRIAD_RETURN_IF_ERROR(ctx.save(merged, false, merged == incoming ? peer : 0,
                                   existing->has_value() ? &**existing : nullptr, &sent_by));
  if (existing->has_value())
    TRIAD_RETURN_IF_ERROR(detail::resend_children_if_audience_changed(ctx, **existing, merged));
  else if (!merged.is_deleted())  // children that came first were filed without its people
    TRIAD_RETURN_IF_ERROR(detail::resend_children(ctx, merged.header.id));
  return true;
}

// The admission of `incoming`, whose text changes could not be made whole here, judged without
// them (the rules look at who writes what record, not at a text's characters).
Status admit_as_sent(WriteContext& ctx, const RecordState* existing, const RecordState& incoming,
                     const AdmitFn& admit) {
  if (!admit) return Status::ok();
  RecordState without = incoming;
  detail::drop_text_changes(without);
  auto parent = load_parent(ctx, incoming, existing);
  if (!parent) return parent.status();
  Status s = admit(existing, without, parent->has_value() ? &**parent : nullptr);
  return s.is_ok() ? s : Status(StatusCode::kFailedPrecondition, s.message());
}

Status upsert_peer(detail::Database& db, SiteId peer, std::string_view name, const char* column,
                   uint64_t seq, uint64_t now_ms) {
  auto st = db.prepare(
      std::string("INSERT INTO peer(site, name, ") + column +
      ", last_sync_ms) VALUES(?1, ?2, ?3, ?4) "
      "ON CONFLICT(site) DO UPDATE SET name = CASE WHEN ?2 = '' THEN peer.name ELSE ?2 END, " +
      column + " = CASE WHEN peer." + column + " > ?3 THEN peer." + column +
      " ELSE ?3 END, last_sync_ms = ?4");
  if (!st) return st.status();
  st->bind(1, peer).bind_text(2, name).bind(3, seq).bind(4, now_ms);
  return st->run();
}

Status note_refusal(detail::Database& db, const RecordId& id, SiteId peer, const Status& reason,
                    uint64_t now_ms) {
  auto st = db.prepare(
      "INSERT INTO refusal(record, peer, reason, at_ms) VALUES(?1, ?2, ?3, ?4) "
      "ON CONFLICT(record, peer) DO UPDATE SET reason = ?3, at_ms = ?4");
  if (!st) return st.status();
  st->bind_blob(1, id.bytes()).bind(2, peer).bind_text(3, reason.message()).bind(4, now_ms);
  return st->run();
}

Status forget_refusal(detail::Database& db, const RecordId& id, SiteId peer) {
  auto st = db.prepare("DELETE FROM refusal WHERE record = ? AND peer = ?");
  if (!st) return st.status();
  st->bind_blob(1, id.bytes()).bind(2, peer);
  return st->run();
}

// The ledger after a batch from `peer`: what it refused is noted, what it took is struck (a
// DELETE of no row costs nothing, and the statements wait for no answer on a database server).
Status keep_ledger(detail::WriteContext& ctx, SiteId peer, const std::vector<RecordState>& records,
                   const ApplyResult& result) {
  std::set<RecordId> refused(result.whole_needed.begin(), result.whole_needed.end()), taken;
  for (const auto& r : result.refused) refused.insert(r.first);
  for (const RecordState& r : records)
    if (!refused.count(r.header.id)) taken.insert(r.header.id);
  const std::vector<RecordId> ids(taken.begin(), taken.end());
  for (size_t start = 0; start < ids.size(); start += detail::kMostIdsPerStatement) {
    const std::vector<RecordId> some(
        ids.begin() + start,
        ids.begin() + std::min(ids.size(), start + detail::kMostIdsPerStatement));
    const size_t length = detail::id_list_length(some.size());
    auto st = ctx.db.prepare("DELETE FROM refusal WHERE peer = ?1 AND record IN (" +
                             detail::id_list(2, length) + ")");
    if (!st) return st.status();
    st->bind(1, peer);
    detail::bind_id_list(*st, 2, some, length);
    TRIAD_RETURN_IF_ERROR(st->run());
  }
  for (const auto& [id, status] : result.refused)
    TRIAD_RETURN_IF_ERROR(note_refusal(ctx.db, id, peer, status, ctx.clock.wall_ms()));
  return Status::ok();
}

// Whether the peer received a row in the state it had from change number `from` until `until`
// (replica.h Delivery): the first checkpoint to pass `from` was confirmed before `until`.
bool delivered(const std::vector<Delivery>& deliveries, uint64_t from, uint64_t until) {
  auto it = std::lower_bound(deliveries.begin(), deliveries.end(), from,
                             [](const Delivery& d, uint64_t seq) { return d.checkpoint < seq; });
  return it != deliveries.end() && it->at < until;
}

// One read of the change sequence. With `visible_to`, only the rows filed under the viewer's
// audience keys (sharing.h audience_of) are read, through the audience index: a superset of
// may_see() (sharing.cpp), which changes() then narrows to exactly what may_see() allows. Each
// key's rows are read in seq order, at most a batch of them, and merged: the first rows of the
// merge are exactly the first rows of the viewer's audience.
// `sizes`, when given, gets each returned record's encoded size.
Result<ChangeBatch> read_changes(detail::Database& db, uint64_t after_seq, size_t max_records,
                                 size_t max_bytes, SiteId for_peer, const Viewer* visible_to,
                                 uint64_t up_to_seq, const std::vector<Delivery>* deliveries,
                                 std::vector<size_t>* sizes = nullptr) {
  // The range is fixed first, so a batch that ends the range can move the checkpoint past rows
  // held back for `for_peer`, and never past a row committed meanwhile.
  auto top = detail::max_seq(db);
  if (!top) return top.status();
  const uint64_t read_at = *top;
  if (*top > up_to_seq) top = up_to_seq;
  static const std::string kColumns =
      std::string("seq, text_base_from, text_base_until, text_base, text_peer, text_peer_base, ") +
      detail::kRecordColumns;
  static const std::string kAll = "SELECT " + kColumns +
                                  " FROM record WHERE seq > ?1 AND seq <= ?2 "
                                  "AND (?3 = 0 OR origin != ?3) ORDER BY seq LIMIT ?4";
  // Each key's rows are read from the audience index alone, in seq order, and a row the peer sent
  // is skipped by a look-up of its record's origin, never by a join: a join let PostgreSQL's
  // generic plan read `record` through its seq index instead, every change since the checkpoint
  // (12,000 rows for each pull at 10,000 devices), or merge-join it from its start (0.4 s a batch
  // at 1,000,000 records). Nor by NOT EXISTS, which PostgreSQL may turn into a hashed set of every
  // row the peer sent, read by a scan of the whole table (0.25 s a batch at 1,000,000 records); a
  // scalar look-up is never hashed. The seq range is also given to the outer read.
  static const std::string kFiled = [] {
    std::string filed;
    for (int key = 5; key <= 7; ++key)
      filed += std::string(key > 5 ? " UNION " : "") +
               "SELECT seq FROM (SELECT a.seq FROM audience a WHERE a.key = ?" +
               std::to_string(key) +
               " AND a.seq > ?1 AND a.seq <= ?2 AND (?3 = 0 OR (SELECT r.origin FROM record r "
               "WHERE r.seq = a.seq) != ?3) ORDER BY a.seq LIMIT ?4) AS k" +
               std::to_string(key);
    return "SELECT " + kColumns + " FROM record WHERE seq > ?1 AND seq <= ?2 AND seq IN (" + filed +
           ") ORDER BY seq LIMIT ?4";
  }();
  auto st = db.prepare(visible_to ? kFiled : kAll);
  if (!st) return st.status();
  st->bind(1, after_seq)
      .bind(2, *top)
      .bind(3, for_peer)
      .bind(4, static_cast<int64_t>(max_records) + 1);
  if (visible_to) {
    const std::vector<std::string> keys = audience_of(*visible_to);
    for (int i = 0; i < 3; ++i) st->bind_blob(5 + i, keys[i]);
  }
  ChangeBatch batch;
  batch.last_seq = after_seq;
  batch.read_at = read_at;
  size_t bytes = 0;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    if (batch.records.size() == max_records || (bytes >= max_bytes && !batch.records.empty())) {
      batch.more = true;
      break;
    }
    const size_t size = st->blob(16).size() + 64;
    bytes += size;
    if (sizes) sizes->push_back(size);
    auto r = detail::read_record_row(*st, 6);
    if (!r) return r.status();
    // Text changes since a state the peer holds: the one it sent last, one it received.
    if (deliveries) {
      std::vector<std::string_view> held;
      if (for_peer != 0 && st->uint64(4) == for_peer && !st->is_null(5))
        held.push_back(st->blob(5));
      if (!st->is_null(3) && delivered(*deliveries, st->uint64(1), st->uint64(2)))
        held.push_back(st->blob(3));
      if (!held.empty()) detail::send_text_changes(r.value(), held);
    }
    batch.records.push_back(std::move(r.value()));
    batch.last_seq = st->uint64(0);
  }
  if (!batch.more) batch.last_seq = std::max(batch.last_seq, *top);
  return batch;
}

}  // namespace

bool carries_text_changes(const RecordState& record) { return detail::has_text_changes(record); }

// With a viewer, batches are read until one fills with what the viewer may see (or the sequence
// ends), reading past what it may not: a device that may see little of a busy hub gets full
// batches, not many near-empty ones.
Result<ChangeBatch> Store::changes(const ChangeQuery& q) {
  if (!q.viewer)
    return read_changes(*db_, q.after, q.max_records, q.max_bytes, q.for_peer, nullptr, q.up_to,
                        q.deliveries);
  ChangeBatch out;
  out.last_seq = q.after;
  size_t bytes = 0;
  for (int rounds = 0; rounds < kMaxViewerRounds && bytes < q.max_bytes; ++rounds) {
    std::vector<size_t> sizes;
    auto batch =
        read_changes(*db_, out.last_seq, q.max_records - out.records.size(), q.max_bytes - bytes,
                     q.for_peer, q.viewer, q.up_to, q.deliveries, &sizes);
    if (!batch) return batch.status();
    for (size_t i = 0; i < batch->records.size(); ++i) {
      RecordState& r = batch->records[i];
      auto visible = visible_to(*q.viewer, r);
      if (!visible) return visible.status();
      if (!*visible) continue;
      bytes += sizes[i];
      out.records.push_back(std::move(r));
    }
    out.last_seq = batch->last_seq;
    out.read_at = std::max(out.read_at, batch->read_at);
    out.more = batch->more;
    if (!out.more || out.records.size() >= q.max_records) break;
  }
  if (!q.count_withheld) return out;
  // Withheld: every row read past, those the SQL skipped undecoded included.
  auto st = db_->prepare(
      "SELECT count(*) FROM record WHERE seq > ?1 AND seq <= ?2 AND (?3 = 0 OR origin != ?3)");
  if (!st) return st.status();
  st->bind(1, q.after).bind(2, out.last_seq).bind(3, q.for_peer);
  auto row = st->step();
  if (!row) return row.status();
  out.withheld = static_cast<size_t>(st->uint64(0)) - out.records.size();
  return out;
}

Result<ApplyResult> Store::apply(const std::vector<RecordState>& records, SiteId peer,
                                 std::string_view peer_name, std::optional<uint64_t> peer_seq,
                                 const AdmitFn& admit, CheckpointPolicy policy,
                                 RefusalLedger ledger) {
  ApplyResult result;
  TRIAD_RETURN_IF_ERROR(write([&](WriteContext& ctx) -> Status {
    result = ApplyResult{};
    // Text a person erased since the last scrub leaves the WAL with this batch: a file merge
    // starts no session (store_rows.h, note_erased_text).
    auto erased = detail::take_erased_text_note(ctx.db);
    if (!erased) return erased.status();
    ctx.purged = ctx.purged || *erased;
    TRIAD_RETURN_IF_ERROR(ctx.read_ahead(records));
    for (const RecordState& r : records) {
      if (Status s = check_incoming(r, ctx.clock); !s.is_ok()) {
        result.refused.emplace_back(r.header.id, std::move(s));
        continue;
      }
      RecordState whole = r;
      const detail::SentBy sent_by{peer, peer ? detail::encode_sender_bases(r) : std::string()};
      if (detail::has_text_changes(r)) {  // text changes: made whole from what is held
        auto held = ctx.load(r.header.id);
        if (!held) return held.status();
        const RecordState* mine = held->has_value() ? &**held : nullptr;
        // Made whole, the record may be past the limits only with text held here: sent whole, its
        // own state is judged. Whether the peer may write the record is answered first, so asking
        // for it whole says nothing of what is held of a record it may not write.
        if (!detail::rebuild_text_changes(whole, mine) || !check_record_limits(whole).is_ok()) {
          Status s = admit_as_sent(ctx, mine, r, admit);
          if (s.is_ok())
            result.whole_needed.push_back(r.header.id);
          else
            result.refused.emplace_back(r.header.id, std::move(s));
          continue;
        }
      }
      auto changed = merge_one(ctx, std::move(whole), peer, admit, sent_by);
      if (!changed) {
        const StatusCode code = changed.status().code();
        if (code != StatusCode::kInvalidArgument && code != StatusCode::kFailedPrecondition)
          return changed.status();
        result.refused.emplace_back(r.header.id, changed.status());
        continue;
      }
      ++(*changed ? result.changed : result.unchanged);
    }
    if (ledger == RefusalLedger::kKeep)
      TRIAD_RETURN_IF_ERROR(keep_ledger(ctx, peer, records, result));
    const bool hold = policy == CheckpointPolicy::kHoldOnRefusal &&
                      (!result.refused.empty() || !result.whole_needed.empty());
    if (peer_seq && !hold)
      return upsert_peer(ctx.db, peer, peer_name, "pulled_seq", *peer_seq, ctx.clock.wall_ms());
    return Status::ok();
  }));
  return result;
}

Result<PeerState> Store::peer(SiteId site) {
  auto st = db_->prepare(
      "SELECT name, pulled_seq, pushed_seq, last_sync_ms, generation, kind, confirmed_at FROM "
      "peer WHERE site = ?");
  if (!st) return st.status();
  st->bind(1, site);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return PeerState{site, "", 0, 0, 0, 0};
  return PeerState{site,
                   st->text(0),
                   st->uint64(1),
                   st->uint64(2),
                   st->uint64(3),
                   st->uint64(4),
                   static_cast<PeerKind>(st->int64(5)),
                   st->uint64(6)};
}

Result<std::vector<PeerState>> Store::peers() {
  auto st = db_->prepare(
      "SELECT site, name, pulled_seq, pushed_seq, last_sync_ms, generation, kind, confirmed_at "
      "FROM peer ORDER BY last_sync_ms DESC, site");
  if (!st) return st.status();
  std::vector<PeerState> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return out;
    out.push_back({st->uint64(0), st->text(1), st->uint64(2), st->uint64(3), st->uint64(4),
                   st->uint64(5), static_cast<PeerKind>(st->int64(6)), st->uint64(7)});
  }
}

// Committed without its own fsync: losing this checkpoint to a power cut (only ever the newest
// commits are lost in WAL mode) makes the next session send the same records again, which merge
// as no-ops. The next durable commit makes it durable too. Saves one fsync per batch sent.
// The checkpoint's move is dated by this store's last change number (confirmed_at, replica.h
// Delivery), in the same statement.
Status Store::confirm_pushed(SiteId peer, std::string_view peer_name, uint64_t seq) {
  return write_without_fsync([&](WriteContext& ctx) -> Status {
    auto top = detail::max_seq(ctx.db);
    if (!top) return top.status();
    auto st = ctx.db.prepare(
        "INSERT INTO peer(site, name, pushed_seq, last_sync_ms, confirmed_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(site) DO UPDATE SET name = CASE WHEN ?2 = '' THEN peer.name ELSE ?2 END, "
        "confirmed_at = CASE WHEN peer.pushed_seq >= ?3 THEN peer.confirmed_at ELSE ?5 END, "
        "pushed_seq = CASE WHEN peer.pushed_seq > ?3 THEN peer.pushed_seq ELSE ?3 END, "
        "last_sync_ms = ?4");
    if (!st) return st.status();
    st->bind(1, peer).bind_text(2, peer_name).bind(3, seq).bind(4, ctx.clock.wall_ms());
    st->bind(5, *top);
    return st->run();
  });
}

// Without its own fsync, like confirm_pushed: a lost update only makes the peer scan again.
Status Store::confirm_pulled(SiteId peer, std::string_view peer_name, uint64_t seq) {
  return write_without_fsync([&](WriteContext& ctx) {
    return upsert_peer(ctx.db, peer, peer_name, "pulled_seq", seq, ctx.clock.wall_ms());
  });
}

Result<uint64_t> Store::last_seq() { return detail::max_seq(*db_); }

Status Store::note_refusals(SiteId peer, const std::vector<std::pair<RecordId, Status>>& refused) {
  if (refused.empty()) return Status::ok();
  return write([&](WriteContext& ctx) -> Status {
    for (const auto& [id, status] : refused)
      TRIAD_RETURN_IF_ERROR(note_refusal(ctx.db, id, peer, status, ctx.clock.wall_ms()));
    return Status::ok();
  });
}

Status Store::clear_refusals(SiteId peer, const std::vector<RecordId>& accepted) {
  if (accepted.empty()) return Status::ok();
  return write([&](WriteContext& ctx) -> Status {
    for (const RecordId& id : accepted) TRIAD_RETURN_IF_ERROR(forget_refusal(ctx.db, id, peer));
    return Status::ok();
  });
}

Status Store::requeue(const std::vector<RecordId>& ids) {
  if (ids.empty()) return Status::ok();
  return write([&](WriteContext& ctx) -> Status {
    for (const RecordId& id : ids) {
      auto r = detail::load_record(ctx.db, id);
      if (!r) return r.status();
      const detail::SentBy forget{0, {}, true};
      if (r->has_value()) TRIAD_RETURN_IF_ERROR(ctx.save(**r, true, 0, nullptr, &forget));
    }
    return Status::ok();
  });
}

Result<std::vector<Refusal>> Store::refusals(SiteId peer) {
  auto st = db_->prepare(
      "SELECT record, peer, reason, at_ms, discard FROM refusal WHERE ?1 = 0 OR peer = ?1 "
      "ORDER BY at_ms, record");
  if (!st) return st.status();
  st->bind(1, peer);
  std::vector<Refusal> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    out.push_back({RecordId::from_bytes(st->blob(0)).value_or(RecordId()), st->uint64(1),
                   st->text(2), st->uint64(3), st->int64(4) != 0});
  }
  return out;
}

Result<std::vector<RecordState>> Store::states(const std::vector<RecordId>& ids,
                                               uint64_t up_to_seq) {
  std::vector<RecordState> out;
  for (const RecordId& id : ids) {
    if (up_to_seq != UINT64_MAX) {
      auto seq = db_->prepare("SELECT seq FROM record WHERE id = ?");
      if (!seq) return seq.status();
      seq->bind_blob(1, id.bytes());
      auto row = seq->step();
      if (!row) return row.status();
      if (*row && seq->uint64(0) > up_to_seq) continue;
    }
    auto r = get(id);
    if (!r) return r.status();
    if (r->has_value()) out.push_back(std::move(**r));
  }
  return out;
}

}  // namespace triad::core
