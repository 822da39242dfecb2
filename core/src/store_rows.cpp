#include "store_rows.h"

#include <algorithm>
#include <set>

#include "field_kind_table.h"
#include "record_codec.h"
#include "text/text_changes.h"
#include "triad/core/merge.h"
#include "triad/core/schema.h"
#include "triad/core/sharing.h"

namespace triad::core::detail {
namespace {

RecordId id_column(const Statement& st, int column) {
  return RecordId::from_bytes(st.blob(column)).value_or(RecordId());
}

std::string label_of(const RecordState& state) {
  const TypeSpec* type = find_type(state.header.type);
  if (!type || state.is_deleted()) return {};
  const FieldState* f = state.field(std::string(type->label_field));
  return f ? f->value() : std::string();
}

int64_t count_conflicts(const RecordState& state) {
  return std::count_if(state.fields.begin(), state.fields.end(),
                       [](const auto& kv) { return kv.second.has_conflict(); });
}

}  // namespace

const char* const kRecordColumns =
    "id, type, parent, school, author, created_hlc, created_site, scope, deleted_hlc, "
    "deleted_site, body";

Result<RecordState> read_record_row(const Statement& st, int c) {
  RecordState r;
  r.header.id = id_column(st, c);
  r.header.type = st.text(c + 1);
  if (!st.is_null(c + 2)) r.header.parent = id_column(st, c + 2);
  r.header.school = id_column(st, c + 3);
  r.header.author = id_column(st, c + 4);
  r.header.created = Stamp{st.uint64(c + 5), st.uint64(c + 6)};
  r.scope = static_cast<Scope>(std::clamp<int64_t>(st.int64(c + 7), 0, 3));
  if (!st.is_null(c + 8)) r.deleted = Stamp{st.uint64(c + 8), st.uint64(c + 9)};
  auto fields = decode_fields(st.blob(c + 10));
  if (!fields)
    return corrupt("record " + r.header.id.to_string() + ": " + fields.status().message());
  r.fields = std::move(fields.value());
  return r;
}

Result<std::optional<RecordState>> load_record(Database& db, const RecordId& id) {
  auto st = db.prepare(std::string("SELECT ") + kRecordColumns + " FROM record WHERE id = ?");
  if (!st) return st.status();
  st->bind_blob(1, id.bytes());
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<RecordState>();
  auto r = read_record_row(*st);
  if (!r) return r.status();
  return std::optional<RecordState>(std::move(r.value()));
}

Result<std::vector<RecordState>> load_children(Database& db, const RecordId& parent) {
  auto st = db.prepare(std::string("SELECT ") + kRecordColumns +
                       " FROM record WHERE parent = ? AND deleted_hlc IS NULL ORDER BY id");
  if (!st) return st.status();
  st->bind_blob(1, parent.bytes());
  std::vector<RecordState> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto r = read_record_row(*st);
    if (!r) return r.status();
    out.push_back(std::move(r.value()));
  }
  return out;
}

Status unindex_audience(Database& db, const RecordId& id) {
  auto st = db.prepare("DELETE FROM audience WHERE seq = (SELECT seq FROM record WHERE id = ?1)");
  if (!st) return st.status();
  st->bind_blob(1, id.bytes());
  return st->run();
}

namespace {

// A child's audience includes its parent's people.
bool audience_needs_parent(const RecordState& s) {
  return !s.header.parent.is_nil() && !s.is_deleted() &&
         (s.scope == Scope::kSchool || s.scope == Scope::kParticipants);
}

}  // namespace

Status index_audience(Database& db, const RecordState& s, uint64_t seq) {
  std::optional<RecordState> parent;
  if (audience_needs_parent(s)) {
    auto p = load_record(db, s.header.parent);
    if (!p) return p.status();
    parent = std::move(p.value());
  }
  return index_audience(db, s, parent ? &*parent : nullptr, seq);
}

// One statement for all of a row's keys.
Status index_audience(Database& db, const RecordState& s, const RecordState* parent, uint64_t seq) {
  const std::vector<std::string> all = audience(s, parent);
  const std::set<std::string> keys(all.begin(), all.end());
  if (keys.empty()) return Status::ok();
  std::string sql = "INSERT INTO audience(key, seq) VALUES";
  for (size_t i = 0; i < keys.size(); ++i)
    sql += (i ? ", (?" : " (?") + std::to_string(i + 2) + ", ?1)";
  auto st = db.prepare(sql + " ON CONFLICT DO NOTHING");
  if (!st) return st.status();
  st->bind(1, seq);
  int i = 2;
  for (const std::string& key : keys) st->bind_blob(i++, key);
  return st->run();
}

