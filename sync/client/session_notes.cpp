#include "session_notes.h"

#include <fmt/core.h>

#include "time_text.h"

namespace triad::client {

std::vector<std::string> session_notes(const sync::SyncReport& r, uint64_t now_ms) {
  std::vector<std::string> notes;
  if (r.took_new_site)
    notes.push_back(
        fmt::format("This store is older than a copy of it that synced with the hub since (it was "
                    "restored from a backup, "
                    "or copied). Nothing was lost: it now records as a new device identity (site "
                    "{:016x}) and received what "
                    "the other copy had sent. If the other copy is still in use, the hub will "
                    "refuse it: merge its file into "
                    "this one with `triad merge`.",
                    r.new_site));
  if (r.hub_restored)
    notes.push_back(
        "The hub's store is older than this device's last sync (it was restored from a backup): "
        "this device "
        "sent again everything the hub lacked.");
  else if (r.resent)
    notes.push_back(
        "The hub held less of this device's changes than it had confirmed; they were sent again.");
  if (r.clock_off_ms != 0) {
    const uint64_t hub_ms = static_cast<uint64_t>(static_cast<int64_t>(now_ms) - r.clock_off_ms);
    notes.push_back(
        fmt::format("This device's date and time look wrong: it says {}, the hub says {}. Set the "
                    "date and time, then sync "
                    "again; changes made meanwhile are kept and sent then.",
                    client::local_time_text(now_ms), client::local_time_text(hub_ms)));
  }
  if (r.clock_repaired > 0)
    notes.push_back(
        fmt::format("This device's date was once set ahead (to {}); {} record{} edited then {} "
                    "re-stamped with the right date "
                    "and sent.",
                    client::local_time_text(r.clock_was_ms), r.clock_repaired,
                    r.clock_repaired == 1 ? "" : "s", r.clock_repaired == 1 ? "was" : "were"));
  if (r.discarded > 0)
    notes.push_back(fmt::format("{} refused change{} discarded: the hub's version was taken back.",
                                r.discarded, r.discarded == 1 ? "" : "s"));
  return notes;
}

}  // namespace triad::client
