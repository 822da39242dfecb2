// Replica: the storage contract of replication. Sessions with a hub, the hub's side of them, its
// rules and reports, and file merges reach a replica's storage only through this interface;
// core::Store (SQLite, one file per replica) implements it, and a hub's store on another database
// implements it the same way. The replication algorithm over it is replication.h.
//
// The contract, which every implementation keeps:
// - Every record row that changes, by a local edit or a merge, gets the next number of the
//   replica's change sequence, so "everything changed after checkpoint N" is a range.
// - changes() returns changes in sequence order, bounded in records and bytes. Given a viewer it
//   returns exactly the records that viewer may see (sharing.h may_see, the parent looked up by
//   the replica): no caller checks again. Its checkpoint moves past everything it read.
// - apply() merges a batch (merge.h: idempotent, commutative) and moves the peer's checkpoint in
//   the same transaction, as the CheckpointPolicy says; a crash keeps both or neither.
// - Confirmations may be lost in a power cut (they only make a peer send again), nothing else.
// - The refusal ledger keeps, per peer, the records the peer refused (and, at a hub, the records
//   it refused from the peer), until a later exchange takes them.
// Not thread-safe: an implementation is used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "triad/core/local_records.h"
#include "triad/core/sharing.h"

namespace triad::core {

// A peer's push checkpoint as it moved: the peer confirmed it holds this replica's changes up to
// `checkpoint` when this replica's last change number was `at`. A row the replica read at a number
// within the checkpoint and did not change again before `at` reached the peer in that state
// (unless the peer may not see it). Sessions keep these to send merging text fields as the changes
// the peer lacks since a state it received (text-changes, sync.proto).
struct Delivery {
  uint64_t checkpoint = 0;
  uint64_t at = 0;
};

// What to read from a replica's change sequence.
struct ChangeQuery {
  uint64_t after = 0;           // the checkpoint: changes after this number
  uint64_t up_to = UINT64_MAX;  // and none after this one (a session's bound)
  size_t max_records = 500;
  size_t max_bytes = 1 << 20;      // about this many bytes of encoded state
  SiteId for_peer = 0;             // leave out records whose state this peer sent us exactly
  const Viewer* viewer = nullptr;  // only what this viewer may see
  // Count in ChangeBatch::withheld what the viewer may not see (one more indexed count: a file
  // merge reports it; a hub serving a device does not need it).
  bool count_withheld = false;
  // The peer's deliveries, by checkpoint ascending: a merging text field of a row the peer
  // received in its previous state is sent as the changes since that state (text_changes.h), not
  // whole. Null: every record whole (a peer that does not speak text changes, a file).
  const std::vector<Delivery>* deliveries = nullptr;
};

struct ChangeBatch {
  std::vector<RecordState> records;
  uint64_t last_seq = 0;  // checkpoint covering this batch (the `after` seq when empty)
  uint64_t read_at = 0;   // the replica's last change number when the batch was read
  bool more = false;      // more changes follow the batch
  size_t withheld = 0;    // records read past because the viewer may not see them (if counted)
};

// Whether `record` carries a merging text field as changes (ChangeQuery::deliveries), which only
// peers that agreed on them exchange; a session that did not refuses such a record.
bool carries_text_changes(const RecordState& record);

// Decides whether a record that would change the replica is let in: given the stored state
// (nullptr if new), the incoming state and the stored parent (nullptr if none), a non-ok Status
// refuses that record. Not asked for records that change nothing.
using AdmitFn = std::function<Status(const RecordState* existing, const RecordState& incoming,
                                     const RecordState* parent)>;

// Where the peer's checkpoint goes when a batch has refused records. A refused change is kept by
// whoever can offer it again: a sender that keeps a refusal ledger (a device pushing to its hub,
// a file merge) retries from its ledger, so the receiver moves past it (kAdvance); a hub keeps no
// ledger of what a device refused to take, so the device holds its checkpoint (kHoldOnRefusal) and
// the record comes again at the next session.
enum class CheckpointPolicy { kAdvance, kHoldOnRefusal };

// Whether apply() keeps the refusal ledger for the peer in the same transaction: what it refused
// is noted, and what it took is struck from the ledger (PushReceiver with keep_ledger).
enum class RefusalLedger { kNone, kKeep };

struct ApplyResult {
  size_t changed = 0;    // records whose state changed
  size_t unchanged = 0;  // already known (repeats are no-ops)
  std::vector<std::pair<RecordId, Status>> refused;
  // Records sent as text changes whose base this replica does not hold: nothing of them was taken;
  // the sender sends them whole. The checkpoint moves as for a refusal.
  std::vector<RecordId> whole_needed;
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

class Replica : public LocalRecords {
 public:
  // ---- The change sequence ----------------------------------------------------------------
  // Changes after `query.after`, oldest first (see ChangeQuery and the contract above).
  virtual Result<ChangeBatch> changes(const ChangeQuery& query) = 0;
  Result<ChangeBatch> changes_since(uint64_t after, size_t max_records, size_t max_bytes,
                                    SiteId for_peer = 0) {
    return changes({after, UINT64_MAX, max_records, max_bytes, for_peer, nullptr});
  }
  // Whether `viewer` may receive `record` (sharing.h may_see), its parent looked up here.
  Result<bool> visible_to(const Viewer& viewer, const RecordState& record);
  // The highest change number used (0 when empty).
  virtual Result<uint64_t> last_seq() = 0;
  // Current states of the given records (missing ids are skipped); records changed after
  // `up_to_seq` are skipped too.
  virtual Result<std::vector<RecordState>> states(const std::vector<RecordId>& ids,
                                                  uint64_t up_to_seq = UINT64_MAX) = 0;

