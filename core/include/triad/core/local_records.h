// LocalRecords: what a person does with the records of one replica, through the CLI, the desktop
// app, an import, or the hub's admin and reports: edit, look up, list, read conflicts. Every edit
// is validated against the schema (schema.h) and is one transaction. The replication side of a
// replica is Replica (replica.h); core::Store is the SQLite implementation of both. Not
// thread-safe: an implementation is used from one thread at a time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "triad/core/clock.h"
#include "triad/core/edit.h"
#include "triad/core/record.h"
#include "triad/core/status.h"

namespace triad::core {

// Who this replica is: its site id and the school and person it records for.
struct Identity {
  SiteId site = 0;
  RecordId school;
  RecordId person;
  std::string school_name;
  std::string person_name;
};

// What a peer is to this replica: the hub it syncs with (it began a session: start_session), or
// another store merged as a file.
enum class PeerKind { kStore = 0, kHub = 1 };

// What a replica knows about one peer it exchanges changes with.
struct PeerState {
  SiteId site = 0;
  std::string name;
  uint64_t pulled_seq = 0;  // the peer's seq up to which this store has applied its changes
  uint64_t pushed_seq = 0;  // this store's seq up to which the peer has confirmed our changes
  uint64_t last_sync_ms = 0;
  uint64_t generation = 0;  // the peer's mark of the last session it began with this store
  PeerKind kind = PeerKind::kStore;
  uint64_t confirmed_at = 0;  // this store's last change number when pushed_seq last moved
};

// A change a peer refused, kept so the user sees it and the next exchange offers it again. A hub
// keeps, under a device's site id, the changes it refused from that device (for its reports).
struct Refusal {
  RecordId record;
  SiteId peer = 0;
  std::string reason;
  uint64_t at_ms = 0;
  bool discard = false;  // the person chose to drop it and take the peer's state of the record back
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

class LocalRecords {
 public:
  virtual ~LocalRecords() = default;

  virtual const Identity& identity() const = 0;

  // ---- Local edits: each is one transaction, validated against the schema. -----------------
  // Creates a record of a known type. kInvalidArgument names the field and what is wrong.
  virtual Result<RecordId> create_record(std::string_view type, const FieldEdits& edits,
                                         std::optional<Scope> scope = std::nullopt) = 0;
  // Edits fields and/or widens the scope (field name "scope"). Narrowing is kFailedPrecondition.
  virtual Status update_record(const RecordId& id, const FieldEdits& edits) = 0;
  // Deletes a record and its child records; their field values are purged.
  virtual Status delete_record(const RecordId& id) = 0;
  // Runs the edits that `edits` makes in one transaction, committed when it returns ok and rolled
  // back whole otherwise. Each edit inside stays all-or-nothing on its own (a savepoint), so an
  // edit that fails and is skipped leaves nothing behind. For bulk imports, the benchmark's
  // --batch and the hub's group commit; a teacher's edit is its own transaction. Not reentrant.
  virtual Status in_one_transaction(const std::function<Status()>& edits) = 0;
  // Ends a text conflict by writing `value` (or the current value again when nullopt).
  virtual Status resolve_conflict(const RecordId& id, const std::string& field,
                                  std::optional<std::string> value) = 0;

  // ---- Reads ------------------------------------------------------------------------------
  // nullopt when this replica has never seen the record.
  virtual Result<std::optional<RecordState>> get(const RecordId& id) = 0;
  // Live records of `type` ("" = all types), ordered by id.
  virtual Result<std::vector<RecordState>> list(std::string_view type) = 0;
  // Live child records of `parent`, ordered by their date field, then id.
  virtual Result<std::vector<RecordState>> children(const RecordId& parent) = 0;
  virtual Result<std::vector<Conflict>> conflicts() = 0;
  // Finds a live record of `type` ("" = any type) from what a person typed: a full id, a unique id
  // prefix (8+ hex digits), or its name/title (case-insensitive, accented capitals included,
  // unique). kNotFound / kInvalidArgument with the candidates otherwise.
  virtual Result<RecordId> resolve(std::string_view type, std::string_view text) = 0;
  // The live school (`type` "school") or person ("person", working at `school`) whose name is
  // `name` as a person would read it: ignoring case, accented capitals included ("ZOË" is "Zoë"),
  // and runs of spaces. nullopt when there is none. Ids of schools and people are derived from
  // the name as it was first typed, so a name typed with other capitals may name a record whose
  // id RecordId::derive would not give.
  virtual Result<std::optional<RecordId>> find_named(std::string_view type, std::string_view name,
                                                     const RecordId& school = {}) = 0;
  // The name or title shown for a record id ("" if unknown).
  virtual std::string label(const RecordId& id) = 0;
  virtual Result<StoreStatus> status() = 0;
};

}  // namespace triad::core
