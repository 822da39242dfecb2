// Which store a token's session is with: generations and site ids (proto: RESTORED AND COPIED
// STORES). Pure logic; HubSession saves the outcome.
//
// A generation is a counter per token in its high 40 bits and a tag of the token id in its low
// 24: a store that last synced with another token (a copy enrolled anew, say) shows a generation
// that says nothing about this token's sessions, and is read as none.
#include <algorithm>

#include "triad/hub/hub.h"
#include "triad/hub/hub_session.h"

namespace triad::sync {

namespace {

constexpr int kTagBits = 24;
constexpr uint64_t kTagMask = (uint64_t{1} << kTagBits) - 1;

uint64_t tag_of(const std::string& token_id) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : token_id) h = (h ^ c) * 1099511628211ull;
  return h & kTagMask;
}

uint64_t counter_of(uint64_t generation) { return generation >> kTagBits; }

constexpr uint64_t kMaxCounter = uint64_t{1} << 39;

}  // namespace

Binding decide_binding(const core::Device& device, core::SiteId site, uint64_t generation,
                       bool synced, bool site_taken, bool site_has_history,
                       core::SiteId fresh_site) {
  using Kind = Binding::Kind;
  core::Device d = device;
  if (generation != 0 && generation == d.pending_generation && site == d.pending_site) {
    // The store committed the last Welcome's generation (and site) though no frame confirmed it.
    d.generation = generation;
    d.bound_site = site;
    d.pending_generation = 0;
    d.pending_site = 0;
  }
  const uint64_t tag = tag_of(d.token_id);
  // A generation of this token's, or none; a counter no hub could have reached is none too (it
  // would wrap the next one).
  uint64_t shown = (generation & kTagMask) == tag ? counter_of(generation) : 0;
  if (shown >= kMaxCounter) shown = 0;
  // Judged against the confirmed generation only: a pending one may never have reached the store
  // (a Welcome lost on the way), so a store showing less than it is not behind for that.
  const uint64_t current = counter_of(d.generation);
  const uint64_t known = std::max(current, counter_of(d.pending_generation));
  Binding b;
  b.serve_as = site;
  if (d.bound_site == 0 && shown > known) {
    // A generation of this token's that the hub never gave: the hub was restored from a backup
    // made before the token's binding, which it lost with it. The store is the one it knew.
    b.kind = Kind::kHubBehind;
  } else if (d.bound_site == 0) {
    // A store that synced before, or whose site another token's store uses, or of whose site the
    // hub holds changes (a backup made before its first sync, restored), may be one of several
    // copies the hub knows under that site id: it gets a site id of its own.
    b.kind = Kind::kFirstUse;
    if (synced || site_taken || site_has_history) b.serve_as = fresh_site;
  } else if (site == d.bound_site) {
    if (shown == current)
      b.kind = Kind::kSameStore;
    else if (shown > current)
      b.kind = Kind::kHubBehind;
    else
      b.kind = Kind::kRestoredCopy, b.serve_as = fresh_site;
  } else if (shown > current) {
    b.kind = Kind::kHubBehind;  // a binding the hub lost with its restore
  } else {
    b.kind = Kind::kOtherStore;
    return b;
  }
  // A site id another valid token's store uses is never served to this one, whatever it shows: it
  // would share that store's checkpoints and echo filter, and so hide its rows from it.
  if (b.serve_as == site && site_taken) b.serve_as = fresh_site;
  b.generation = ((std::max(known, shown) + 1) << kTagBits) | tag;
  b.device = d;
  b.device.pending_generation = b.generation;
  b.device.pending_site = b.serve_as;
  return b;
}

}  // namespace triad::sync