  // ---- Taking a peer's changes ------------------------------------------------------------
  // Merges records received from `peer` in one transaction, and if `peer_seq` is set moves the
  // pull checkpoint for that peer to it in the same transaction (as `policy` says when a record
  // is refused). Records with a stamp too far ahead, a contradictory header, or refused by `admit`
  // are refused one by one; the rest are applied.
  virtual Result<ApplyResult> apply(const std::vector<RecordState>& records, SiteId peer,
                                    std::string_view peer_name, std::optional<uint64_t> peer_seq,
                                    const AdmitFn& admit = nullptr,
                                    CheckpointPolicy policy = CheckpointPolicy::kAdvance,
                                    RefusalLedger ledger = RefusalLedger::kNone) = 0;

  // ---- Checkpoints ------------------------------------------------------------------------
  virtual Result<PeerState> peer(SiteId site) = 0;
  // Every peer this replica has exchanged changes with, most recently synced first.
  virtual Result<std::vector<PeerState>> peers() = 0;
  // Notes that `peer` has committed our changes up to `seq`.
  virtual Status confirm_pushed(SiteId peer, std::string_view peer_name, uint64_t seq) = 0;
  // Notes that this replica holds `peer`'s changes up to `seq` of its sequence: the peer's own
  // push checkpoint, moved past what it held back because it came from here.
  virtual Status confirm_pulled(SiteId peer, std::string_view peer_name, uint64_t seq) = 0;

  // ---- The refusal ledger -----------------------------------------------------------------
  virtual Result<std::vector<Refusal>> refusals(SiteId peer) = 0;  // 0: every peer's
  // Keeps changes `peer` refused, to show them and offer them again.
  virtual Status note_refusals(SiteId peer,
                               const std::vector<std::pair<RecordId, Status>>& refused) = 0;
  // Forgets refusals of records `peer` has now taken.
  virtual Status clear_refusals(SiteId peer, const std::vector<RecordId>& accepted) = 0;
  // Writes these records again, unchanged, with new change numbers, as if edited now: a refused
  // change the peer took on a later retry (outside the checkpoint stream) is brought into it, so
  // a peer that loses it again (a hub restored from a backup) gets it once more. Their text bases
  // are forgotten (text_changes.h): they go whole.
  virtual Status requeue(const std::vector<RecordId>& ids) = 0;
  // Marks the refused change to `record` (refused by any peer) to be dropped: at the next session
  // with the hub this replica takes the hub's state of the record in place of its own. kNotFound
  // when no peer refused a change to it.
  virtual Status discard_refused(const RecordId& record) = 0;
  // Replaces this replica's state of records with a peer's (what "discard my change" receives):
  // `states` are taken as they are, and records in `gone` (the peer has none it may give) are
  // removed with their children, leaving no bytes; their refusals go too.
  virtual Status take_peer_states(SiteId peer, const std::vector<RecordState>& states,
                                  const std::vector<RecordId>& gone) = 0;

  // ---- Sessions and the clock -------------------------------------------------------------
  // Applies what a hub said at the start of a session (see SessionStart), in one durable
  // transaction: the session's generation, a new site id for a restored copy, checkpoints moved
  // back to what the hub holds.
  virtual Result<SessionStartReport> start_session(SiteId peer, std::string_view peer_name,
                                                   const SessionStart& start) = 0;
  // The replica's clock in Unix ms (the highest stamp it has issued or seen), the wall clock it
  // was given, and whether it is further ahead of the wall clock than the clock-ahead bound (its
  // new edits would be refused).
  virtual uint64_t clock_ms() const = 0;
  virtual uint64_t wall_ms() const = 0;
  virtual bool clock_far_ahead() const = 0;
  // Re-issues the edits stamped further ahead of the wall clock than the clock-ahead bound (see
  // ClockRepair). Call it only once the wall clock is known to be right: a hub's time agrees, or
  // the person confirmed the date. Does nothing when the clock is not ahead.
  virtual Result<ClockRepair> repair_clock() = 0;
};

}  // namespace triad::core
