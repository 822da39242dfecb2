// The device's connection to its hub, over TCP with TLS (Boost.Asio and OpenSSL): the session
// state machine (session.h) run frame by frame. The hub's server is triad/hub/hub_server.h.
// Plain TCP only when asked for explicitly. A device may know several addresses of its alliance's
// hub (several hub processes on one database): sync_with_hubs() moves on from one that does not
// answer. sync_with_hub() and sync_with_hubs() run on the calling thread and use the store from it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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

// An address passed over because it did not answer: nothing was exchanged with it.
struct UnansweredHub {
  std::string address;
  std::string why;  // in words: "connection refused", "no answer within 30 seconds"...
};

// One sync with the first of several addresses that answered.
struct HubSync {
  SyncReport report;
  std::string address;                 // the address that answered
  std::vector<UnansweredHub> skipped;  // the addresses tried before it, in order
};

// One whole session with the first of `hubs` that answers, trying them in order. It moves to the
// next address only when one does not answer: its name does not resolve, the connection is
// refused, finds no route or times out, or the TLS handshake is cut off or does not finish within
// the timeout (over plain TCP a connection made counts as an answer). A hub that answered ends the
// sync however its session goes, with its status as sync_with_hub returns it, followed by the
// addresses skipped before it: a refusal (revoked token, protocol error), a certificate that does
// not verify (a security error: never a reason to try another address), or a session cut off
// (kUnavailable: what was committed stays committed; sync again, and the next sync tries the
// addresses again). When no address answered: with one address, its status as sync_with_hub
// returns it; with several, kUnavailable naming each and why. kInvalidArgument for no address.
core::Result<HubSync> sync_with_hubs(core::Store& store, const std::vector<HubAddress>& hubs,
                                     ClientOptions options);

}  // namespace triad::sync
