// A device's sync settings: the hub's addresses (one, or several hub processes serving the
// alliance, tried in order), the CA file its certificate is checked against and whether to use
// plain TCP (tests on loopback), kept in its store as its sync target (core/sync_target.h); and
// its device token, kept outside the store in the credentials file (credentials.h), so a copy of
// the store carries no credentials. The `triad` CLI and the desktop app share them through the
// store file and the credentials file. Used by `triad init`, `triad config`, `triad sync` and
// triad-app. Not thread-safe (reads and writes through the given store).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "triad/core/status.h"
#include "triad/core/store.h"
#include "triad/sync/transport.h"

namespace triad::client {

// The setting names as `triad config` shows them: hub, token, ca, insecure-plaintext.
const std::vector<std::string>& sync_setting_names();

struct SyncSettings {
  std::vector<std::string> hubs;  // HOST:PORT of each hub process, in the order they are tried
  std::string token;              // ID.SECRET from `triad-hub enroll`
  std::string ca;  // PEM file the hub's certificate is checked against, an absolute path
  bool plaintext = false;

  bool configured() const { return !hubs.empty() && !token.empty(); }
};

// The hub's addresses as a person gives them: HOST:PORT, or several separated by commas
// ("hub-a.example.org:7400,hub-b.example.org:7400"; spaces around a comma are dropped), each
// checked as check_sync_setting checks the hub. kInvalidArgument naming the address at fault, for
// an empty one and for one given twice.
core::Result<std::vector<std::string>> parse_hub_list(const std::string& text);
// The addresses as a person gives them and `triad config` shows them: comma-separated.
std::string hub_list_text(const std::vector<std::string>& hubs);

// Checks a setting when it is set, not at the next sync: the hub is HOST:PORT (port 1-65535), or
// several, comma-separated (parse_hub_list); the token ID.SECRET as `triad-hub enroll` prints it;
// the CA file exists, can be read and holds a PEM certificate. Returns the value to save: the CA
// file as an absolute path (so a timer or cron job that runs elsewhere finds it), the hubs as
// hub_list_text writes them, the others as given. kInvalidArgument with the fix.
core::Result<std::string> check_sync_setting(const std::string& name, const std::string& value);

// What a command line gave, over `settings`: the hubs and a CA file, each checked as above, and a
// token read from `token_file` ("-" for standard input) or TRIAD_TOKEN (token_input.h). What was
// not given is left as it was.
core::Status overlay_given_settings(SyncSettings& settings, const std::string& hub,
                                    const std::string& ca, const std::string& token_file);

// `triad config NAME VALUE` for hub, ca or insecure-plaintext: checks the value as above and saves
// it in the store's sync target, the others left as they were; a value the check makes empty
// ("no" for insecure-plaintext) clears the setting. Returns the value as saved.
core::Result<std::string> set_sync_setting(core::Store& store, const std::string& name,
                                           const std::string& value);
// The saved value of hub, ca or insecure-plaintext as `triad config` shows it ("" when not set).
core::Result<std::string> sync_setting_value(core::Store& store, const std::string& name);

// Reads the saved settings (missing ones are empty), the token from the credentials file (or,
// for a store whose token has not been moved out yet, from the store). Fails when the store or
// the credentials file cannot be read.
core::Result<SyncSettings> load_sync_settings(core::Store& store);
// Checks and saves the non-empty settings (empty ones are left as they were): the token in the
// credentials file under this store's path, the rest in the store.
core::Status save_sync_settings(core::Store& store, const SyncSettings& settings);

// Where to connect, from the settings: each hub address, in their order (hub_sync.h puts the one
// that answered last first). kInvalidArgument with the fix in words when no hub is set.
core::Result<std::vector<sync::HubAddress>> hub_addresses(const SyncSettings& settings,
                                                          std::chrono::milliseconds timeout);

}  // namespace triad::client