Status WriteContext::save(const RecordState& s, bool local_edit, SiteId origin,
                          const RecordState* before, const SentBy* sent_by) {
  if (!seq) {
    auto top = max_seq(db);
    if (!top) return top.status();
    seq = *top;
  }
  const uint64_t this_seq = ++*seq;
  std::optional<RecordState> parent;
  if (audience_needs_parent(s)) {
    auto p = load(s.header.parent);
    if (!p) return p.status();
    parent = std::move(p.value());
  }
  const auto ahead = ahead_.find(s.header.id);
  const bool stored = ahead == ahead_.end() || ahead->second.has_value();
  if (ahead != ahead_.end()) ahead_.erase(ahead);
  if (!s.header.parent.is_nil()) childless_.erase(s.header.parent);
  if (stored) TRIAD_RETURN_IF_ERROR(unindex_audience(db, s.header.id));  // a new row has no entries
  TRIAD_RETURN_IF_ERROR(index_audience(db, s, parent ? &*parent : nullptr, this_seq));
  // The text base (text/text_changes.h): what the replaced row's merging text held, from its seq
  // until this one. A row that no peer can have been confirmed to hold since it was written (no
  // push confirmation was made after its seq) keeps its older base instead, so several saves
  // between two syncs send the changes since the state the peer last received.
  const std::string bases = before && !before->is_deleted() && !s.is_deleted()
                                ? encode_text_bases(*before, s)
                                : std::string();
  if (!bases.empty() && !last_confirmed_at_) {
    auto confirmed = db.prepare("SELECT coalesce(max(confirmed_at), 0) FROM peer");
    if (!confirmed) return confirmed.status();
    auto row = confirmed->step();
    if (!row) return row.status();
    last_confirmed_at_ = confirmed->uint64(0);
  }
  // Each text base column: none without a base (?20 = 0); the row's own while it keeps its older
  // base (?19: the latest push confirmation); else the replaced state's.
  const auto base_column = [](const std::string& column, const std::string& fresh) {
    return column + " = CASE WHEN ?20 = 0 THEN NULL WHEN record.text_base IS NOT NULL AND " +
           "record.seq > ?19 THEN record." + column + " ELSE " + fresh + " END";
  };
  static const std::string kUpsert =
      "INSERT INTO record(id, type, parent, school, author, created_hlc, created_site, scope, "
      "deleted_hlc, deleted_site, body, label, conflicts, seq, edited_seq, origin, people, "
      "text_peer, text_peer_base) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?21,?22) "
      "ON CONFLICT(id) DO UPDATE SET type=?2, parent=?3, school=?4, author=?5, created_hlc=?6, "
      "created_site=?7, scope=?8, deleted_hlc=?9, deleted_site=?10, body=?11, label=?12, "
      "conflicts=?13, seq=?14, edited_seq=coalesce(?15, record.edited_seq), origin=?16, "
      "people=?17, " +
      base_column("text_base", "?18") + ", " + base_column("text_base_from", "record.seq") + ", " +
      base_column("text_base_until", "?14") +
      ", text_peer = CASE WHEN ?23 = 1 THEN 0 WHEN ?21 = 0 THEN record.text_peer ELSE ?21 END, "
      "text_peer_base = CASE WHEN ?23 = 1 THEN NULL WHEN ?21 = 0 THEN record.text_peer_base "
      "ELSE ?22 END";
  auto st = db.prepare(kUpsert);
  if (!st) return st.status();
  st->bind_blob(18, bases);
  st->bind(19, last_confirmed_at_.value_or(0));
  st->bind(20, bases.empty() ? 0 : 1);
  // The peer that sent the state merged, while it is the last to have: it holds that text still.
  const bool sent = sent_by && !sent_by->bases.empty();
  st->bind(21, sent ? sent_by->peer : 0);
  st->bind_blob(22, sent ? sent_by->bases : std::string());
  st->bind(23, s.is_deleted() || (sent_by && sent_by->forget) ? 1 : 0);  // a tombstone keeps none
  st->bind_blob(1, s.header.id.bytes()).bind_text(2, s.header.type);
  if (s.header.parent.is_nil())
    st->bind_null(3);
  else
    st->bind_blob(3, s.header.parent.bytes());
  st->bind_blob(4, s.header.school.bytes()).bind_blob(5, s.header.author.bytes());
  st->bind(6, s.header.created.hlc).bind(7, s.header.created.site);
  st->bind(8, static_cast<int64_t>(s.scope));
  if (s.deleted)
    st->bind(9, s.deleted->hlc).bind(10, s.deleted->site);
  else
    st->bind_null(9).bind_null(10);
  st->bind_blob(11, encode_fields(s.fields));
  const std::string label = label_of(s);
  if (label.empty())
    st->bind_null(12);
  else
    st->bind_text(12, label);
  st->bind(13, count_conflicts(s)).bind(14, this_seq);
  if (local_edit)
    st->bind(15, this_seq);
  else
    st->bind_null(15);
  st->bind(16, origin);
  std::string people;
  for (const RecordId& person : participants(s)) people.append(person.bytes());
  st->bind_blob(17, people);
  return st->run();
}

