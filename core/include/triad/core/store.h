// Store: one replica's complete local state in one SQLite file (WAL mode).
//
// Holds every record this replica has seen, each as a RecordState with its clocks, plus a
// per-replica change sequence: every record row that changes, by a local edit or a merge, gets
// the next `seq`, so "everything changed since checkpoint N" is one indexed range query. Every
// local edit is one transaction; a received batch and the checkpoint covering it are one
// transaction, so a crash loses nothing and a repeat is harmless (merges are idempotent).
//
// The on-disk schema and its migrations are specified in store_schema.cpp. A store written by a
// newer version is refused, never modified.
//
// A Store owns one SQLite connection and is not thread-safe: use it from one thread at a time.
// Several processes may open the same file; writers wait up to the busy timeout, then get kBusy.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triad/core/clock.h"
#include "triad/core/edit.h"
#include "triad/core/record.h"
#include "triad/core/status.h"
#include "triad/core/sync_target.h"

namespace triad::core {

struct Viewer;  // sharing.h

namespace detail {
class Database;
struct WriteContext;
class StoreDeviceRegistry;
}  // namespace detail

struct StoreOptions {
  WallClock wall = system_wall_clock();
  uint64_t max_clock_ahead_ms = kDefaultMaxClockAheadMs;
  int busy_timeout_ms = 5000;
  bool synchronous_full = true;  // fsync at every commit; false = WAL's NORMAL
  SiteId site_id = 0;  // create(): 0 picks a random site id (tests and the simulator set one)
  bool enrol_identity = true;  // create(): add the school and person records (false for a hub)
  // Where new record ids get their random bits; unset: the system's. A simulation sets a seeded
  // generator so a run replays exactly.
  std::function<uint64_t()> random;
  // Refuse, before writing, a local edit that a hub would refuse from this replica's person
  // (sharing.h may_write: editing a record she may not change, deleting from the roster, adding
  // a person at another school). Off for a hub's own store, whose admin edits the roster.
  bool check_write_rules = true;
  // Called before every SQLite statement; returning true makes that statement fail as an I/O
  // error would, so its transaction rolls back (as a crash's recovery would). For the simulator
  // and fault tests; unset in production.
  std::function<bool()> inject_fault;
};

// Who this replica is: its site id and the school and person it records for.
struct Identity {
  SiteId site = 0;
  RecordId school;
  RecordId person;
  std::string school_name;
  std::string person_name;
};

// What a replica knows about one peer it exchanges changes with.
struct PeerState {
  SiteId site = 0;
  std::string name;
  uint64_t pulled_seq = 0;  // the peer's seq up to which this store has applied its changes
  uint64_t pushed_seq = 0;  // this store's seq up to which the peer has confirmed our changes
  uint64_t last_sync_ms = 0;
  uint64_t generation = 0;  // the peer's mark of the last session it began with this store
};

// What a hub says about this store when a session begins (sync's Welcome), applied in one durable
// transaction before anything else of the session is sent.
struct SessionStart {
  uint64_t generation = 0;  // the hub's mark for this session; this store shows it at the next one
  // Nonzero: this store is older than a copy of it that synced since (a backup restored, or a file
  // copied). From now on it writes as this new site id, so its writes and the copy's never share
  // one; the hub then sends it everything it lacks, its other copy's writes included.
  SiteId new_site = 0;
  // The hub's own record of the checkpoints: when it holds less than this store believes (the hub
  // was restored from a backup), the checkpoints move back to it, so what it lost is sent again:
  // rows this store edited after the rewound push checkpoint are no longer taken for the hub's
  // (their echo mark is cleared), even where the hub had sent back the merged state before.
  std::optional<uint64_t> push_from;  // this store's seq up to which the hub holds its changes
  std::optional<uint64_t>
      pull_from;  // the hub's seq up to which it knows this store has its changes
};

struct SessionStartReport {
  PeerState peer;              // the checkpoints as they now are
  bool took_new_site = false;  // this store was a restored or copied one
  SiteId old_site = 0;
  bool push_rewound = false;  // the hub held less of this store's changes than confirmed
  bool pull_rewound = false;  // the hub's sequence is behind this store's checkpoint
  // This store's last change number as the session began. The session sends no change after it
  // (a change made during the session waits for the next one), so every copy of this store that
  // shows this session's generation (a backup made during the session) holds everything the
  // session sent, and one that lacks a later change shows an older generation.
  uint64_t last_seq = 0;
};

// A store whose clock ran far ahead (a date set years wrong) re-issues, once the date is right,
// the edits it stamped in the future: nobody accepted them, so they are stamped again from now.
struct ClockRepair {
  size_t records = 0;         // records whose stamps were re-issued
  uint64_t clock_was_ms = 0;  // the store's clock before, in Unix ms
  uint64_t clock_now_ms = 0;  // after
};

// A change a peer refused, kept so the user sees it and the next exchange offers it again.
struct Refusal {
  RecordId record;
  SiteId peer = 0;
  std::string reason;
  uint64_t at_ms = 0;
  bool discard = false;  // the person chose to drop it and take the peer's state of the record back
};

struct ChangeBatch {
  std::vector<RecordState> records;
  uint64_t last_seq = 0;  // checkpoint covering this batch (the `from` seq when empty)
  bool more = false;      // more changes follow the batch
};

struct ApplyResult {
  size_t changed = 0;    // records whose state changed
  size_t unchanged = 0;  // already known (repeats are no-ops)
  std::vector<std::pair<RecordId, Status>> refused;
};

struct Conflict {
  RecordId record;
  std::string type;
  std::string field;
  FieldVersion current;
  std::vector<FieldVersion> overwritten;  // concurrent values the current one replaced
};

struct StoreStatus {
  Identity identity;
  std::vector<std::pair<std::string, size_t>> live_records_by_type;
  size_t deleted_records = 0;
  size_t unsent_local_changes = 0;  // records edited here and not confirmed by any peer
  size_t conflicts = 0;
  uint64_t last_seq = 0;
  std::vector<PeerState> peers;
  std::vector<Refusal> refusals;
};

class Store {
 public:
  // Creates a new replica at `path` (":memory:" for a store that lives only in this process)
  // with a fresh site id, and the school and person records it
  // records for. Fails with kFailedPrecondition if a file already exists there. The file is
  // created with mode 0600 (its -wal and -shm files too), and missing folders with mode 0700
  // (private_files.h); kStoreError when they cannot be made.
  static Result<std::unique_ptr<Store>> create(const std::string& path, std::string_view school,
                                               std::string_view person, StoreOptions options = {});
  // Opens an existing replica, upgrading an older schema in place. kNotFound when there is no
  // file, kCorrupt when it is not a Triad store, kFailedPrecondition when it is newer than this
  // build understands (it is then left untouched).
  static Result<std::unique_ptr<Store>> open(const std::string& path, StoreOptions options = {});

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Identity& identity() const { return identity_; }
  const std::string& path() const { return path_; }

