#include "hub_sync.h"

#include <algorithm>

namespace triad::client {

namespace {

// Moves the address that answered the last sync, when it is among them, to the front.
void answered_first(std::vector<sync::HubAddress>& hubs, const std::string& answered) {
  const auto found = std::find_if(hubs.begin(), hubs.end(),
                                  [&](const sync::HubAddress& h) { return h.address == answered; });
  if (found != hubs.end()) std::rotate(hubs.begin(), found, found + 1);
}

// Keeps `address` as the one that answered, when it is a saved hub among several and was not
// already noted. Read again after the sync, which `triad config` may have run beside.
core::Status note_answered(core::Store& store, const std::string& address) {
  auto target = store.sync_target();
  if (!target) return target.status();
  if (target->hubs.size() < 2 || target->answered == address ||
      std::find(target->hubs.begin(), target->hubs.end(), address) == target->hubs.end())
    return core::Status::ok();
  target->answered = address;
  return store.save_sync_target(*target);
}

}  // namespace

core::Result<sync::HubSync> sync_with_hubs(core::Store& store, const SyncSettings& settings,
                                           std::chrono::milliseconds timeout,
                                           sync::ClientOptions options) {
  auto addresses = hub_addresses(settings, timeout);
  if (!addresses) return addresses.status();
  auto target = store.sync_target();
  if (!target) return target.status();
  answered_first(*addresses, target->answered);
  auto synced = sync::sync_with_hubs(store, *addresses, std::move(options));
  if (synced)  // it only orders the next sync's tries, so the sync succeeded if this fails
    (void)note_answered(store, synced->address);
  return synced;
}

std::vector<std::string> skipped_hub_lines(const sync::HubSync& sync) {
  std::vector<std::string> lines;
  for (const sync::UnansweredHub& h : sync.skipped)
    lines.push_back("the hub at " + h.address + " did not answer (" + h.why +
                    "); tried the next address");
  return lines;
}

}  // namespace triad::client
