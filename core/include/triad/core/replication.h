// The one replication algorithm, over Replica (replica.h), with no I/O: file merges (exchange.h)
// run it between two stores in one process, and a device's session with its hub (sync/session.h)
// runs it with protobuf frames between the steps.
//
// A push: the sender offers first what the receiver refused before (from its refusal ledger,
// outside the checkpoint stream: a fixed clock may make it acceptable now), then its changes after
// the receiver's checkpoint, batch by batch, up to a bound; the receiver applies each batch with
// its checkpoint in one transaction and answers with what it refused; the sender keeps those in its
// ledger (the receiver's checkpoint moves past them: CheckpointPolicy::kAdvance) and confirms the
// batch. A retried change the receiver takes is written again into the sender's stream (requeue).
// A pull: the server reads its changes for the receiver's viewer (exactly what it may see), with
// the states of records the receiver asked for again; the receiver applies them holding its
// checkpoint at the first refusal (it keeps no ledger the server reads: kHoldOnRefusal), and its
// acknowledgement confirms the batch at the server.
// Not thread-safe: each object is driven by one thread, with its replica.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "triad/core/replica.h"

namespace triad::core {

using Refused = std::vector<std::pair<RecordId, Status>>;

struct OutgoingBatch {
  std::vector<RecordState> records;
  uint64_t checkpoint = 0;  // the sender's change number this batch covers (0: a retry batch)
  uint64_t read_at = 0;     // the sender's last change number when the batch was read
  bool retry() const { return checkpoint == 0; }
};

struct PushOptions {
  size_t max_records = 500;
  size_t max_bytes = 1 << 20;
  uint64_t from = 0;               // the receiver's checkpoint of the sender's changes
  uint64_t up_to = UINT64_MAX;     // nothing changed after this is sent (a session's bound)
  const Viewer* viewer = nullptr;  // only what the receiver's person may see
  // And only what this lets through (a device's own rule of what it sends its hub); unset: all.
  std::function<bool(const RecordState&)> passes;
  // Send merging text fields the receiver received before as the changes since (replica.h
  // Delivery); `from_confirmed_at` is when `from` was confirmed (PeerState::confirmed_at).
  bool text_changes = false;
  uint64_t from_confirmed_at = 0;
};

class PushSender {
 public:
  PushSender(Replica& local, SiteId peer, std::string peer_name, PushOptions options)
      : local_(local),
        peer_(peer),
        peer_name_(std::move(peer_name)),
        options_(std::move(options)),
        from_(options_.from) {
    if (options_.text_changes) deliveries_.push_back({from_, options_.from_confirmed_at});
  }

  // The next batch to send; nullopt when everything up to the bound has been sent (the push
  // checkpoint is then confirmed past what was read and held back).
  Result<std::optional<OutgoingBatch>> next();
  // The receiver took `sent` except the records in `refused`, and those in `whole_needed` (sent as
  // text changes it could not build on), which are offered again whole in this exchange, and are
  // written again into the change sequence with their text bases forgotten, so an exchange that
  // ends first sends them whole the next time.
  Status answered(const OutgoingBatch& sent, const Refused& refused,
                  const std::vector<RecordId>& whole_needed = {});

  uint64_t checkpoint() const { return from_; }  // the receiver holds our changes up to here
  // Refused changes the person chose to drop (Refusal::discard): not offered again; the receiver's
  // state of them is to be asked for instead. Known once next() has been called.
  const std::vector<RecordId>& discarded() const { return discarded_; }
  size_t withheld() const { return withheld_; }  // records the receiver's person may not see

 private:
  Status load_ledger();
  bool sendable(const RecordState& r) const { return !options_.passes || options_.passes(r); }
  Result<std::optional<OutgoingBatch>> next_retry();