Result<uint64_t> max_seq(Database& db) {
  auto st = db.prepare(
      "SELECT (SELECT coalesce(max(seq), 0) FROM record), "
      "(SELECT value FROM meta WHERE key = 'seq_floor')");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  return std::max(st->uint64(0), st->is_null(1) ? uint64_t{0} : st->uint64(1));
}

Status keep_seq_floor(Database& db) {
  auto top = max_seq(db);
  if (!top) return top.status();
  auto st = db.prepare(
      "INSERT INTO meta(key, value) VALUES('seq_floor', ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st) return st.status();
  st->bind(1, *top);
  return st->run();
}

Result<uint64_t> load_clock(Database& db) {
  auto st = db.prepare("SELECT value FROM meta WHERE key = 'clock'");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->uint64(0) : uint64_t{0};
}

Result<ClockState> load_clock_state(Database& db) {
  auto st = db.prepare("SELECT key, value FROM meta WHERE key IN ('clock', 'site_id')");
  if (!st) return st.status();
  ClockState out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return out;
    (st->text(0) == "clock" ? out.clock : out.site) = st->uint64(1);
  }
}

Status save_clock(Database& db, uint64_t hlc) {
  auto st = db.prepare(
      "INSERT INTO meta(key, value) VALUES('clock', ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st) return st.status();
  st->bind(1, hlc);
  return st->run();
}

Status note_erased_text(Database& db) {
  return db.exec(
      "INSERT INTO meta(key, value) VALUES('erased_text', '1') ON CONFLICT(key) DO NOTHING");
}

Result<bool> take_erased_text_note(Database& db) {
  auto st = db.prepare("DELETE FROM meta WHERE key = 'erased_text' RETURNING value");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  const bool noted = *row;
  if (noted) {
    auto rest = st->step();  // runs the statement to its end
    if (!rest) return rest.status();
  }
  return noted;
}

void canonicalise(RecordState& state) {
  for (auto& [name, f] : state.fields) rules_for(f.kind).canonicalise(f);
}

}  // namespace triad::core::detail

namespace triad::core::detail {

Status resend_children_if_audience_changed(WriteContext& ctx, const RecordState& before,
                                           const RecordState& after) {
  if (after.is_deleted() ||
      (before.scope == after.scope && participants(before) == participants(after)))
    return Status::ok();
  return resend_children(ctx, after.header.id);
}

Status resend_children(WriteContext& ctx, const RecordId& parent) {
  auto children = ctx.children(parent);
  if (!children) return children.status();
  for (const RecordState& child : children.value()) TRIAD_RETURN_IF_ERROR(ctx.save(child, false));
  return Status::ok();
}

Status tombstone_with_children(WriteContext& ctx, RecordState state, Stamp stamp, bool local_edit,
                               SiteId origin) {
  // A work list, not recursion: how deep children nest is up to the data, not the stack.
  const RecordId root = state.header.id;
  std::vector<RecordState> pending{std::move(state)};
  while (!pending.empty()) {
    RecordState r = std::move(pending.back());
    pending.pop_back();
    const RecordId id = r.header.id;
    r.deleted = std::max(r.deleted.value_or(Stamp{}), stamp);
    purge(r);
    ctx.purged = true;
    TRIAD_RETURN_IF_ERROR(ctx.save(r, local_edit, id == root ? origin : 0));
    auto children = ctx.children(id);
    if (!children) return children.status();
    for (RecordState& child : children.value()) pending.push_back(std::move(child));
  }
  return Status::ok();
}

}  // namespace triad::core::detail
