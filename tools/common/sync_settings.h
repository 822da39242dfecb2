// A device's sync settings (hub address, token, CA file), kept in its store under the keys
// "sync.hub", "sync.token", "sync.ca" and "sync.insecure-plaintext", so the `triad` CLI and the
// desktop app share them through one store file. Used by `triad init`, `triad config`,
// `triad sync` and triad-desktop. Not thread-safe (reads and writes through the given store).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "triad/core/status.h"
#include "triad/core/store.h"
#include "triad/sync/transport.h"

namespace triad::app {

// The setting names as `triad config` shows them; each is stored as "sync." + name.
const std::vector<std::string>& sync_setting_names();
std::string sync_setting_key(const std::string& name);  // "hub" -> "sync.hub"

struct SyncSettings {
  std::string hub;    // HOST:PORT
  std::string token;  // ID.SECRET from `triad-hub enroll`
  std::string ca;     // PEM file the hub's certificate is checked against
  bool plaintext = false;

  bool configured() const { return !hub.empty() && !token.empty(); }
};

// Reads the saved settings (missing ones are empty). Fails only when the store cannot be read.
core::Result<SyncSettings> load_sync_settings(core::Store& store);
// Saves the non-empty settings; empty ones are left as they were.
core::Status save_sync_settings(core::Store& store, const SyncSettings& settings);

// Where to connect, from the settings. kInvalidArgument with the fix in words when no hub is set.
core::Result<sync::HubAddress> hub_address(const SyncSettings& settings,
                                           std::chrono::milliseconds timeout);

}  // namespace triad::app
