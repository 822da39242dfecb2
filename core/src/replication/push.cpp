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

// What the receiver refused before, and what it could not take as text changes, a batch at a
// time within its limits. The latter were written again after the exchange's bound (requeue) but
// are no later change: they go whole now.
Result<std::optional<OutgoingBatch>> PushSender::next_retry() {
  for (;;) {
    const bool whole = !whole_queue_.empty();
    std::vector<RecordId>& queue = whole ? whole_queue_ : retry_queue_;
    if (queue.empty()) break;
    const size_t n = std::min(queue.size(), options_.max_records);
    std::vector<RecordId> ids(queue.end() - n, queue.end());
    queue.resize(queue.size() - n);
    auto states = local_.states(ids, whole ? UINT64_MAX : options_.up_to);
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
  const auto sent_here = [&](const RecordId& id) {
    return std::any_of(sent.records.begin(), sent.records.end(),
                       [&](const RecordState& r) { return r.header.id == id; });
  };
  // Text changes the receiver could not build on: the records go again whole in this exchange,
  // and are written again into the stream with their text bases forgotten (requeue), so an
  // exchange that ends first sends them whole next time. Not refusals: nothing to show or discard.
  std::vector<RecordId> again;
  for (const RecordId& id : whole_needed)
    if (sent_here(id) && !refused_in(refused, id) &&
        std::find(again.begin(), again.end(), id) == again.end())
      again.push_back(id);
  std::vector<RecordId> accepted;
  for (const RecordState& r : sent.records)
    if (!refused_in(refused, r.header.id) &&
        std::find(again.begin(), again.end(), r.header.id) == again.end())
      accepted.push_back(r.header.id);
  TRIAD_RETURN_IF_ERROR(local_.clear_refusals(peer_, accepted));
  // Taken on a retry, outside the checkpoint stream: brought into it (a restored hub needs them),
  // but for records sent again whole, brought into it already.
  if (sent.retry()) {
    std::erase_if(accepted, [this](const RecordId& id) {
      return std::find(resent_whole_.begin(), resent_whole_.end(), id) != resent_whole_.end();
    });
    TRIAD_RETURN_IF_ERROR(local_.requeue(accepted));
  }
  TRIAD_RETURN_IF_ERROR(local_.note_refusals(peer_, refused));
  TRIAD_RETURN_IF_ERROR(local_.requeue(again));
  for (const RecordId& id : again) {
    whole_queue_.push_back(id);
    resent_whole_.push_back(id);
  }
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
