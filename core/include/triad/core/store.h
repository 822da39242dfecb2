// Store: one replica's complete local state in one SQLite file (WAL mode): the SQLite
// implementation of LocalRecords and Replica (replica.h states the contract it keeps).
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
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triad/core/clock.h"
#include "triad/core/edit.h"
#include "triad/core/record.h"
#include "triad/core/replica.h"
#include "triad/core/sql_engine.h"
#include "triad/core/status.h"
#include "triad/core/sync_target.h"

namespace triad::core {

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
  // create(): the ids the hub's roster gives this store's school and person (a join file carries
  // them); nil: derived from the names. A school renamed at the hub keeps the id its first name
  // derived, so a store named after the new name takes the roster's id rather than its own.
  RecordId enrolled_school, enrolled_person;
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

class Store final : public Replica {
 public:
  using AdmitFn = core::AdmitFn;
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
  // The same on another SQL engine (sql_engine.h; a hub's PostgreSQL database): create_on makes
  // a new replica in an empty database, open_on opens one. `name` says where it is in messages.
  static Result<std::unique_ptr<Store>> create_on(std::unique_ptr<SqlEngine> engine,
                                                  std::string_view school, std::string_view person,
                                                  StoreOptions options = {});
  static Result<std::unique_ptr<Store>> open_on(std::unique_ptr<SqlEngine> engine,
                                                StoreOptions options = {});

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The store's file (a description of its database on another engine).
  const std::string& path() const { return path_; }

  // ---- LocalRecords (local_records.h) ------------------------------------------------------
  const Identity& identity() const override { return identity_; }
  Result<RecordId> create_record(std::string_view type, const FieldEdits& edits,
                                 std::optional<Scope> scope = std::nullopt) override;
  Status update_record(const RecordId& id, const FieldEdits& edits) override;
  Status delete_record(const RecordId& id) override;
  Status in_one_transaction(const std::function<Status()>& edits) override;
  Status resolve_conflict(const RecordId& id, const std::string& field,
                          std::optional<std::string> value) override;
  Result<std::optional<RecordState>> get(const RecordId& id) override;
  Result<std::vector<RecordState>> list(std::string_view type) override;
  Result<std::vector<RecordState>> children(const RecordId& parent) override;
  Result<std::vector<Conflict>> conflicts() override;
  Result<RecordId> resolve(std::string_view type, std::string_view text) override;
  Result<std::optional<RecordId>> find_named(std::string_view type, std::string_view name,
                                             const RecordId& school = {}) override;
  std::string label(const RecordId& id) override;
  Result<StoreStatus> status() override;

  // ---- Replica (replica.h) ----------------------------------------------------------------
  // With a viewer, rows the viewer cannot see are first skipped in SQL from the row's columns,
  // undecoded (a superset of may_see), then may_see decides on the rest.
  Result<ChangeBatch> changes(const ChangeQuery& query) override;
  Result<uint64_t> last_seq() override;
  Result<std::vector<RecordState>> states(const std::vector<RecordId>& ids,
                                          uint64_t up_to_seq = UINT64_MAX) override;
  Result<ApplyResult> apply(const std::vector<RecordState>& records, SiteId peer,
                            std::string_view peer_name, std::optional<uint64_t> peer_seq,
                            const AdmitFn& admit = nullptr,
                            CheckpointPolicy policy = CheckpointPolicy::kAdvance,
                            RefusalLedger ledger = RefusalLedger::kNone) override;
  Result<PeerState> peer(SiteId site) override;
  Result<std::vector<PeerState>> peers() override;
  // Confirmations are committed without their own fsync: losing one to a power cut makes the
  // peer send the same records again, which merge as no-ops.
  Status confirm_pushed(SiteId peer, std::string_view peer_name, uint64_t seq) override;
  Status confirm_pulled(SiteId peer, std::string_view peer_name, uint64_t seq) override;
  Result<std::vector<Refusal>> refusals(SiteId peer) override;
  Status note_refusals(SiteId peer,
                       const std::vector<std::pair<RecordId, Status>>& refused) override;
  Status clear_refusals(SiteId peer, const std::vector<RecordId>& accepted) override;
  Status requeue(const std::vector<RecordId>& ids) override;
  Status discard_refused(const RecordId& record) override;
  Status take_peer_states(SiteId peer, const std::vector<RecordState>& states,
                          const std::vector<RecordId>& gone) override;
  Result<SessionStartReport> start_session(SiteId peer, std::string_view peer_name,
                                           const SessionStart& start) override;
  uint64_t clock_ms() const override { return hlc_millis(clock_->last()); }
  uint64_t wall_ms() const override { return options_.wall(); }
  bool clock_far_ahead() const override;
  Result<ClockRepair> repair_clock() override;

