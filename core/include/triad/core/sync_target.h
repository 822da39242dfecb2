// Where a device syncs: the hubs it syncs with and how its connection is checked. Kept in the
// device's store (Store::sync_target), so the CLI and the desktop app share it; values as
// sync/client/sync_settings.h checks them. The device's token is not here: it is kept outside the
// store (sync/client/credentials.h), so a copy of a store carries no credentials. Values only.
#pragma once

#include <string>
#include <vector>

namespace triad::core {

struct SyncTarget {
  // HOST:PORT of each hub process serving the alliance, in the order they are tried (one address
  // for most schools); empty when not set. An address holds no comma.
  std::vector<std::string> hubs;
  std::string ca;          // the PEM file the hub's certificate is checked against, absolute
  bool plaintext = false;  // plain TCP instead of TLS: tests on loopback only
  // The address of `hubs` that answered the last sync, tried first at the next one; "" when none
  // did yet. Kept by the sync client, not set by a person.
  std::string answered;

  bool operator==(const SyncTarget&) const = default;
};

}  // namespace triad::core