  Replica& local_;
  SiteId peer_;
  std::string peer_name_;
  PushOptions options_;
  uint64_t from_;
  bool ledger_loaded_ = false;
  std::vector<RecordId> retry_queue_;
  std::vector<RecordId> discarded_;
  size_t withheld_ = 0;
  std::vector<Delivery> deliveries_;    // with text_changes: the receiver's, as confirmed
  std::vector<RecordId> whole_queue_;   // to send again whole (whole_needed), first
  std::vector<RecordId> resent_whole_;  // sent again whole in this exchange
};

// Takes a peer's pushed batches. With `keep_ledger`, refusals are kept under the peer's site id
// until the peer's change is taken (a hub does, for its reports; a store merged as a file keeps
// them at the sender only).
class PushReceiver {
 public:
  PushReceiver(Replica& local, SiteId peer, std::string peer_name, AdmitFn admit, bool keep_ledger)
      : local_(local),
        peer_(peer),
        peer_name_(std::move(peer_name)),
        admit_(std::move(admit)),
        keep_ledger_(keep_ledger) {}
  // Applies `records` and, when `checkpoint` is set, moves the peer's checkpoint to it in the same
  // transaction. What is returned refused goes back to the sender.
  Result<ApplyResult> receive(const std::vector<RecordState>& records,
                              std::optional<uint64_t> checkpoint);
  // The sender says it has sent everything up to `checkpoint` of its sequence (PushSender::
  // checkpoint(): what it read past, held back from us, counts as sent).
  Status sender_done(uint64_t checkpoint);

 private:
  Replica& local_;
  SiteId peer_;
  std::string peer_name_;
  AdmitFn admit_;
  bool keep_ledger_;
};

struct PullBatch {
  std::vector<RecordState> records;
  std::vector<RecordState> replace;  // states of records asked for again ("discard my change")
  std::vector<RecordId> gone;        // asked for again, but none the receiver may see
  uint64_t checkpoint = 0;
  bool more = false;
};

// Serves one receiver's pull: its viewer decides what it gets.
class PullServer {
 public:
  PullServer(Replica& local, SiteId peer, std::string peer_name, Viewer viewer, size_t max_records,
             size_t max_bytes)
      : local_(local),
        peer_(peer),
        peer_name_(std::move(peer_name)),
        viewer_(viewer),
        max_records_(max_records),
        max_bytes_(max_bytes) {}
  // The receiver will take these records' states in place of its own (each once).
  void ask_again(const RecordId& id);
  // Sends merging text fields the receiver received before as the changes since (replica.h
  // Delivery). Call before start().
  void send_text_changes() { text_changes_ = true; }
  // The receiver could not build on the text changes of this record, sent in the last batch: its
  // whole state comes next (merged, not in place of the receiver's), if the receiver may see it.
  // Ids the last batch did not send as changes are ignored.
  void ask_whole(const RecordId& id);
  // Starts at the receiver's checkpoint `after`.
  void start(uint64_t after) { from_ = after; }
  // The next batch: the asked-for states first (as many as fit, at least one), then changes.
  Result<PullBatch> next();
  // The receiver committed the batch that ended at `checkpoint`.
  Status acknowledged(uint64_t checkpoint);

 private:
  Replica& local_;
  SiteId peer_;
  std::string peer_name_;
  Viewer viewer_;
  size_t max_records_;
  size_t max_bytes_;
  uint64_t from_ = 0;
  std::vector<RecordId> asked_again_;
  std::vector<RecordId> asked_whole_;
  std::vector<RecordId> sent_as_changes_;  // in the last batch: only these may be asked whole
  bool text_changes_ = false;
  std::optional<std::vector<Delivery>> deliveries_;  // read at the first batch
  uint64_t read_at_ = 0;                             // of the batch in flight
};

// Takes a pull's batches; after one refusal the checkpoint stays where it was for the rest of the
// exchange, so the refused record comes again. So it does while a record sent as text changes
// whose base this replica lacks (ApplyResult::whole_needed) has not come whole.
class PullReceiver {
 public:
  PullReceiver(Replica& local, SiteId peer, std::string peer_name)
      : local_(local), peer_(peer), peer_name_(std::move(peer_name)) {}
  // Asks for the peer's state of these records in place of ours (see PullServer::ask_again).
  void ask_again(std::vector<RecordId> ids) { asked_again_ = std::move(ids); }
  const std::vector<RecordId>& asked_again() const { return asked_again_; }
  // Takes states asked for; kInvalidArgument for one that was not asked for.
  Status take_replaced(const std::vector<RecordState>& states, const std::vector<RecordId>& gone);
  Result<ApplyResult> receive(const std::vector<RecordState>& records, uint64_t checkpoint);
  // Records whose whole state this receiver still waits for (PullServer::ask_whole).
  const std::vector<RecordId>& whole_needed() const { return whole_needed_; }

 private:
  Replica& local_;
  SiteId peer_;
  std::string peer_name_;
  std::vector<RecordId> asked_again_;
  std::vector<RecordId> whole_needed_;
  bool holding_ = false;
};

}  // namespace triad::core
