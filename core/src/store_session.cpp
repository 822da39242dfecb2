// Store: what a session with a hub begins with (generations, a restored copy's new site id,
// checkpoints moved back to a restored hub's), dropping a refused change for the hub's state,
// and online backups.
#include "database.h"
#include "restamp.h"
#include "store_rows.h"
#include "triad/core/merge.h"
#include "triad/core/store.h"

namespace triad::core {

using detail::WriteContext;

namespace {

// Removes `id` and every record under it, leaving no bytes (secure_delete, then the WAL scrub).
Status remove_with_children(WriteContext& ctx, const RecordId& id) {
  TRIAD_RETURN_IF_ERROR(detail::keep_seq_floor(ctx.db));
  std::vector<RecordId> pending{id};
  while (!pending.empty()) {
    const RecordId next = pending.back();
    pending.pop_back();
    auto children = ctx.db.prepare("SELECT id FROM record WHERE parent = ?");
    if (!children) return children.status();
    children->bind_blob(1, next.bytes());
    for (;;) {
      auto row = children->step();
      if (!row) return row.status();
      if (!*row) break;
      if (auto child = RecordId::from_bytes(children->blob(0))) pending.push_back(*child);
    }
    TRIAD_RETURN_IF_ERROR(detail::unindex_audience(ctx.db, next));
    for (const char* sql :
         {"DELETE FROM record WHERE id = ?", "DELETE FROM refusal WHERE record = ?"}) {
      auto st = ctx.db.prepare(sql);
      if (!st) return st.status();
      st->bind_blob(1, next.bytes());
      TRIAD_RETURN_IF_ERROR(st->run());
    }
  }
  ctx.purged = true;
  return Status::ok();
}

// The peer's state replaces ours: saved as it came (not merged), as not edited here.
Status take_state(WriteContext& ctx, SiteId peer, RecordState state) {
  detail::canonicalise(state);
  if (state.is_deleted()) {
    TRIAD_RETURN_IF_ERROR(detail::tombstone_with_children(ctx, state, *state.deleted, false));
  } else {
    TRIAD_RETURN_IF_ERROR(ctx.save(state, false, peer));
    TRIAD_RETURN_IF_ERROR(detail::resend_children(ctx, state.header.id));  // their audience follows
  }
  auto st = ctx.db.prepare("UPDATE record SET edited_seq = NULL, origin = ?2 WHERE id = ?1");
  if (!st) return st.status();
  st->bind_blob(1, state.header.id.bytes()).bind(2, peer);
  TRIAD_RETURN_IF_ERROR(st->run());
  auto gone = ctx.db.prepare("DELETE FROM refusal WHERE record = ?");
  if (!gone) return gone.status();
  gone->bind_blob(1, state.header.id.bytes());
  ctx.purged = true;  // our version's values, if any, are overwritten: scrub them from the WAL too
  return gone->run();
}

}  // namespace

Status Store::note_own_device() {
  auto person = get(identity_.person);
  if (!person) return person.status();
  if (!person->has_value() || (*person)->is_deleted()) return Status::ok();  // a hub's store
  const std::string site = site_text(identity_.site);
  if (const FieldState* devices = (*person)->field("devices"))
    for (const std::string& e : devices->elements())
      if (e == site) return Status::ok();
  return update_record(identity_.person, {{"devices", FieldEdit::Op::kAdd, site}});
}

Result<SessionStartReport> Store::start_session(SiteId peer, std::string_view peer_name,
                                                const SessionStart& start) {
  // Before the session's snapshot, so this session sends it. Naming a version's writer is not
  // worth failing a sync over: a store that cannot add it now tries again at the next one.
  (void)note_own_device();
  SessionStartReport report;
  report.old_site = identity_.site;
  // Durable only when it takes a new site id: the hub binds the token to it as soon as the session
  // goes on, and a store that came back from a power cut under its old one would be refused. A
  // lost generation alone reads as a restored store at the next session (a new site id: safe),
  // and lost checkpoints are moved back again.
  const bool new_site = start.new_site != 0 && start.new_site != identity_.site;
  const auto commit = [this, new_site](const std::function<Status(WriteContext&)>& body) {
    return new_site ? write(body) : write_without_fsync(body);
  };
  TRIAD_RETURN_IF_ERROR(commit([&](WriteContext& ctx) -> Status {
    auto st = ctx.db.prepare(
        "SELECT pulled_seq, pushed_seq, session_clock, confirmed_at FROM peer "
        "WHERE site = ?");
    if (!st) return st.status();
    st->bind(1, peer);
    auto row = st->step();
    if (!row) return row.status();
    uint64_t pulled = *row ? st->uint64(0) : 0, pushed = *row ? st->uint64(1) : 0;
    const uint64_t last_session_clock = *row ? st->uint64(2) : 0;
    const uint64_t confirmed_at = *row ? st->uint64(3) : 0;
    if (start.push_from && *start.push_from < pushed) {
      pushed = *start.push_from, report.push_rewound = true;
      // What this store wrote after the point the hub now holds must reach it again, even rows the
      // hub had sent back merged (marked as the hub's own): the mark is cleared, and stays cleared
      // until the hub sends them again, however many sessions the resending takes.
      auto unmark = ctx.db.prepare(
          "UPDATE record SET origin = 0 WHERE seq > ?1 AND origin = ?2 AND edited_seq > ?1");
      if (!unmark) return unmark.status();
      unmark->bind(1, pushed).bind(2, peer);
      TRIAD_RETURN_IF_ERROR(unmark->run());
    }
    if (start.pull_from && *start.pull_from < pulled)
      pulled = *start.pull_from, report.pull_rewound = true;
    auto up = ctx.db.prepare(
        "INSERT INTO peer(site, name, pulled_seq, pushed_seq, generation, session_clock, kind) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, 1) ON CONFLICT(site) DO UPDATE SET name = CASE WHEN ?2 = "
        "'' "
        "THEN peer.name ELSE ?2 END, pulled_seq = ?3, pushed_seq = ?4, generation = ?5, "
        "session_clock = ?6, kind = 1");
    if (!up) return up.status();
    up->bind(1, peer).bind_text(2, peer_name).bind(3, pulled).bind(4, pushed);
    up->bind(5, start.generation).bind(6, ctx.clock.last());
    TRIAD_RETURN_IF_ERROR(up->run());
    report.peer = PeerState{peer, std::string(peer_name), pulled,         pushed,
                            0,    start.generation,       PeerKind::kHub, confirmed_at};
    if (new_site) {
      // What this store wrote after its last session began may share its site id and clock with
      // what its other copy wrote meanwhile: those writes take the new site id too.
      TRIAD_RETURN_IF_ERROR(
          detail::restamp_fork(ctx, identity_.site, start.new_site, last_session_clock));
      TRIAD_RETURN_IF_ERROR(detail::note_former_site(ctx.db, identity_.site));
      auto site = ctx.db.prepare("UPDATE meta SET value = ? WHERE key = 'site_id'");
      if (!site) return site.status();
      site->bind(1, start.new_site);
      TRIAD_RETURN_IF_ERROR(site->run());
    }
    auto last = detail::max_seq(ctx.db);  // read in the same transaction: see SessionStartReport
    if (!last) return last.status();
    report.last_seq = *last;
    auto erased = detail::take_erased_text_note(ctx.db);
    if (!erased) return erased.status();
    ctx.purged = *erased;  // text a person erased since the last session: scrubbed from the WAL
    return Status::ok();
  }));
  if (start.new_site != 0 && start.new_site != identity_.site) {
    identity_.site = start.new_site;
    clock_ = std::make_unique<HybridClock>(start.new_site, clock_->last(), options_.wall,
                                           options_.max_clock_ahead_ms);
    report.took_new_site = true;
  }
  return report;
}

Status Store::discard_refused(const RecordId& record) {
  return write([&](WriteContext& ctx) -> Status {
    auto st = ctx.db.prepare("UPDATE refusal SET discard = 1 WHERE record = ?");
    if (!st) return st.status();
    st->bind_blob(1, record.bytes());
    TRIAD_RETURN_IF_ERROR(st->run());
    if (ctx.db.last_changes() == 0)
      return not_found("no change to " + record.to_string() +
                       " was refused, so there is nothing to discard");
    return Status::ok();
  });
}

Status Store::take_peer_states(SiteId peer, const std::vector<RecordState>& states,
                               const std::vector<RecordId>& gone) {
  return write([&](WriteContext& ctx) -> Status {
    for (const RecordState& s : states) {
      if (s.header.id.is_nil() || s.header.type.empty())
        return invalid_argument("a record without an id or type cannot replace this store's copy");
      TRIAD_RETURN_IF_ERROR(ctx.clock.check(s.max_hlc()));
      ctx.clock.observe(s.max_hlc());
      TRIAD_RETURN_IF_ERROR(take_state(ctx, peer, s));
    }
    for (const RecordId& id : gone) TRIAD_RETURN_IF_ERROR(remove_with_children(ctx, id));
    return Status::ok();
  });
}

Status Store::backup_to(const std::string& path) { return db_->engine().backup_to(path); }

}  // namespace triad::core
