// Files that hold a teacher's records or a device's credentials are created readable by their
// owner only: the file mode 0600 and, for folders Triad creates, 0700 (whatever the umask).
// Store::create uses them for a store (SQLite gives its -wal and -shm files the store's mode);
// the apps use them for the credentials file. Thread-safe: POSIX calls only.
#pragma once

#include <string>

#include "triad/core/status.h"

namespace triad::core {

// Creates `folder` and any missing parent with mode 0700; folders that exist are left as they
// are. kStoreError "cannot create the folder ...: reason" otherwise ("" is the current folder).
Status make_private_folders(const std::string& folder);

// Creates the empty file `path` with mode 0600, failing if anything exists there
// (kFailedPrecondition) or it cannot be made (kStoreError with the reason).
Status create_private_file(const std::string& path);

// True when `mode` (st_mode) lets only its owner in: no permission bit for group or others.
inline bool is_private_mode(unsigned mode) { return (mode & 077) == 0; }

}  // namespace triad::core
