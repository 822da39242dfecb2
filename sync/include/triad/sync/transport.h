// The device's connection to its hub, over TCP with TLS (Boost.Asio and OpenSSL): the session
// state machine (session.h) run frame by frame. The hub's server is triad/hub/hub_server.h.
// Plain TCP only when asked for explicitly. sync_with_hub() runs on the calling thread and uses
// the store from it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "triad/core/store.h"
#include "triad/sync/session.h"

namespace triad::sync {

struct HubAddress {
  std::string address;  // HOST:PORT
  std::string ca_file;  // PEM: the CA that signed the hub's certificate, or the certificate itself
  bool plaintext = false;
  std::chrono::milliseconds timeout{30'000};  // for connecting and for each frame
};

// One whole session with the hub: push, pull, bye. kUnavailable when the hub cannot be reached
// or the link breaks (everything committed so far stays committed: retry resumes from there);
// kFailedPrecondition when the hub refuses the device, or its certificate is not valid at the
// device's date (the message shows that date and the certificate's validity); kInvalidArgument
// for plain TCP to an address that is not loopback.
core::Result<SyncReport> sync_with_hub(core::Store& store, const HubAddress& hub,
                                       ClientOptions options);

}  // namespace triad::sync
