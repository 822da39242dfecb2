// The push half of the replication algorithm (replication.h): PushSender and PushReceiver.
#include <algorithm>

#include "triad/core/replication.h"

namespace triad::core {

namespace {

bool refused_in(const Refused& refused, const RecordId& id) {
  return std::any_of(refused.begin(), refused.end(), [&](const auto& r) { return r.first == id; });
}

}  // namespace

Status PushSender::load_ledger() {
  ledger_loaded_ = true;
  auto refused = local_.refusals(peer_);
  if (!refused) return refused.status();
  for (const Refusal& r : refused.value())
    (r.discard ? discarded_ : retry_queue_).push_back(r.record);
  return Status::ok();
}

// What the receiver refused before, a batch at a time within its limits.
Result<std::optional<OutgoingBatch>> PushSender::next_retry() {
  while (!retry_queue_.empty()) {
    const size_t n = std::min(retry_queue_.size(), options_.max_records);
    std::vector<RecordId> ids(retry_queue_.end() - n, retry_queue_.end());
    retry_queue_.resize(retry_queue_.size() - n);
    auto states = local_.states(ids, options_.up_to);
    if (!states) return states.status();
    OutgoingBatch batch;
    for (RecordState& r : states.value()) {
      if (!sendable(r)) continue;
      if (options_.viewer) {
        auto visible = local_.visible_to(*options_.viewer, r);
        if (!visible) return visible.status();
        if (!*visible) {
          ++withheld_;
          continue;
        }
      }
      batch.records.push_back(std::move(r));
    }
    if (!batch.records.empty()) return std::optional(std::move(batch));
  }
  return std::optional<OutgoingBatch>();
}

Result<std::optional<OutgoingBatch>> PushSender::next() {
  if (!ledger_loaded_) TRIAD_RETURN_IF_ERROR(load_ledger());
  auto retry = next_retry();
  if (!retry || retry->has_value()) return retry;
  for (;;) {
    auto batch = local_.changes({from_, options_.up_to, options_.max_records, options_.max_bytes,
                                 peer_, options_.viewer, options_.viewer != nullptr,
                                 options_.text_changes ? &deliveries_ : nullptr});
    if (!batch) return batch.status();
    withheld_ += batch->withheld;
    OutgoingBatch out;
    out.checkpoint = batch->last_seq;
    out.read_at = batch->read_at;
    for (RecordState& r : batch->records)
      if (sendable(r)) out.records.push_back(std::move(r));
    if (!out.records.empty()) return std::optional(std::move(out));
    if (batch->last_seq > from_ && batch->more) {  // all held back: read on
      from_ = batch->last_seq;
      continue;
    }
    if (batch->last_seq > from_) {  // the rest was held back: sent, as far as the receiver goes
      TRIAD_RETURN_IF_ERROR(local_.confirm_pushed(peer_, peer_name_, batch->last_seq));
      from_ = batch->last_seq;
    }
    return std::optional<OutgoingBatch>();
  }
}

Status PushSender::answered(const OutgoingBatch& sent, const Refused& refused,
                            const std::vector<RecordId>& whole_needed) {
  // A record whose text changes the receiver could not build on goes again whole, from the retry
  // queue (retries are read whole); the ledger keeps it should the exchange end first.
  Refused not_taken = refused;
  for (const RecordId& id : whole_needed) {
    const bool sent_here = std::any_of(sent.records.begin(), sent.records.end(),
                                       [&](const RecordState& r) { return r.header.id == id; });
    if (!sent_here || refused_in(not_taken, id)) continue;
    not_taken.emplace_back(id, Status(StatusCode::kUnavailable,
                                      "the receiver lacked the earlier text this change builds on; "
                                      "the whole record is sent again"));
    retry_queue_.push_back(id);
    resent_whole_.push_back(id);
  }
  std::vector<RecordId> accepted;
  for (const RecordState& r : sent.records)
    if (!refused_in(not_taken, r.header.id)) accepted.push_back(r.header.id);
  TRIAD_RETURN_IF_ERROR(local_.clear_refusals(peer_, accepted));
  // Taken on a retry, outside the checkpoint stream: brought into it (a restored hub needs them),
  // but for a record sent again whole, whose change is within the checkpoint already.
  if (sent.retry()) {
    std::vector<RecordId> requeued;
    for (const RecordId& id : accepted)
      if (std::find(resent_whole_.begin(), resent_whole_.end(), id) == resent_whole_.end())
        requeued.push_back(id);
    TRIAD_RETURN_IF_ERROR(local_.requeue(requeued));
  }
  TRIAD_RETURN_IF_ERROR(local_.note_refusals(peer_, not_taken));
  if (sent.retry()) return Status::ok();
  TRIAD_RETURN_IF_ERROR(local_.confirm_pushed(peer_, peer_name_, sent.checkpoint));
  from_ = sent.checkpoint;
  if (options_.text_changes) deliveries_.push_back({sent.checkpoint, sent.read_at});
  return Status::ok();
}

Result<ApplyResult> PushReceiver::receive(const std::vector<RecordState>& records,
                                          std::optional<uint64_t> checkpoint) {
  // Kept until the peer's change is taken, so reports show refused changes per peer.
  return local_.apply(records, peer_, peer_name_, checkpoint, admit_, CheckpointPolicy::kAdvance,
                      keep_ledger_ ? RefusalLedger::kKeep : RefusalLedger::kNone);
}

Status PushReceiver::sender_done(uint64_t checkpoint) {
  if (checkpoint == 0) return Status::ok();
  return local_.confirm_pulled(peer_, peer_name_, checkpoint);
}

}  // namespace triad::core
