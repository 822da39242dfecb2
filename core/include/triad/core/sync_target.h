// Where a device syncs: the hub it syncs with and how its connection is checked. Kept in the
// device's store (Store::sync_target), so the CLI and the desktop app share it; values as
// sync/client/sync_settings.h checks them. The device's token is not here: it is kept outside the
// store (sync/client/credentials.h), so a copy of a store carries no credentials. Values only.
#pragma once

#include <string>

namespace triad::core {

struct SyncTarget {
  std::string hub;         // HOST:PORT; "" when not set
  std::string ca;          // the PEM file the hub's certificate is checked against, absolute
  bool plaintext = false;  // plain TCP instead of TLS: tests on loopback only

  bool operator==(const SyncTarget&) const = default;
};

}  // namespace triad::core
