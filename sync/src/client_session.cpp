// The client end of a sync session: push changes since the push checkpoint, then pull.
#include <algorithm>

#include "triad/core/store_format.h"
#include "triad/sync/codec.h"
#include "triad/sync/frame.h"
#include "triad/sync/session.h"

namespace triad::sync {

namespace {

std::vector<std::pair<core::RecordId, core::Status>> refusals_of(const v1::Ack& ack) {
  std::vector<std::pair<core::RecordId, core::Status>> out;
  for (const v1::Refusal& r : ack.refused())
    if (auto id = core::RecordId::from_bytes(r.record_id()))
      out.emplace_back(*id, core::Status(to_status_code(r.code()), r.message()));
  return out;
}

}  // namespace

ClientSession::ClientSession(core::Replica& store, ClientOptions options)
    : store_(store), options_(std::move(options)) {}

v1::Envelope ClientSession::hello() {
  v1::Envelope e;
  v1::Hello* h = e.mutable_hello();
  state_protocol(*h);
  h->set_site_id(store_.identity().site);
  h->set_device_token(options_.token);
  h->set_schema_version(core::store_format_version());
  h->set_app_version(options_.app_version);
  h->set_name(store_.identity().school_name + " / " + store_.identity().person_name);
  // What this store holds from its last session with a hub: the hub tells a restored copy, or a
  // restored hub, by it. A store that cannot be read must not look like one that never synced.
  auto peers = store_.peers();
  if (!peers) {
    fail(peers.status(), false);
    return e;
  }
  for (const core::PeerState& p : peers.value()) {
    if (!is_hub_peer(p)) continue;
    h->set_generation(p.generation);
    h->set_pushed_seq(p.pushed_seq);
    h->set_pulled_seq(p.pulled_seq);
    break;
  }
  return e;
}

Frames ClientSession::fail(core::Status status, bool tell_hub) {
  state_ = State::kDone;
  status_ = std::move(status);
  if (!tell_hub) return {};
  return {error_envelope(v1::UNEXPECTED_MESSAGE, status_.message())};
}

// Private records never leave their author's devices, not even to the hub; a lower hub passes on
// only what the whole alliance shares. Another school's roster entries (learnt from a colleague's
// file) are left to that school's devices: the hub takes them from no other, so sent from here
// they would only come back refused. Everything this device may have edited goes, refused or not.
bool ClientSession::passes(const core::RecordState& r) const {
  if (options_.alliance_only) return r.scope == core::Scope::kAlliance;
  if (r.scope == core::Scope::kPrivate) return false;
  if (r.is_deleted() || (r.header.type != "school" && r.header.type != "person")) return true;
  const core::FieldState* school = r.field("school");
  return r.header.type == "school" ? r.header.id == writer_.school
                                   : school && school->value() == writer_.school.to_string();
}

Frames ClientSession::receive(const v1::Envelope& in) {
  if (state_ == State::kDone) return {};
  if (in.has_error())
    return fail(core::Status(to_status_code(in.error().code()),
                             "the hub refused the session: " + in.error().message()),
                false);
  switch (state_) {
    case State::kAwaitWelcome:
      if (in.has_welcome()) return on_welcome(in.welcome());
      break;
    case State::kPushing:
      if (in.has_ack()) return on_push_ack(in.ack());
      break;
    case State::kPulling:
      if (in.has_changes()) return on_changes(in.changes());
      break;
    case State::kDone:
      break;
  }
  return fail(core::invalid_argument("the hub sent a message out of turn"), true);
}

Frames ClientSession::on_welcome(const v1::Welcome& w) {
  // Nothing of a Welcome is taken before this: its fields may not mean what they say here.
  auto agreed = negotiate_with_hub(w);
  if (!agreed) {
    Frames out = fail(agreed.status(), false);
    if (w.version().major() == kProtocolMajor)  // the hub reads an Error: tell its admin why
      out.push_back(error_envelope(v1::UNSUPPORTED_VERSION, status_.message()));
    return out;
  }
  protocol_ = *agreed;
  hub_seq_ = w.hub_seq();
  report_.hub_site = w.hub_site_id();
  report_.alliance = w.alliance();
  // The hub judges this device's changes as the person and school its token was enrolled for.
  writer_ = {core::RecordId::from_bytes(w.school_id()).value_or(store_.identity().school),
             core::RecordId::from_bytes(w.person_id()).value_or(store_.identity().person)};
  hub_name_ = hub_peer_name(w.alliance());
  if (w.max_batch_records() > 0)
    options_.max_batch_records = std::min(options_.max_batch_records, w.max_batch_records());
  if (w.max_frame_bytes() > 0)
    options_.max_batch_bytes = std::min<size_t>(options_.max_batch_bytes, w.max_frame_bytes() / 2);
  // The clock repair first: its re-issued edits are then within this session's bound (begin).
  if (auto s = check_clock(w); !s.is_ok()) return fail(s, true);
  if (auto s = begin(w); !s.is_ok()) return fail(s, true);
  state_ = State::kPushing;
  return next_push();
}

// Before anything else is sent: the session's generation, a new site id for a restored copy, and
// checkpoints moved back to what a restored hub holds, in one durable transaction.
core::Status ClientSession::begin(const v1::Welcome& w) {
  core::SessionStart start;
  start.generation = w.generation();
  start.new_site = w.new_site_id();
  if (w.has_push_from()) start.push_from = w.push_from();
  if (w.has_pull_from()) start.pull_from = w.pull_from();
  auto started = store_.start_session(report_.hub_site, hub_name_, start);
  if (!started) return started.status();
  // A session sends only what was changed before it began (SessionStartReport::last_seq).
  core::PushOptions push{options_.max_batch_records,
                         options_.max_batch_bytes,
                         started->peer.pushed_seq,
                         started->last_seq,
                         nullptr,
                         [this](const core::RecordState& r) { return passes(r); },
                         protocol_.features.has(v1::FEATURE_TEXT_CHANGES),
                         started->peer.confirmed_at};
  push_base_ = started->peer.pushed_seq;
  report_.to_send = started->last_seq > push_base_ ? started->last_seq - push_base_ : 0;
  pull_base_ = started->peer.pulled_seq;
  report_.to_receive = hub_seq_ > pull_base_ ? hub_seq_ - pull_base_ : 0;
  sender_.emplace(store_, report_.hub_site, hub_name_, std::move(push));
  receiver_.emplace(store_, report_.hub_site, hub_name_);
  report_.took_new_site = started->took_new_site;
  report_.new_site = started->took_new_site ? store_.identity().site : 0;
  report_.hub_restored = w.hub_restored();
  report_.resent =
      started->push_rewound;  // a pull rewound by a lost Ack costs one batch again: not news
  return core::Status::ok();
}

// Edits stamped in the future (a date once set years ahead) are re-issued as soon as the device's
// date agrees with the hub's; a date that does not is reported.
core::Status ClientSession::check_clock(const v1::Welcome& w) {
  if (w.hub_time_ms() == 0) return core::Status::ok();
  const int64_t off =
      static_cast<int64_t>(store_.wall_ms()) - static_cast<int64_t>(w.hub_time_ms());
  if (off > kClockAgreementMs || off < -kClockAgreementMs) {
    report_.clock_off_ms = off;
    return core::Status::ok();
  }
  if (!store_.clock_far_ahead()) return core::Status::ok();
  auto repaired = store_.repair_clock();
  if (!repaired) return repaired.status();
  report_.clock_repaired = repaired->records;
  report_.clock_was_ms = repaired->clock_was_ms;
  return core::Status::ok();
}

Frames ClientSession::next_push() {
  auto batch = sender_->next();
  if (!batch) return fail(batch.status(), false);
  if (!batch->has_value()) return pull();
  v1::Envelope e;
  v1::Push* push = e.mutable_push();
  for (const core::RecordState& r : (*batch)->records) to_proto(r, *push->add_records());
  push->set_batch_seq((*batch)->checkpoint);
  push->set_push_number(++pushes_sent_);
  report_.pushed += push->records_size();
  in_flight_ = std::move(**batch);
  return one_frame(std::move(e));
}

Frames ClientSession::pull() {
  state_ = State::kPulling;
  auto peer = store_.peer(report_.hub_site);
  if (!peer) return fail(peer.status(), false);
  // Refused changes the person discards: the hub's state replaces ours (a hub that does not know
  // how leaves them waiting), a batch's worth per session.
  std::vector<core::RecordId> refetch;
  if (protocol_.features.has(v1::FEATURE_REFETCH))
    for (const core::RecordId& id : sender_->discarded())
      if (refetch.size() < options_.max_batch_records) refetch.push_back(id);
  report_.sent_so_far = report_.to_send;
  v1::Envelope e;
  v1::Pull* pull = e.mutable_pull();
  pull->set_after_seq(peer->pulled_seq);
  pull->set_pushed_seq(sender_->checkpoint());
  for (const core::RecordId& id : refetch) pull->add_refetch(std::string(id.bytes()));
  receiver_->ask_again(std::move(refetch));
  return one_frame(std::move(e));
}

// "Discard my change": the hub's state of each record asked for replaces ours; one it has none of
// for us is removed. Only records this session asked for are taken.
core::Status ClientSession::take_refetched(const v1::Changes& changes) {
  std::vector<core::RecordState> states;
  std::vector<core::RecordId> gone;
  for (const v1::Record& r : changes.replace()) {
    auto state = from_proto(r);
    if (!state)
      return core::invalid_argument("the hub sent a record that does not decode: " +
                                    state.status().message());
    states.push_back(std::move(state.value()));
  }
  for (const std::string& bytes : changes.gone()) {
    auto id = core::RecordId::from_bytes(bytes);
    if (!id) return core::invalid_argument("the hub named a record to remove that is not an id");
    gone.push_back(*id);
  }
  TRIAD_RETURN_IF_ERROR(receiver_->take_replaced(states, gone));
  report_.discarded += states.size() + gone.size();
  return core::Status::ok();
}

Frames ClientSession::on_push_ack(const v1::Ack& ack) {
  if (!in_flight_ || ack.batch_seq() != in_flight_->checkpoint || ack.push_number() != pushes_sent_)
    return fail(
        core::invalid_argument("the hub acknowledged a batch that is not the one in flight"), true);
  const auto refused = refusals_of(ack);
  std::vector<core::RecordId> whole_needed;
  if (protocol_.features.has(v1::FEATURE_TEXT_CHANGES))
    for (const std::string& bytes : ack.whole_needed())
      if (auto id = core::RecordId::from_bytes(bytes)) whole_needed.push_back(*id);
  if (auto s = sender_->answered(*in_flight_, refused, whole_needed); !s.is_ok())
    return fail(s, false);
  if (!in_flight_->retry()) ++report_.push_batches;
  report_.refused += refused.size();
  if (in_flight_->checkpoint > push_base_)
    report_.sent_so_far = std::max(report_.sent_so_far,
                                   std::min(report_.to_send, in_flight_->checkpoint - push_base_));
  in_flight_.reset();
  note_progress();
  return next_push();
}

Frames ClientSession::on_changes(const v1::Changes& changes) {
  if (changes.replace_size() > 0 || changes.gone_size() > 0) {
    if (auto s = take_refetched(changes); !s.is_ok()) return fail(s, true);
  }
  std::vector<core::RecordState> records;
  records.reserve(changes.records_size());
  for (const v1::Record& r : changes.records()) {
    auto state = from_proto(r);
    if (!state)
      return fail(core::invalid_argument("the hub sent a record that does not decode: " +
                                         state.status().message()),
                  true);
    if (!protocol_.features.has(v1::FEATURE_TEXT_CHANGES) && core::carries_text_changes(*state))
      return fail(core::invalid_argument("the hub sent a text field as changes, which this session "
                                         "did not agree on"),
                  true);
    records.push_back(std::move(state.value()));
  }
  // Once a record is refused here (a clock too far behind, say), the checkpoint stays where it was,
  // so the refused record comes again at the next session instead of being skipped for good.
  auto applied = receiver_->receive(records, changes.batch_seq());
  if (!applied) return fail(applied.status(), false);
  report_.pulled += records.size();
  report_.changed += applied->changed;
  report_.refused_here += applied->refused.size();
  ++report_.pull_batches;
  if (changes.batch_seq() > pull_base_)
    report_.received_so_far = std::max(
        report_.received_so_far, std::min(report_.to_receive, changes.batch_seq() - pull_base_));
  v1::Envelope ack;
  ack.mutable_ack()->set_batch_seq(changes.batch_seq());
  // Text changes whose base this store lacks: the hub sends those records whole next, even after
  // its last batch, so the session waits for them.
  for (const core::RecordId& id : applied->whole_needed)
    ack.mutable_ack()->add_whole_needed(std::string(id.bytes()));
  Frames out = one_frame(std::move(ack));
  if (!changes.more() && applied->whole_needed.empty()) {
    v1::Envelope bye;
    bye.mutable_bye();
    out.push_back(std::move(bye));
    state_ = State::kDone;
    report_.finished = true;
    report_.sent_so_far = report_.to_send;
    report_.received_so_far = report_.to_receive;
  }
  note_progress();
  return out;
}

void ClientSession::note_progress() {
  if (options_.on_progress) options_.on_progress(report_);
}

int SyncReport::percent() const {
  if (finished) return 100;
  const uint64_t total = to_send + to_receive;
  if (total == 0) return 0;
  // 99 at most until the session has ended: the last batch's Ack may still fail.
  return static_cast<int>(std::min<uint64_t>(99, (sent_so_far + received_so_far) * 100 / total));
}

}  // namespace triad::sync