  // ---- Local edits: each is one transaction, validated against the schema. -----------------
  // Creates a record of a known type. kInvalidArgument names the field and what is wrong.
  Result<RecordId> create_record(std::string_view type, const FieldEdits& edits,
                                 std::optional<Scope> scope = std::nullopt);
  // Edits fields and/or widens the scope (field name "scope"). Narrowing is kFailedPrecondition.
  Status update_record(const RecordId& id, const FieldEdits& edits);
  // Deletes a record and its child records; their field values are purged.
  Status delete_record(const RecordId& id);
  // Runs the local edits that `edits` makes on this store in one transaction, committed when it
  // returns ok and rolled back whole otherwise. Each edit inside stays all-or-nothing on its own
  // (a savepoint), so an edit that fails and is skipped leaves nothing behind. For bulk imports and
  // the benchmark's --batch; a teacher's edit is its own transaction. Not reentrant.
  Status in_one_transaction(const std::function<Status()>& edits);
  // Ends a text conflict by writing `value` (or the current value again when nullopt).
  Status resolve_conflict(const RecordId& id, const std::string& field,
                          std::optional<std::string> value);

  // ---- Reads ------------------------------------------------------------------------------
  // nullopt when this store has never seen the record.
  Result<std::optional<RecordState>> get(const RecordId& id);
  // Live records of `type` ("" = all types), ordered by id.
  Result<std::vector<RecordState>> list(std::string_view type);
  // Live child records of `parent`, ordered by their date field, then id.
  Result<std::vector<RecordState>> children(const RecordId& parent);
  Result<std::vector<Conflict>> conflicts();
  // Finds a live record of `type` ("" = any type) from what a person typed: a full id, a unique id
  // prefix (8+ hex digits), or its name/title (case-insensitive, accented capitals included,
  // unique). kNotFound / kInvalidArgument with the candidates otherwise.
  Result<RecordId> resolve(std::string_view type, std::string_view text);
  // The live school (`type` "school") or person ("person", working at `school`) whose name is
  // `name` as a person would read it: ignoring case, accented capitals included ("ZOË" is "Zoë"),
  // and runs of spaces. nullopt when there is none. Ids of schools and people are derived from
  // the name as it was first typed, so a name typed with other capitals may name a record whose
  // id RecordId::derive would not give.
  Result<std::optional<RecordId>> find_named(std::string_view type, std::string_view name,
                                             const RecordId& school = {});
  // The name or title shown for a record id ("" if unknown).
  std::string label(const RecordId& id);
  Result<StoreStatus> status();

