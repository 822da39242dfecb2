// What a sync session found and repaired, in words for the person who ran it (the CLI prints
// them after its summary; the desktop app shows them). Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "triad/sync/session.h"

namespace triad::client {

// One sentence per thing worth telling: a store restored or copied, a hub restored, a date that
// looks wrong, edits re-issued after a wrong date, refused changes discarded. Empty when none.
std::vector<std::string> session_notes(const sync::SyncReport& report, uint64_t device_now_ms);

}  // namespace triad::client
