// The hub's end of a sync session as a state machine with no sockets: it consumes one frame (an
// Envelope) and returns the frames to send (the device's end is triad/sync/session.h). It
// authenticates the device, binds its store (hub_binding.cpp), takes its pushes as its token's
// person may write them and serves its pulls as that person may see them, through the
// replication algorithm of core (replication.h).
// Not thread-safe: one thread (the hub's store thread) drives a session, and the hub's store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "triad/core/replication.h"
#include "triad/core/sharing.h"
#include "triad/hub/hub.h"
#include "triad/sync/protocol.h"
#include "triad/sync/session.h"
#include "triad/v1/sync.pb.h"

namespace triad::sync {

// What a hub session has done so far, for the hub's log.
struct HubSessionTally {
  size_t pushed = 0;   // records the device pushed
  size_t refused = 0;  // of those, records the hub refused
  size_t pulled = 0;   // records sent to the device
};

class HubSession {
 public:
  // `peer_address` (the client's "IP:port") begins every line the session logs.
  explicit HubSession(Hub& hub, std::string peer_address = {})
      : hub_(hub), peer_address_(std::move(peer_address)) {}
  Frames receive(const v1::Envelope& frame);
  bool finished() const { return state_ == State::kDone; }
  bool authenticated() const { return state_ == State::kReady; }
  const std::string& peer_name() const { return peer_name_; }
  const std::string& peer_address() const { return peer_address_; }
  const HubSessionTally& tally() const { return tally_; }
  const SessionProtocol& protocol() const { return protocol_; }  // agreed at Hello

 private:
  enum class State { kAwaitHello, kReady, kDone };
  Frames on_hello(const v1::Hello& hello);
  Frames welcome(const v1::Hello& hello, const Binding& binding);
  // Before every frame after Hello: the token is still valid, and this session is still the one
  // its store's generation belongs to (its first Push, Pull or Ack confirms it). An Error ends it
  // otherwise.
  std::optional<Frames> check_still_bound();
  Frames on_push(const v1::Push& push);
  Frames on_pull(const v1::Pull& pull);
  Frames on_pull_ack(const v1::Ack& ack);
  Frames send_changes();
  Frames fail(v1::ErrorCode code, const std::string& message);
  void log(const std::string& line) const {
    hub_.log(peer_address_.empty() ? line : peer_address_ + " " + line);
  }

  Hub& hub_;
  std::string peer_address_;
  HubSessionTally tally_;
  State state_ = State::kAwaitHello;
  SessionProtocol protocol_;
  core::Device device_;
  core::Viewer viewer_;
  core::SiteId peer_site_ = 0;
  std::string peer_name_;
  uint64_t generation_ = 0;  // given in this session's Welcome
  bool confirmed_ = false;   // the store sent a frame after Welcome: the generation is its
  std::optional<uint64_t> pull_from_;  // set while a pull is running
  std::optional<uint64_t> changes_in_flight_;
  std::optional<core::PushReceiver> receiver_;  // from Welcome on
  std::optional<core::PullServer> server_;      // from Welcome on
  bool more_ = false;
};

}  // namespace triad::sync