  // ---- Exchange with peers (merge files, sync) ---------------------------------------------
  // Records changed after `after_seq`, oldest first, at most `max_records` and about
  // `max_bytes` of encoded state. With `for_peer`, records whose state that peer sent us
  // exactly are left out (it has them); the checkpoint still moves past them. With `visible_to`,
  // most records that viewer may not see are left out too, without decoding them (a hub serving
  // one device); the caller must still check may_see() on what is returned.
  // With `up_to_seq`, nothing changed after it is returned (a session's bound: SessionStartReport).
  Result<ChangeBatch> changes_since(uint64_t after_seq, size_t max_records, size_t max_bytes,
                                    SiteId for_peer = 0, const Viewer* visible_to = nullptr,
                                    uint64_t up_to_seq = UINT64_MAX);
  // Decides whether a record that would change this store is let in: given the stored state
  // (nullptr if new), the incoming state and the stored parent (nullptr if none), a non-ok
  // Status refuses that record. Not asked for records that change nothing.
  using AdmitFn = std::function<Status(const RecordState* existing, const RecordState& incoming,
                                       const RecordState* parent)>;
  // Merges records received from `peer` in one transaction, and if `peer_seq` is set moves the
  // pull checkpoint for that peer to it in the same transaction. Records with a stamp too far
  // ahead, a contradictory header, or refused by `admit` are refused one by one; the rest are
  // applied. With `checkpoint_only_if_all_accepted`, a batch with a refusal leaves the checkpoint
  // where it was (so the refused record is received again later).
  Result<ApplyResult> apply(const std::vector<RecordState>& records, SiteId peer,
                            std::string_view peer_name, std::optional<uint64_t> peer_seq,
                            const AdmitFn& admit = nullptr,
                            bool checkpoint_only_if_all_accepted = false);
  Result<PeerState> peer(SiteId site);
  // Every peer this store has exchanged changes with, most recently synced first.
  Result<std::vector<PeerState>> peers();
  // Notes that `peer` has committed our changes up to `seq`.
  Status confirm_pushed(SiteId peer, std::string_view peer_name, uint64_t seq);
  // Notes that this store holds `peer`'s changes up to `seq` of its sequence: the peer's own
  // push checkpoint, moved past what it held back because it came from here.
  Status confirm_pulled(SiteId peer, std::string_view peer_name, uint64_t seq);
  // The highest change sequence number used in this store (0 when empty).
  Result<uint64_t> last_seq();
  // Keeps changes `peer` refused, to show them and offer them again; clears others it accepted.
  Status note_refusals(SiteId peer, const std::vector<std::pair<RecordId, Status>>& refused);
  Status clear_refusals(SiteId peer, const std::vector<RecordId>& accepted);
  // Writes these records again, unchanged, with new change numbers, as if edited now: a refused
  // change the peer took on a later retry (outside the checkpoint stream) is brought into it, so
  // a peer that loses it again (a hub restored from a backup) gets it once more.
  Status requeue(const std::vector<RecordId>& ids);
  Result<std::vector<Refusal>> refusals(SiteId peer);
  // Marks the refused change to `record` (refused by any peer) to be dropped: at the next session
  // with the hub this store takes the hub's state of the record in place of its own. kNotFound when
  // no peer refused a change to it.
  Status discard_refused(const RecordId& record);
  // Replaces this store's state of records with a peer's (what "discard my change" receives):
  // `states` are taken as they are, and records in `gone` (the peer has none it may give) are
  // removed with their children, leaving no bytes; their refusals go too.
  Status take_peer_states(SiteId peer, const std::vector<RecordState>& states,
                          const std::vector<RecordId>& gone);

