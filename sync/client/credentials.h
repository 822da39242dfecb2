// Device tokens, kept out of store files: a store is copied for `triad merge` and backed up, and a
// copy must not carry its owner's credentials. The tokens live in one credentials file beside
// the configuration, $XDG_CONFIG_HOME/triad/credentials (else ~/.config/triad/credentials), mode
// 0600 in a folder of mode 0700, one line per store:
//
//   # comment
//   TOKEN STORE-PATH
//
// keyed by the store's absolute path (symbolic links resolved): a copy of a store elsewhere has
// no token, and a store restored to the same place finds its token again. Not the store's site
// id, which changes when a store is restored from a backup or its clock was far ahead.
//
// Used by the `triad` CLI and triad-app (through sync_settings.h). Not thread-safe: two
// processes writing at once are kept apart by a lock file beside it.
#pragma once

#include <string>

#include "triad/core/status.h"
#include "triad/core/store.h"

namespace triad::client {

// Where the credentials file is (it may not exist yet).
std::string credentials_path();

// The token saved for the store at `store_path` ("" when none, or when there is no credentials
// file). kStoreError when the file cannot be read, or when other users may read it (the message
// says how to fix its mode).
core::Result<std::string> load_token(const std::string& store_path);

// Saves `token` for the store at `store_path`, replacing any it had; creates the folder (0700)
// and the file (0600) when missing. The file is replaced whole (a temporary file renamed over
// it), so a crash leaves the old or the new one. kStoreError with the reason otherwise.
core::Status save_token(const std::string& store_path, const std::string& token);

// A store written before tokens moved out of it keeps its token (Store::legacy_token). Moves it to
// the credentials file (unless the file already has a token for this store, which is newer) and
// deletes it from the store, with its bytes scrubbed from the file and its WAL. Does nothing for a
// store without that setting (false). On failure the token stays in the store.
core::Result<bool> move_token_out_of_store(core::Store& store);

}  // namespace triad::client
