// The hub end of a sync session: authenticate, accept pushes per device rights, serve pulls
// filtered by what the device may see.
#include "triad/hub/hub_session.h"

#include <algorithm>
#include <utility>

#include "triad/core/record_limits.h"
#include "triad/sync/codec.h"
#include "triad/sync/frame.h"
#include "triad/sync/session.h"

namespace triad::sync {

Frames HubSession::fail(v1::ErrorCode code, const std::string& message) {
  state_ = State::kDone;
  log("session " + (peer_name_.empty() ? std::string("(before hello)") : peer_name_) +
      " refused: " + message);
  return {error_envelope(code, message)};
}

Frames HubSession::receive(const v1::Envelope& in) {
  if (state_ == State::kDone) return {};
  if (state_ == State::kAwaitHello) {
    if (in.has_hello()) return on_hello(in.hello());
    return fail(v1::UNEXPECTED_MESSAGE, "a session must start with Hello");
  }
  switch (in.body_case()) {
    case v1::Envelope::kBye:
      state_ = State::kDone;
      return {};
    case v1::Envelope::kError:
      state_ = State::kDone;
      log("session " + peer_name_ + " ended by the device: " + in.error().message());
      return {};
    default:
      break;
  }
  // Only a Push, a Pull or an Ack shows that the store committed this session's Welcome: anything
  // else (a Hello the network delivered twice, say) must not confirm its generation.
  const auto kind = in.body_case();
  if (kind != v1::Envelope::kPush && kind != v1::Envelope::kPull && kind != v1::Envelope::kAck)
    return fail(v1::UNEXPECTED_MESSAGE,
                "a message that is not allowed at this point of the session");
  if (auto refused = check_still_bound()) return std::move(*refused);
  switch (in.body_case()) {
    case v1::Envelope::kPush:
      if (pull_from_) break;
      return on_push(in.push());
    case v1::Envelope::kPull:
      if (pull_from_) break;
      return on_pull(in.pull());
    case v1::Envelope::kAck:
      if (!changes_in_flight_) break;
      return on_pull_ack(in.ack());
    default:
      break;
  }
  return fail(v1::UNEXPECTED_MESSAGE, "a message that is not allowed at this point of the session");
}

Frames HubSession::on_hello(const v1::Hello& h) {
  peer_name_ = h.name().empty() ? "device" : h.name();
  auto agreed = negotiate_with_client(h);  // before anything is read: it may not be understood
  if (!agreed) return fail(v1::UNSUPPORTED_VERSION, agreed.status().message());
  protocol_ = *agreed;
  if (h.site_id() == 0) return fail(v1::BAD_FRAME, "Hello without a site id");
  auto device = hub_.authenticate(h.device_token());
  if (!device) return fail(v1::UNAUTHENTICATED, device.status().message());
  if (!core::syncs_records(device->role))
    return fail(v1::PERMISSION_DENIED, std::string("a ") + core::to_string(device->role) +
                                           "'s token opens the hub's dashboard, it does not sync "
                                           "records");
  auto taken = hub_.devices().device_using_site(h.site_id(), device->token_id);
  if (!taken) return fail(v1::INTERNAL, taken.status().message());
  auto fresh = hub_.fresh_site_id();
  if (!fresh) return fail(v1::INTERNAL, fresh.status().message());
  const bool synced = h.generation() != 0 || h.pushed_seq() != 0 || h.pulled_seq() != 0;
  auto held = hub_.replica().peer(h.site_id());
  if (!held) return fail(v1::INTERNAL, held.status().message());
  const Binding binding = decide_binding(*device, h.site_id(), h.generation(), synced,
                                         !taken->empty(), held->pulled_seq > 0, *fresh);
  if (binding.kind == Binding::Kind::kOtherStore)
    return fail(v1::PERMISSION_DENIED,
                "this device's token belongs to another copy of this store, which has synced since "
                "this one was copied or restored. This copy's changes are kept on it: merge its "
                "file into the copy in use (triad merge), or ask the hub's admin to enrol it as a "
                "new device, or to let it replace the other (triad-hub replace " +
                    device->token_id + ")");
  device_ = binding.device;
  viewer_ = hub_.viewer_of(device_);
  peer_site_ = binding.serve_as;
  generation_ = binding.generation;
  peer_name_ = device_.school_name + " / " + device_.person_name + " (" + device_.token_id + ")";
  if (auto s = hub_.devices().save_binding(device_); !s.is_ok())
    return fail(v1::INTERNAL, "the hub could not record the session: " + s.message());
  if (auto s = hub_.devices().note_sync(device_.token_id, peer_site_, h.app_version()); !s.is_ok())
    return fail(v1::INTERNAL, "the hub could not record the session: " + s.message());
  if (peer_site_ != h.site_id())
    log("session " + peer_name_ +
        ": the store is older than the copy of it that synced last (restored from a backup, or "
        "copied), or its token's binding was released or lost; it now writes as a new site id "
        "and receives what it lacks");
  if (binding.kind == Binding::Kind::kRestoredCopy) {
    // Its checkpoints, as it states them, were confirmed by this hub in an earlier session of the
    // token (its generation is older than the hub's): they hold in the hub's one history. For a
    // first use under a new site id nothing is known, and the new site starts from nothing.
    auto top = hub_.replica().last_seq();
    if (!top) return fail(v1::INTERNAL, top.status().message());
    auto seeded = hub_.replica().apply({}, peer_site_, peer_name_, h.pushed_seq());
    if (!seeded) return fail(v1::INTERNAL, seeded.status().message());
    if (auto s =
            hub_.replica().confirm_pushed(peer_site_, peer_name_, std::min(h.pulled_seq(), *top));
        !s.is_ok())
      return fail(v1::INTERNAL, s.message());
  }
  if (binding.kind == Binding::Kind::kHubBehind)
    log("session " + peer_name_ +
        ": the device has synced with a newer state of this hub, which was restored "
        "from a backup; the device sends again what the hub lacks");
  return welcome(h, binding);
}

Frames HubSession::welcome(const v1::Hello& h, const Binding& binding) {
  // The device's changes are judged as its token's person and school (sharing.h may_write); it
  // receives what that person may see. The hub keeps what it refused of each device until the
  // device's change is taken, so its reports show refused changes per device.
  const core::Viewer writer = viewer_;
  receiver_.emplace(
      hub_.replica(), peer_site_, peer_name_,
      [writer](const core::RecordState* existing, const core::RecordState& incoming,
               const core::RecordState* parent) {
        return core::may_write(writer, existing, incoming, parent);
      },
      /*keep_ledger=*/true);
  server_.emplace(hub_.replica(), peer_site_, peer_name_, viewer_, hub_.limits().max_batch_records,
                  hub_.limits().max_batch_bytes);
  if (protocol_.features.has(v1::FEATURE_TEXT_CHANGES)) server_->send_text_changes();
  auto held = hub_.replica().peer(peer_site_);
  if (!held) return fail(v1::INTERNAL, held.status().message());
  state_ = State::kReady;
  v1::Envelope e;
  v1::Welcome* w = e.mutable_welcome();
  state_protocol(*w, protocol_);
  w->set_hub_site_id(hub_.replica().identity().site);
  w->set_alliance(hub_.alliance());
  w->set_max_batch_records(hub_.limits().max_batch_records);
  w->set_max_frame_bytes(hub_.limits().max_frame_bytes);
  w->set_school_id(std::string(device_.school.bytes()));
  w->set_person_id(std::string(device_.person.bytes()));
  w->set_generation(generation_);
  if (peer_site_ != h.site_id()) w->set_new_site_id(peer_site_);
  w->set_push_from(held->pulled_seq);
  if (binding.kind == Binding::Kind::kHubBehind) {
    // This hub's checkpoint for the device passed the records it refused from it. Where the Ack
    // saying so was lost, the device never knew, and it may have had them taken later by the newer
    // hub, in its stream below that checkpoint: from a restored ledger that still names refusals,
    // the device sends everything again (merges are idempotent; a hub restore is rare).
    auto refused = hub_.replica().refusals(peer_site_);
    if (!refused) return fail(v1::INTERNAL, refused.status().message());
    if (!refused->empty()) w->set_push_from(0);
  }
  w->set_pull_from(held->pushed_seq);
  w->set_hub_time_ms(hub_.replica().wall_ms());
  // For the device's progress only: a hub that cannot read it says nothing (0), not fails.
  if (auto last = hub_.replica().last_seq(); last.is_ok()) w->set_hub_seq(*last);
  w->set_hub_restored(binding.kind == Binding::Kind::kHubBehind);
  return one_frame(std::move(e));
}

std::optional<Frames> HubSession::check_still_bound() {
  auto found = hub_.devices().find(device_.token_id);
  if (!found) return fail(v1::INTERNAL, found.status().message());
  if (!found->has_value() || (*found)->revoked_ms != 0)
    return fail(v1::UNAUTHENTICATED,
                "this device's token was revoked by the hub's admin; the session ends here. "
                "Ask the admin for a new token");
  core::Device d = **found;
  const auto superseded = [this] {
    return fail(v1::SUPERSEDED,
                "another sync with this device's token began (a second copy of this store?); "
                "this session ends here: sync again");
  };
  if (confirmed_) {
    if (d.generation != generation_) return superseded();
    return std::nullopt;
  }
  if (d.pending_generation != generation_) return superseded();
  d.generation = generation_;
  d.bound_site = d.pending_site;
  d.pending_generation = 0;
  d.pending_site = 0;
  if (auto s = hub_.devices().save_binding(d); !s.is_ok())
    return fail(v1::INTERNAL, "the hub could not record the session: " + s.message());
  device_ = d;
  confirmed_ = true;
  return std::nullopt;
}

Frames HubSession::on_pull(const v1::Pull& pull) {
  auto top = hub_.replica().last_seq();
  if (!top) return fail(v1::INTERNAL, top.status().message());
  if (pull.after_seq() > *top)
    return fail(v1::BAD_FRAME, "a Pull from checkpoint " + std::to_string(pull.after_seq()) +
                                   ", beyond the hub's last change (" + std::to_string(*top) + ")");
  if (protocol_.features.has(v1::FEATURE_REFETCH)) {  // else the client asks nothing: not read
    if (static_cast<uint32_t>(pull.refetch_size()) > hub_.limits().max_batch_records)
      return fail(v1::BAD_FRAME, "a Pull asking again for more records than a batch holds");
    for (const std::string& bytes : pull.refetch()) {
      auto id = core::RecordId::from_bytes(bytes);
      if (!id)
        return fail(v1::BAD_FRAME, "a Pull asking again for a record id that is not 16 bytes");
      server_->ask_again(*id);
    }
  }
  if (auto s = receiver_->sender_done(pull.pushed_seq()); !s.is_ok())
    return fail(v1::INTERNAL, s.message());
  pull_from_ = pull.after_seq();
  server_->start(pull.after_seq());
  return send_changes();
}

Frames HubSession::on_push(const v1::Push& push) {
  if (static_cast<uint32_t>(push.records_size()) > hub_.limits().max_batch_records)
    return fail(v1::BAD_FRAME, "a batch of " + std::to_string(push.records_size()) +
                                   " records, over the limit of " +
                                   std::to_string(hub_.limits().max_batch_records));
  v1::Envelope e;
  v1::Ack* ack = e.mutable_ack();
  ack->set_batch_seq(push.batch_seq());
  ack->set_push_number(push.push_number());
  std::vector<core::RecordState> records;
  for (const v1::Record& r : push.records()) {
    auto state = from_proto(r);
    if (state) {
      if (auto s = core::check_record_limits(*state); !s.is_ok()) state = s;  // before any merging
    }
    if (state && !protocol_.features.has(v1::FEATURE_TEXT_CHANGES) &&
        core::carries_text_changes(*state))
      state = core::invalid_argument(
          "a text field sent as changes by a device that did not agree on text changes");
    if (state) {
      records.push_back(std::move(state.value()));
      continue;
    }
    v1::Refusal* refusal = ack->add_refused();
    refusal->set_record_id(r.id());
    refusal->set_code(v1::INVALID_RECORD);
    refusal->set_message(state.status().message());
  }
  auto applied = receiver_->receive(
      records, push.batch_seq() > 0 ? std::optional(push.batch_seq()) : std::nullopt);
  if (!applied)
    return fail(v1::INTERNAL, "the hub could not store the batch (" + applied.status().message() +
                                  "); retry later");
  for (const core::RecordId& id : applied->whole_needed)
    ack->add_whole_needed(std::string(id.bytes()));
  for (const auto& [id, status] : applied->refused) {
    v1::Refusal* refusal = ack->add_refused();
    refusal->set_record_id(std::string(id.bytes()));
    refusal->set_code(to_error_code(status.code()));
    refusal->set_message(status.message());
    log("refused " + id.to_string() + " from " + peer_name_ + ": " + status.message());
  }
  tally_.pushed += push.records_size();
  tally_.refused += ack->refused_size();
  return one_frame(std::move(e));
}

Frames HubSession::send_changes() {
  auto batch = server_->next();
  if (!batch)
    return fail(v1::INTERNAL, "the hub could not read its store: " + batch.status().message());
  v1::Envelope e;
  v1::Changes* changes = e.mutable_changes();
  for (const core::RecordState& r : batch->replace) to_proto(r, *changes->add_replace());
  for (const core::RecordId& id : batch->gone) changes->add_gone(std::string(id.bytes()));
  for (const core::RecordState& r : batch->records) to_proto(r, *changes->add_records());
  more_ = batch->more;
  changes->set_batch_seq(batch->checkpoint);
  changes->set_more(more_);
  tally_.pulled += changes->records_size();
  changes_in_flight_ = batch->checkpoint;
  return one_frame(std::move(e));
}

Frames HubSession::on_pull_ack(const v1::Ack& ack) {
  if (ack.batch_seq() != *changes_in_flight_)
    return fail(v1::UNEXPECTED_MESSAGE, "an Ack for a batch that was not sent");
  if (auto s = server_->acknowledged(ack.batch_seq()); !s.is_ok())
    return fail(v1::INTERNAL, s.message());
  changes_in_flight_.reset();
  // Records the device could not build text changes on come whole in the next batch.
  bool whole = false;
  if (protocol_.features.has(v1::FEATURE_TEXT_CHANGES)) {
    if (static_cast<uint32_t>(ack.whole_needed_size()) > hub_.limits().max_batch_records)
      return fail(v1::BAD_FRAME, "an Ack asking for more whole records than a batch holds");
    for (const std::string& bytes : ack.whole_needed()) {
      auto id = core::RecordId::from_bytes(bytes);
      if (!id) return fail(v1::BAD_FRAME, "an Ack asking for a record id that is not 16 bytes");
      server_->ask_whole(*id);
      whole = true;
    }
  }
  if (more_ || whole) return send_changes();
  return {};
}

}  // namespace triad::sync
