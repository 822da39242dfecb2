// The pull half of the replication algorithm (replication.h): PullServer and PullReceiver.
#include <algorithm>

#include "text/text_changes.h"
#include "triad/core/replication.h"

namespace triad::core {

void PullServer::ask_again(const RecordId& id) {
  if (std::find(asked_again_.begin(), asked_again_.end(), id) == asked_again_.end())
    asked_again_.push_back(id);
}

void PullServer::ask_whole(const RecordId& id) {
  const bool sent =
      std::find(sent_as_changes_.begin(), sent_as_changes_.end(), id) != sent_as_changes_.end();
  if (sent && std::find(asked_whole_.begin(), asked_whole_.end(), id) == asked_whole_.end())
    asked_whole_.push_back(id);
}

namespace {

// About how many bytes `r` takes in a batch.
size_t approx_bytes(const RecordState& r) {
  size_t bytes = r.header.type.size() + 64;
  for (const auto& [name, field] : r.fields) {
    for (const FieldVersion& v : field.versions) bytes += name.size() + v.value.size() + 16;
    for (const SetDot& d : field.dots) bytes += name.size() + d.element.size() + 16;
  }
  return bytes;
}

}  // namespace

Result<PullBatch> PullServer::next() {
  PullBatch out;
  size_t bytes = 0;
  if (text_changes_ && !deliveries_) {
    // What the receiver confirmed before this exchange, and when; its own checkpoint may be lower
    // (it lost what it had: a store restored from a backup).
    auto held = local_.peer(peer_);
    if (!held) return held.status();
    deliveries_.emplace();
    deliveries_->push_back({std::min(from_, held->pushed_seq), held->confirmed_at});
  }
  // Whole states of records whose text changes the receiver could not build on, if it may see
  // them, as many as fit the batch's bytes (at least one); merged like any change.
  std::vector<RecordState> whole;
  while (!asked_whole_.empty() && (bytes < max_bytes_ || bytes == 0)) {
    const RecordId id = asked_whole_.back();
    asked_whole_.pop_back();
    auto held = local_.states({id});
    if (!held) return held.status();
    if (held->empty()) continue;
    auto may = local_.visible_to(viewer_, held->front());
    if (!may) return may.status();
    if (!*may) continue;
    bytes += approx_bytes(held->front());
    whole.push_back(std::move(held->front()));
  }
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
      bytes += approx_bytes(held->front());
      out.replace.push_back(std::move(held->front()));
    } else {
      out.gone.push_back(id);
      bytes += id.bytes().size();
    }
  }
  ChangeQuery query{from_, UINT64_MAX, max_records_, max_bytes_ > bytes ? max_bytes_ - bytes : 1,
                    peer_, &viewer_};
  if (deliveries_) query.deliveries = &*deliveries_;
  auto batch = local_.changes(query);
  if (!batch) return batch.status();
  out.records = std::move(whole);
  sent_as_changes_.clear();
  for (RecordState& r : batch->records) {
    if (detail::has_text_changes(r)) sent_as_changes_.push_back(r.header.id);
    out.records.push_back(std::move(r));
  }
  out.checkpoint = batch->last_seq;
  read_at_ = batch->read_at;
  out.more = batch->more || !asked_again_.empty() || !asked_whole_.empty();
  from_ = batch->last_seq;
  return out;
}

Status PullServer::acknowledged(uint64_t checkpoint) {
  if (deliveries_ && checkpoint > deliveries_->back().checkpoint)
    deliveries_->push_back({checkpoint, read_at_});
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
  const auto in_batch = [&](const RecordId& id) {
    return std::any_of(records.begin(), records.end(),
                       [&](const RecordState& r) { return r.header.id == id; });
  };
  // The checkpoint moves only once every record awaited whole comes (apply holds it if one of
  // them, or any other, needs its whole state again).
  const bool awaited = std::all_of(whole_needed_.begin(), whole_needed_.end(), in_batch);
  auto applied = local_.apply(records, peer_, peer_name_,
                              holding_ || !awaited ? std::nullopt : std::optional(checkpoint),
                              nullptr, CheckpointPolicy::kHoldOnRefusal);
  if (!applied) return applied;
  if (!applied->refused.empty()) holding_ = true;
  std::erase_if(whole_needed_, in_batch);  // came: taken, refused (held), or needed whole again
  for (const RecordId& id : applied->whole_needed) whole_needed_.push_back(id);
  return applied;
}

}  // namespace triad::core
