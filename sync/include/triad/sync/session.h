// The device's end of a sync session as a state machine with no sockets (the hub's end is
// triad/hub/hub_session.h): it consumes one frame (an Envelope) and returns the frames to send. The
// transport moves the frames; tests and the simulator drive them directly. The protocol is
// specified in proto/triad/v1/sync.proto. Not thread-safe: one thread drives a session, and the
// store it uses.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triad/core/replica.h"
#include "triad/core/replication.h"
#include "triad/core/sharing.h"
#include "triad/sync/protocol.h"
#include "triad/v1/sync.pb.h"

namespace triad::sync {

inline constexpr const char* kAppVersion = "triad 0.1.0";

using Frames = std::vector<v1::Envelope>;
// One frame, moved in: `return {e};` would deep-copy the envelope (an initializer list copies),
// which for a batch of 500 records costs as much as building it.
inline Frames one_frame(v1::Envelope&& e) {
  Frames out;
  out.push_back(std::move(e));
  return out;
}

// The name a device's store keeps for the hub it syncs with (PeerState::name), as people read it.
inline std::string hub_peer_name(const std::string& alliance) { return "hub of " + alliance; }
// Whether a peer is the hub this store syncs with (not a store merged as a file).
inline bool is_hub_peer(const core::PeerState& peer) { return peer.kind == core::PeerKind::kHub; }

struct SyncReport {
  size_t pushed = 0;  // records sent
  size_t push_batches = 0;
  size_t refused = 0;       // records the hub refused (kept here, offered again next time)
  size_t pulled = 0;        // records received
  size_t changed = 0;       // received records that changed this store
  size_t refused_here = 0;  // received records this store refused (pulled again next time)
  size_t pull_batches = 0;
  core::SiteId hub_site = 0;
  std::string alliance;
  uint64_t bytes_sent = 0;  // frames written to the hub, headers included (set by the transport)
  uint64_t bytes_received = 0;  // frames read from the hub
  // What the session found and repaired, for the person (see sync.proto RESTORED AND COPIED
  // STORES).
  bool took_new_site = false;  // this store was older than a copy of it that synced since (a backup
                               // restored, a file copied): it now writes as a new site id
  core::SiteId new_site = 0;
  bool hub_restored = false;  // the hub's store was older than this device's last sync
  bool resent =
      false;  // the hub held less of this store's changes than it had confirmed: sent again
  int64_t clock_off_ms = 0;  // this device's date minus the hub's, when they differ by over an hour
  size_t clock_repaired = 0;  // records whose edits, stamped in the future, were re-issued
  uint64_t clock_was_ms = 0;  // the store's clock before that repair
  size_t discarded = 0;       // refused changes dropped: the hub's state of the record taken back
  // How far the session has come, in change numbers (seq): of this store's changes to send
  // (from the hub's checkpoint to the session's last seq) and of the hub's to receive (from this
  // store's checkpoint to Welcome.hub_seq; 0 when the hub did not say). For a percentage.
  uint64_t to_send = 0, sent_so_far = 0;
  uint64_t to_receive = 0, received_so_far = 0;
  bool finished = false;  // the session ended well
  // 0..100 over both directions; 100 only once the session has ended well.
  int percent() const;
};

// A device whose date is this close to the hub's is taken to have a right date (for the repair
// of edits stamped in the future, and for telling the person the date looks wrong).
constexpr int64_t kClockAgreementMs = 60 * 60 * 1000;

struct ClientOptions {
  std::string token;
  std::string app_version = kAppVersion;
  uint32_t max_batch_records = 500;
  size_t max_batch_bytes = 1 << 20;
  bool alliance_only = false;  // a hub syncing upward passes on alliance-scope records only
  std::function<void(const SyncReport&)> on_progress;  // after every batch
};

class ClientSession {
 public:
  ClientSession(core::Replica& store, ClientOptions options);
  // The first frame. When the store cannot be read the session is finished() at once with the
  // error as its status(); the transport then sends nothing.
  v1::Envelope hello();
  Frames receive(const v1::Envelope& frame);
  bool finished() const { return state_ == State::kDone; }
  const core::Status& status() const { return status_; }  // ok once the session ended well
  const SyncReport& report() const { return report_; }
  const SessionProtocol& protocol() const { return protocol_; }  // agreed at Welcome

 private:
  enum class State { kAwaitWelcome, kPushing, kPulling, kDone };
  Frames on_welcome(const v1::Welcome& w);
  core::Status begin(const v1::Welcome& w);
  core::Status check_clock(const v1::Welcome& w);
  Frames pull();
  core::Status take_refetched(const v1::Changes& changes);
  Frames on_push_ack(const v1::Ack& ack);
  Frames on_changes(const v1::Changes& changes);
  Frames next_push();
  Frames fail(core::Status status, bool tell_hub);
  void note_progress();
  bool passes(const core::RecordState& r) const;

  core::Replica& store_;
  ClientOptions options_;
  State state_ = State::kAwaitWelcome;
  SessionProtocol protocol_;
  core::Status status_;
  SyncReport report_;
  std::string hub_name_;
  std::optional<core::PushSender> sender_;        // from Welcome on
  std::optional<core::PullReceiver> receiver_;    // from Welcome on
  std::optional<core::OutgoingBatch> in_flight_;  // the Push awaiting its Ack
  uint64_t pushes_sent_ = 0;  // push_number of the last Push (its Ack echoes it)
  core::Viewer writer_;       // who the hub takes this device's changes from (Welcome)
  // Progress (SyncReport::percent): the checkpoints each direction started from, and the hub's
  // last seq when it answered.
  uint64_t push_base_ = 0, pull_base_ = 0, hub_seq_ = 0;
};

}  // namespace triad::sync
