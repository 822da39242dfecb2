// Why a sync failed, in words a teacher can act on: the failure's kind (the hub not answering,
// its certificate not checkable, this device's token refused, sync not set up, ...), a headline
// and what to do, with the engine's own message kept as the detail. Used by the apps' sync status
// so that "offline" always says why. Values only; thread-safe.
#pragma once

#include <string>

#include "triad/core/status.h"

namespace triad::client {

enum class SyncProblemKind {
  kHubUnreachable,  // no hub address answered (network down, hub stopped)
  kCertificate,     // the CA file is missing or unreadable, or does not vouch for the hub
  kTokenRefused,    // the hub does not accept this device's token (revoked, unknown)
  kNotSetUp,        // no hub address or no token saved
  kBusy,            // another sync of this store is running
  kClock,           // this device's date is too far from the hub's
  kStore,           // the store could not be read or written
  kOther,
};

struct SyncProblem {
  SyncProblemKind kind = SyncProblemKind::kOther;
  std::string headline;  // "The hub is not answering"
  std::string advice;    // what to do, in a sentence or two
  std::string detail;    // the engine's message, as it came
};

// The problem a failed sync's status describes.
SyncProblem describe_sync_failure(const core::Status& status);

// A short name of the kind, for logs and tests ("hub-unreachable", "certificate", ...).
const char* to_string(SyncProblemKind kind);

}  // namespace triad::client
