// Syncing with the first of a device's hub addresses that answers (transport.h): each address is
// tried with one attempt (hub_attempt.h), and only an address that did not answer is passed over.
// A session cut off after the hub answered is not started again at the next address within the
// same sync: the sync says so and the next one, started by the person, the timer or `--every`,
// tries the addresses again. Sessions are idempotent, so doing it here would be safe, but a cut-off
// that is this device's own network (a laptop closed, Wi-Fi lost) would then cost every other
// address its timeout, with no word to the person meanwhile; and a hub that was killed refuses the
// next sync's connection at once, so that sync passes it over in no time.
#include "hub_attempt.h"

namespace triad::sync {

namespace {

std::string listed(const std::vector<UnansweredHub>& skipped) {
  std::string out;
  for (const UnansweredHub& h : skipped)
    out += (out.empty() ? "" : ", ") + h.address + " (" + h.why + ")";
  return out;
}

// The status of the hub that answered, and which addresses before it did not.
core::Status after_skipping(const core::Status& status, const std::vector<UnansweredHub>& skipped) {
  if (skipped.empty()) return status;
  return core::Status(status.code(), status.message() + " (tried before it, and did not answer: " +
                                         listed(skipped) + ")");
}

}  // namespace

core::Result<HubSync> sync_with_hubs(core::Store& store, const std::vector<HubAddress>& hubs,
                                     ClientOptions options) {
  if (hubs.empty()) return core::invalid_argument("no hub address to sync with");
  HubSync out;
  core::Status last = core::Status::ok();
  for (const HubAddress& hub : hubs) {
    detail::HubAttempt attempt = detail::attempt_hub(store, hub, options);
    if (!attempt.answered) {
      out.skipped.push_back({hub.address, attempt.no_answer});
      last = attempt.result.status();
      continue;
    }
    if (!attempt.result) return after_skipping(attempt.result.status(), out.skipped);
    out.report = std::move(attempt.result).value();
    out.address = hub.address;
    return out;
  }
  if (hubs.size() == 1) return last;
  return core::unavailable("none of the hub's addresses answered: " + listed(out.skipped) +
                           "; nothing was exchanged: sync again once the network or a hub is "
                           "back");
}

}  // namespace triad::sync
