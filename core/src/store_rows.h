// Reading and writing record rows, and the per-transaction write context of a store.
// Internal to core: the store_*.cpp files share these. Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "database.h"
#include "triad/core/clock.h"
#include "triad/core/record.h"

namespace triad::core::detail {

// The columns every record query selects, in the order read_record_row expects.
extern const char* const kRecordColumns;

Result<RecordState> read_record_row(const Statement& st, int first_column = 0);
Result<std::optional<RecordState>> load_record(Database& db, const RecordId& id);
// Live children of `parent`.
Result<std::vector<RecordState>> load_children(Database& db, const RecordId& parent);

// A peer whose state of a record is merged, and what it holds of the record's merging text.
struct SentBy {
  SiteId peer = 0;
  std::string bases;    // text_changes.h encode_sender_bases
  bool forget = false;  // instead: forget the peer the row remembers (a record sent whole again)
};

// One write transaction: the store's clock and change sequence as of its start.
struct WriteContext {
  WriteContext(Database& database, HybridClock& store_clock) : db(database), clock(store_clock) {}

  Database& db;
  HybridClock& clock;
  std::optional<uint64_t> seq;  // highest seq used so far; read when the first row is saved
  bool purged = false;          // a tombstone was written: scrub the WAL after commit

  // Writes `state` with the next seq; `local_edit` marks it as changed here (unsent). `origin`
  // is the peer whose state this equals exactly (0: none). Forgets what was read ahead of it.
  // `before`, the stored state `state` replaces, keeps the row's text base (text/text_changes.h):
  // what its merging text fields held before, so a session sends a peer that held it only the
  // changes since. Without it (a write that is no edit of the text) the row has no text base.
  // `sent_by`, for a merge of a peer's state, is that peer and what it holds of the row's merging
  // text (text_changes.h encode_sender_bases): a change is later sent it as the changes since.
  Status save(const RecordState& state, bool local_edit, SiteId origin = 0,
              const RecordState* before = nullptr, const SentBy* sent_by = nullptr);

  // Reads ahead, in one statement per 64 records, what merging `incoming` needs: their stored
  // rows, their parents' rows, and which of them have live children. Each read costs a round
  // trip to a database server; a batch of records now costs a fixed few (store_read_ahead.cpp).
  Status read_ahead(const std::vector<RecordState>& incoming);
  // The stored row of `id`: from what was read ahead, or read now.
  Result<std::optional<RecordState>> load(const RecordId& id);
  // Live children of `parent` (load_children), none without a read when it is known to have none.
  Result<std::vector<RecordState>> children(const RecordId& parent);

 private:
  // What read_ahead() found: an id's stored row, or nullopt when it has none. save() forgets the
  // row it writes and its parent's childlessness, so what is kept is always what is stored.
  std::map<RecordId, std::optional<RecordState>> ahead_;
  // The highest local change number any peer's latest push confirmation was made at (peer
  // confirmed_at), read by the first save that keeps a text base.
  std::optional<uint64_t> last_confirmed_at_;
  std::set<RecordId> childless_;  // read ahead and found without a live child
};

// Many ids in one statement: `IN (id_list(first, length))`, bound by bind_id_list. Lists are
// padded to a power of two (id_list_length), repeating their last id, so a few statement texts
// serve every length (a database server prepares each text once per connection).
constexpr size_t kMostIdsPerStatement = 64;
size_t id_list_length(size_t ids);
std::string id_list(size_t first, size_t length);  // "?first, ?first+1, ..."
void bind_id_list(Statement& st, size_t first, const std::vector<RecordId>& ids, size_t length);

// The audience index (sharing.h audience): files `state`, written with change number `seq`,
// under its audience keys; unindex_audience removes the entries of the row `id` as it is stored.
// WriteContext::save does both; a row is never written without them.
Status index_audience(Database& db, const RecordState& state, uint64_t seq);
// The same with the parent given (nullptr: none, or not needed).
Status index_audience(Database& db, const RecordState& state, const RecordState* parent,
                      uint64_t seq);
Status unindex_audience(Database& db, const RecordId& id);

// The highest change number used: of the rows stored, or of rows removed since (keep_seq_floor),
// so a number a peer has confirmed is never given again.
Result<uint64_t> max_seq(Database& db);
// Keeps the highest change number used before rows are removed (not tombstoned: removed).
Status keep_seq_floor(Database& db);
Result<uint64_t> load_clock(Database& db);
// The site id this replica writes as and its clock, as another connection may have left them (a
// restored copy takes a new site id in the sync worker while the app has the store open).
struct ClockState {
  SiteId site = 0;
  uint64_t clock = 0;
};
Result<ClockState> load_clock_state(Database& db);
Status save_clock(Database& db, uint64_t hlc);

// A person's save erased text, which the WAL still holds: noted in meta ('erased_text') in the
// save's transaction, and scrubbed when the next session with a peer starts, on whichever
// connection (Store::start_session), rather than after every save. Closing the store's last
// connection scrubs it too (SQLite folds the WAL in and deletes it).
Status note_erased_text(Database& db);
// Whether text was erased since the note was last taken; takes it.
Result<bool> take_erased_text_note(Database& db);

// When a record's audience changes (its scope, or the people it names), its children must reach
// the newly allowed too: they are written again with new seqs, unchanged, in the same transaction.
Status resend_children_if_audience_changed(WriteContext& ctx, const RecordState& before,
                                           const RecordState& after);
// The same, unconditionally: a parent that arrives after its children (they were filed without
// its people), or whose state is replaced whole.
Status resend_children(WriteContext& ctx, const RecordId& parent);

// Sorts and de-duplicates what the merge rules expect sorted (a peer's data may not be).
void canonicalise(RecordState& state);

}  // namespace triad::core::detail

namespace triad::core::detail {

// Tombstones `state` at `stamp` (purging its fields) and, in the same transaction, every live
// child record of it, recursively: a deleted learning log takes its entries with it. `origin` is
// the peer whose state the tombstone of `state` itself equals (it sent it), 0 for none.
Status tombstone_with_children(WriteContext& ctx, RecordState state, Stamp stamp, bool local_edit,
                               SiteId origin = 0);

}  // namespace triad::core::detail
