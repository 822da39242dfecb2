// One try at one hub address, telling a hub that did not answer (nothing was exchanged: the next
// address may be tried) from one that answered, however its session then went. Private to
// triad_sync_net: hub_client.cpp makes attempts, hub_failover.cpp walks a list of addresses with
// them. Runs on the calling thread, as sync_with_hub.
#pragma once

#include <string>

#include "triad/sync/transport.h"

namespace triad::sync::detail {

struct HubAttempt {
  // The hub answered; `result` is how its session went.
  explicit HubAttempt(core::Result<SyncReport> r) : result(std::move(r)) {}
  // The address did not answer; `status` says so as sync_with_hub returns it, `why` in words.
  HubAttempt(core::Status status, std::string why)
      : result(std::move(status)), answered(false), no_answer(std::move(why)) {}

  core::Result<SyncReport> result;
  // False when the address did not answer: its name did not resolve, the connection was refused,
  // found no route or timed out, or the TLS handshake was cut off or did not finish in time.
  bool answered = true;
  std::string no_answer;  // when not answered: why, in words ("connection refused")
};

HubAttempt attempt_hub(core::Store& store, const HubAddress& hub, ClientOptions options);

}  // namespace triad::sync::detail
