// The pull half of the replication algorithm (replication.h): PullServer and PullReceiver.
#include <algorithm>

#include "triad/core/replication.h"

namespace triad::core {

void PullServer::ask_again(const RecordId& id) {
  if (std::find(asked_again_.begin(), asked_again_.end(), id) == asked_again_.end())
    asked_again_.push_back(id);
}

Result<PullBatch> PullServer::next() {
  PullBatch out;
  size_t bytes = 0;
  // "Discard my change": the state held here of each record asked for again, or gone when there is
  // none the receiver may see; as many as fit the batch's bytes (at least one).
  while (!asked_again_.empty() && (bytes < max_bytes_ || bytes == 0)) {
    const RecordId id = asked_again_.back();
    asked_again_.pop_back();
    auto held = local_.states({id});
    if (!held) return held.status();
    bool visible = false;
    if (!held->empty()) {
      auto may = local_.visible_to(viewer_, held->front());
      if (!may) return may.status();
      visible = *may;
    }
    if (visible) {
      bytes += held->front().header.type.size() + 64;
      for (const auto& [name, field] : held->front().fields) {
        for (const FieldVersion& v : field.versions) bytes += name.size() + v.value.size() + 16;
        for (const SetDot& d : field.dots) bytes += name.size() + d.element.size() + 16;
      }
      out.replace.push_back(std::move(held->front()));
    } else {
      out.gone.push_back(id);
      bytes += id.bytes().size();
    }
  }
  ChangeQuery query{from_, UINT64_MAX, max_records_, max_bytes_ > bytes ? max_bytes_ - bytes : 1,
                    peer_, &viewer_};
  auto batch = local_.changes(query);
  if (!batch) return batch.status();
  out.records = std::move(batch->records);
  out.checkpoint = batch->last_seq;
  out.more = batch->more || !asked_again_.empty();
  from_ = batch->last_seq;
  return out;
}

Status PullServer::acknowledged(uint64_t checkpoint) {
  return local_.confirm_pushed(peer_, peer_name_, checkpoint);
}

Status PullReceiver::take_replaced(const std::vector<RecordState>& states,
                                   const std::vector<RecordId>& gone) {
  const auto asked = [this](const RecordId& id) {
    return std::find(asked_again_.begin(), asked_again_.end(), id) != asked_again_.end();
  };
  for (const RecordState& s : states)
    if (!asked(s.header.id))
      return invalid_argument("the peer sent a record in place of one not asked for");
  for (const RecordId& id : gone)
    if (!asked(id))
      return invalid_argument("the peer named a record to remove that was not asked for");
  if (states.empty() && gone.empty()) return Status::ok();
  TRIAD_RETURN_IF_ERROR(local_.take_peer_states(peer_, states, gone));
  std::erase_if(asked_again_, [&](const RecordId& id) {  // answered; the rest come later
    return std::any_of(states.begin(), states.end(),
                       [&](const auto& r) { return r.header.id == id; }) ||
           std::find(gone.begin(), gone.end(), id) != gone.end();
  });
  return Status::ok();
}

Result<ApplyResult> PullReceiver::receive(const std::vector<RecordState>& records,
                                          uint64_t checkpoint) {
  auto applied =
      local_.apply(records, peer_, peer_name_, holding_ ? std::nullopt : std::optional(checkpoint),
                   nullptr, CheckpointPolicy::kHoldOnRefusal);
  if (applied && !applied->refused.empty()) holding_ = true;
  return applied;
}

}  // namespace triad::core
