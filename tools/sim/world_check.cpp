// The end of a simulated run: heal the network, sync everyone to quiescence, check invariants.
#include <fmt/core.h>

#include <cstdlib>
#include <set>

#include "triad/core/merge.h"
#include "triad/core/sharing.h"
#include "world.h"

namespace triad::sim {

namespace {

bool refused_at(core::Store& s, const core::RecordId& id) {
  for (const core::Refusal& r : s.refusals(0).value())
    if (r.record == id) return true;
  return false;
}

std::vector<core::RecordState> everything(core::Store& s) {
  return s.changes_since(0, 1u << 30, SIZE_MAX).value().records;
}

}  // namespace

std::string World::run() {
  for (int i = 0; i < config_.steps; ++i) step();
  heal_and_settle();
  return check();
}

// Every device online, no more faults; sessions run whole until a round changes nothing.
void World::heal_and_settle() {
  log("the network heals, every date is put right; everyone syncs until nothing changes");
  links_.clear();
  for (Device& d : devices_) d.online = true, *d.skew_ms = d.sane_skew_ms;
  for (int round = 0; round < 20; ++round) {
    bool released = false;  // an admin's action changes no record, but the next round differs
    uint64_t before = hub_->store().status()->last_seq;
    for (Device& d : devices_) before += d.store->status()->last_seq;
    for (size_t i = 0; i < devices_.size(); ++i) {
      start_session(static_cast<int>(i));
      Link& link = links_.back();
      for (int frames = 0; (!link.client->finished() || !link.to_hub.empty()) && frames < 100'000;
           ++frames) {
        for (auto& f : std::exchange(link.to_hub, {}))
          for (auto& r : link.hub->receive(f)) link.to_device.push_back(std::move(r));
        for (auto& f : std::exchange(link.to_device, {}))
          for (auto& r : link.client->receive(f)) link.to_hub.push_back(std::move(r));
      }
      const sync::SyncReport& r = link.client->report();
      const core::Status& status = link.client->status();
      if (!status.is_ok() &&
          status.message().find("another copy of this store") != std::string::npos &&
          !devices_[i].revoked) {
        // A backup from before an earlier restore of the same device synced: its site id is not
        // the token's any more. The message asks the admin to let it replace the other; she does.
        const std::string token_id = devices_[i].token.substr(0, devices_[i].token.find('.'));
        if (hub_->release_device(token_id).is_ok())
          released = true,
          log(fmt::format(
              "settling: the admin lets {}'s restored store replace the device (triad-hub replace)",
              devices_[i].name));
      }
      if (!status.is_ok())
        log(fmt::format("settling: {}'s session failed: {}", devices_[i].name, status.message()));
      else
        log(fmt::format("settling: {} sent {}, received {} ({} changed){}{}{}", devices_[i].name,
                        r.pushed, r.pulled, r.changed,
                        r.took_new_site ? ", took a new site id" : "",
                        r.hub_restored ? ", the hub was restored" : "",
                        r.resent ? ", sent again what the hub lacked" : ""));
      links_.clear();
    }
    uint64_t after = hub_->store().status()->last_seq;
    for (Device& d : devices_) after += d.store->status()->last_seq;
    if (after == before && !released) return;
  }
  broken_ += "  the alliance did not settle in 20 rounds\n";
}

std::string World::check() {
  std::string failures = broken_;
  auto fail = [&](const std::string& what) { failures += "  " + what + "\n"; };
  // TRIAD_SIM_DEBUG=1: the two states of a record that differ, stamp by stamp.
  auto show_both = [&](const core::RecordState& hub, const core::RecordState& device) {
    if (!std::getenv("TRIAD_SIM_DEBUG")) return;
    auto show = [](const core::RecordState& x) {
      std::string o = fmt::format("created {}:{:x} author {} school {}", x.header.created.hlc,
                                  x.header.created.site, x.header.author.to_string().substr(0, 8),
                                  x.header.school.to_string().substr(0, 8));
      if (x.deleted) o += fmt::format(" deleted @{}:{:x}", x.deleted->hlc, x.deleted->site);
      for (const auto& [n, f] : x.fields)
        for (const auto& v : f.versions)
          o += fmt::format(" | {}={} @{}:{:x}", n,
                           f.kind == core::FieldKind::kMergingText
                               ? fmt::format("<text sequence, {} bytes>", v.value.size())
                               : v.value,
                           v.stamp.hlc, v.stamp.site);
      return o;
    };
    fail("    hub:    " + show(hub));
    fail("    device: " + show(device));
  };
  std::map<core::RecordId, core::RecordState> at_hub;
  for (auto& r : everything(hub_->store())) at_hub.emplace(r.header.id, std::move(r));
  for (const auto& [id, r] : at_hub)
    if (r.scope == core::Scope::kPrivate && !r.is_deleted())
      fail("private record " + id.to_string() + " reached the hub");
  // After a hub restore, a change the restored hub lost comes back only from its author's device,
  // and the hub judges it again, against a state that other devices' resent changes may have
  // changed first: refused then, it stays with its author (a refusal the person sees and may
  // discard), and the devices that had it from the hub before the restore keep it too, if they
  // may no longer see the hub's state of the record (README, "After a restore").
  std::set<core::RecordId> refused_after_restore;
  if (troubles_.hub_restore)
    for (Device& d : devices_)
      for (const core::Refusal& r : d.store->refusals(0).value())
        refused_after_restore.insert(r.record);
  for (Device& d : devices_) {
    if (d.revoked) continue;  // it may never sync again: what it holds is its own affair
    // Every date is right again: nothing stays refused for a clock once set ahead.
    for (const core::Refusal& r : d.store->refusals(0).value())
      if (r.reason.find("ahead") != std::string::npos)
        fail(d.name + " still has a change refused for a clock ahead: " + r.record.to_string());
    const core::Viewer me{d.store->identity().school, d.store->identity().person};
    for (const auto& [id, r] :
         at_hub) {  // convergence: what this device may see, it holds as the hub does
      const core::RecordState* parent =
          at_hub.count(r.header.parent) ? &at_hub.at(r.header.parent) : nullptr;
      if (!core::may_see(me, r, parent) || refused_at(*d.store, id)) continue;
      auto held = d.store->get(id).value();
      ++records_checked_;
      if (!held)
        fail(d.name + " never received " + r.header.type + " " + id.to_string());
      else if (*held != r) {
        fail(d.name + " holds a different state of " + r.header.type + " " + id.to_string());
        show_both(r, *held);
      }
    }
    for (const auto& r : everything(*d.store)) {  // nothing this device wrote was lost on the way
      const core::RecordId& id = r.header.id;
      if (r.scope == core::Scope::kPrivate) {  // stays on its author's devices, tombstone included
        if (!r.is_deleted() && r.header.author != me.person)
          fail(d.name + " holds someone else's private record " + id.to_string());
        continue;
      }
      if (refused_at(*d.store, id)) continue;
      auto it = at_hub.find(id);
      if (it != at_hub.end() && refused_after_restore.count(id)) {
        const core::RecordState* parent =
            at_hub.count(it->second.header.parent) ? &at_hub.at(it->second.header.parent) : nullptr;
        if (!core::may_see(me, it->second, parent)) continue;
      }
      // A record the restored hub refused to its author (judged again, against a state that had
      // moved on) stays with that author as a refusal, and a colleague who had it from the hub
      // before the restore keeps it too (README, on a hub restored from a backup).
      if (it == at_hub.end() && refused_after_restore.count(id) && r.header.author != me.person)
        continue;
      if (it == at_hub.end()) {
        fail(d.name + "'s " + r.header.type + " " + id.to_string() + " never reached the hub");
      } else if (core::merge_record(it->second, r).value() != it->second) {
        fail(d.name + " holds writes to " + r.header.type + " " + id.to_string() +
             " that the hub lacks");
        show_both(it->second, r);
      }
    }
  }
  return failures;
}

}  // namespace triad::sim
