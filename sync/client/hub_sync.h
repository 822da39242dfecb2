// A device's sync with its alliance's hub, over the hub addresses of its settings: the address
// that answered the last sync is tried first (so a hub process that is down costs one wait, not
// one per sync), the others after it in their order, and the one that answers is noted in the
// store for next time. It is kept in the store, not in memory, because most syncs run in a
// process of their own (a systemd timer, a cron line, `triad sync`), and only when there are
// several addresses and it changed, so a one-hub device writes nothing more. Used by `triad sync`
// and triad-app. Not thread-safe (reads and writes through the given store).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "sync_settings.h"
#include "triad/sync/transport.h"

namespace triad::client {

// One sync with the first of settings.hubs that answers (sync::sync_with_hubs, whose contract
// holds: only an address that did not answer is passed over), tried in hub_addresses' order.
// Notes the address that answered in the store's sync target when it is one of the saved hubs;
// a failure to note it is not the sync's (the next sync tries the saved order).
core::Result<sync::HubSync> sync_with_hubs(core::Store& store, const SyncSettings& settings,
                                           std::chrono::milliseconds timeout,
                                           sync::ClientOptions options);

// One line per address passed over, for the person: "the hub at 10.0.0.5:7400 did not answer
// (connection refused); tried the next address". Empty when none was.
std::vector<std::string> skipped_hub_lines(const sync::HubSync& sync);

}  // namespace triad::client
