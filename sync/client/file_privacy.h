// What `triad init` and `triad-hub init` tell a person about who may read the store they made
// (its mode, and its folder's). Thread-safe: reads file modes only.
#pragma once

#include <string>

namespace triad::client {

// "only you can read it: the store has mode 0600 (its -wal and -shm files too), in a folder of
// mode 0700", or, when the folder is open to others, what that means and how to close it. ""
// when the file cannot be examined.
std::string file_privacy_note(const std::string& store_path);

}  // namespace triad::client
