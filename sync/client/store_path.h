// Where a device's store lives when no --db is given, the same for the `triad` CLI and
// triad-app so both open one file: $XDG_DATA_HOME/triad/triad.db, else
// ~/.local/share/triad/triad.db. Thread-safe: reads the environment only.
#pragma once

#include <string>

namespace triad::client {

std::string default_store_path();

}  // namespace triad::client