  // Writes a consistent copy of the whole store to `path` while it stays in use (SQLite's online
  // backup). Fails if `path` exists; kFailedPrecondition on an engine whose own tools back it up.
  Status backup_to(const std::string& path);

  // ---- A device's settings -----------------------------------------------------------------
  // Where this device syncs (sync_target.h); parts never saved are empty.
  Result<SyncTarget> sync_target();
  // Saves where this device syncs, whole: an empty hub list or CA file is no longer kept.
  // kInvalidArgument, nothing saved, for a hub address that is empty or holds a comma.
  Status save_sync_target(const SyncTarget& target);
  // The device token that older versions kept in the store, before tokens moved to a credentials
  // file (nullopt when there is none): read to move it out there, and to sync until then.
  Result<std::optional<std::string>> legacy_token();
  // Deletes that token (a no-op when there is none) so that it is gone from the file: the store's
  // secure_delete zeroes the row, and the WAL, which still holds the old page, is checkpointed and
  // truncated (best effort while another connection reads the store).
  Status erase_legacy_token();

  // Checks the database (SQLite: PRAGMA integrity_check); ok when it is sound.
  Status check_integrity();

 private:
  // A hub's registry (device_registry.h) writes in the store's transactions, on its connection.
  friend class detail::StoreDeviceRegistry;

  Store(std::string path, std::unique_ptr<detail::Database> db, StoreOptions options);
  // create_record, at `id` when given (the roster's id of this store's own school or person).
  Result<RecordId> create_record_at(std::string_view type, const FieldEdits& edits,
                                    std::optional<Scope> scope, std::optional<RecordId> id);
  static Result<std::unique_ptr<Store>> create_new(std::string path,
                                                   std::unique_ptr<detail::Database> db,
                                                   std::string_view school, std::string_view person,
                                                   StoreOptions options);
  static Result<std::unique_ptr<Store>> open_existing(std::string path,
                                                      std::unique_ptr<detail::Database> db,
                                                      StoreOptions options);
  Status load_identity();
  // Adds this store's site id to its person's record (schema: person.devices) when it is not
  // there yet: a store made before that field, or one that took a new site id. A no-op for a
  // store without its person's record (a hub's).
  Status note_own_device();
  // Local edits: refuses what sharing.h may_write would refuse from this replica's person.
  Status check_local_write(detail::WriteContext& ctx, const RecordState* before,
                           const RecordState& after);
  // Runs `body` in one write transaction with the clock and change sequence loaded from the file
  // (another process may have written since), and commits when it returns ok.
  Status write(const std::function<Status(detail::WriteContext&)>& body);
  // The same for bookkeeping that is safe to lose in a power cut (a sender's checkpoint): the
  // commit does not wait for an fsync; WAL mode keeps the file consistent either way.
  Status write_without_fsync(const std::function<Status(detail::WriteContext&)>& body);
  // After a commit that purged field values: the engine removes what it still keeps of them
  // (SQLite: moves the WAL into the database and truncates it, so with secure_delete the purged
  // bytes are gone from both files).
  void scrub_wal();

  std::string path_;
  std::unique_ptr<detail::Database> db_;
  StoreOptions options_;
  Identity identity_;
  std::unique_ptr<HybridClock> clock_;
  uint64_t typing_session_ = 0;  // drawn at open: the site a person's saves type text as
  // For each record and merging text field, how many operations this open has typed in it
  // (merging_text.h, save_merging_text).
  std::map<RecordId, std::map<std::string, uint64_t>> typed_;
  bool in_batch_ = false;      // inside in_one_transaction(): write() uses savepoints
  bool batch_purged_ = false;  // an edit of the open batch purged values: scrub after the commit
  bool batch_broken_ = false;  // the open batch's transaction failed: it must not commit
  // The clock as stored when the open batch last read it (the batch holds the write lock, so no
  // one else changes it meanwhile); saved once before the batch commits if it moved. An edit that
  // fails may give the lock back (it was taken inside the edit's savepoint): the next edit then
  // reads the clock again (batch_reread_), and the highest seq too (batch_seq_ is reset).
  std::optional<uint64_t> batch_stored_clock_;
  bool batch_reread_ = false;
  std::optional<uint64_t> batch_seq_;  // the highest seq the open batch has used
};

}  // namespace triad::core