  // Applies what a hub said at the start of a session (see SessionStart), in one durable
  // transaction: the session's generation, a new site id for a restored copy, checkpoints moved
  // back to what the hub holds.
  Result<SessionStartReport> start_session(SiteId peer, std::string_view peer_name,
                                           const SessionStart& start);
  // The store's clock in Unix ms (the highest stamp it has issued or seen), and whether it is
  // further ahead of the wall clock than the clock-ahead bound: its new edits would be refused.
  uint64_t clock_ms() const { return hlc_millis(clock_->last()); }
  uint64_t wall_ms() const { return options_.wall(); }  // the wall clock this store was given
  bool clock_far_ahead() const;
  // Re-issues the edits stamped further ahead of the wall clock than the clock-ahead bound (see
  // ClockRepair). Call it only once the wall clock is known to be right: a hub's time agrees, or
  // the person confirmed the date. Does nothing when the clock is not ahead.
  Result<ClockRepair> repair_clock();
  // Writes a consistent copy of the whole store to `path` while it stays in use (SQLite's online
  // backup). Fails if `path` exists.
  Status backup_to(const std::string& path);
  // Current states of the given records (missing ids are skipped).
  // Records changed after `up_to_seq` are skipped too.
  Result<std::vector<RecordState>> states(const std::vector<RecordId>& ids,
                                          uint64_t up_to_seq = UINT64_MAX);

  // ---- A device's settings -----------------------------------------------------------------
  // Where this device syncs (sync_target.h); parts never saved are empty.
  Result<SyncTarget> sync_target();
  // Saves where this device syncs, whole: an empty hub or CA file is no longer kept.
  Status save_sync_target(const SyncTarget& target);
  // The device token that older versions kept in the store, before tokens moved to a credentials
  // file (nullopt when there is none): read to move it out there, and to sync until then.
  Result<std::optional<std::string>> legacy_token();
  // Deletes that token (a no-op when there is none) so that it is gone from the file: the store's
  // secure_delete zeroes the row, and the WAL, which still holds the old page, is checkpointed and
  // truncated (best effort while another connection reads the store).
  Status erase_legacy_token();

  // Runs PRAGMA integrity_check; ok when the database is sound.
  Status check_integrity();

 private:
  // A hub's registry (device_registry.h) writes in the store's transactions, on its connection.
  friend class detail::StoreDeviceRegistry;

  Store(std::string path, std::unique_ptr<detail::Database> db, StoreOptions options);
  static Result<std::unique_ptr<Store>> create_new(const std::string& path, std::string_view school,
                                                   std::string_view person, StoreOptions options);
  Status load_identity();
  // Local edits: refuses what sharing.h may_write would refuse from this replica's person.
  Status check_local_write(detail::WriteContext& ctx, const RecordState* before,
                           const RecordState& after);
  // Runs `body` in one write transaction with the clock and change sequence loaded from the file
  // (another process may have written since), and commits when it returns ok.
  Status write(const std::function<Status(detail::WriteContext&)>& body);
  // The same for bookkeeping that is safe to lose in a power cut (a sender's checkpoint): the
  // commit does not wait for an fsync; WAL mode keeps the file consistent either way.
  Status write_without_fsync(const std::function<Status(detail::WriteContext&)>& body);
  // After a commit that purged field values: moves the WAL into the database and truncates it,
  // so with secure_delete the purged bytes are gone from both files.
  void scrub_wal();

  std::string path_;
  std::unique_ptr<detail::Database> db_;
  StoreOptions options_;
  Identity identity_;
  std::unique_ptr<HybridClock> clock_;
  bool in_batch_ = false;      // inside in_one_transaction(): write() uses savepoints
  bool batch_purged_ = false;  // an edit of the open batch purged values: scrub after the commit
  bool batch_broken_ = false;  // the open batch's transaction failed: it must not commit
};

}  // namespace triad::core
