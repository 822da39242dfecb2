// Sync health: per device, its last sync, what waits at the hub for it and what the hub refused
// of it; per school, the same summed, and whether it has gone quiet.
#include <algorithm>
#include <ctime>

#include "alliance_report.h"
#include "report_reading.h"
#include "triad/hub/hub.h"
#include "triad/sync/session.h"

namespace triad::report {

namespace {

constexpr uint64_t kDayMs = 24ull * 60 * 60 * 1000;

// Changes at the hub newer than the device's pull checkpoint that it may see: exactly what its
// next sync would bring it. A device that never synced is owed everything it may see.
core::Result<uint64_t> pending_for(core::Replica& store, const core::Device& d) {
  auto peer = store.peer(d.last_site);
  if (!peer) return peer.status();
  const core::Viewer viewer{d.school, d.person, d.role == core::DeviceRole::kHub};
  uint64_t from = d.last_site == 0 ? 0 : peer->pushed_seq, pending = 0;
  for (;;) {
    auto batch = store.changes({from, UINT64_MAX, 1000, 8 << 20, d.last_site, &viewer});
    if (!batch) return batch.status();
    pending += batch->records.size();
    from = batch->last_seq;
    if (!batch->more) return pending;
  }
}

core::Result<DeviceHealth> device_health(core::Replica& store, const core::Device& d) {
  DeviceHealth h;
  h.token_id = d.token_id;
  h.school = d.school_name;
  h.person = d.person_name;
  h.role = core::to_string(d.role);
  h.last_sync_ms = d.last_sync_ms;
  h.app_version = d.app_version;
  // The hub accepts only its own protocol major, so a device that synced spoke it (the minor is
  // not kept).
  if (d.last_sync_ms != 0) h.protocol = std::to_string(sync::kProtocolMajor);
  h.revoked = d.revoked_ms != 0;
  if (h.revoked) return h;  // nothing is owed to a revoked token
  auto pending = pending_for(store, d);
  if (!pending) return pending.status();
  h.pending = *pending;
  if (d.last_site != 0) {
    auto refused = store.refusals(d.last_site);
    if (!refused) return refused.status();
    h.refused = refused->size();
  }
  return h;
}

}  // namespace

core::Result<SyncHealth> compute_sync_health(core::Replica& store, core::DeviceRegistry& registry,
                                             const ReportOptions& options) {
  SyncHealth out;
  out.stale_days = options.stale_days;
  auto devices = registry.devices();
  if (!devices) return devices.status();
  std::map<std::string, SchoolHealth> schools;
  auto roster = detail::alliance_records(store, "school");
  if (!roster) return roster.status();
  for (const core::RecordState& s : roster.value()) {
    const std::string name = detail::value_of(s, "name");
    if (!name.empty()) schools[name].school = name;
  }
  for (const core::Device& d : devices.value()) {
    if (!core::syncs_records(d.role)) continue;  // leads and admins use the dashboard only
    auto h = device_health(store, d);
    if (!h) return h.status();
    SchoolHealth& s = schools[d.school_name];
    s.school = d.school_name;
    if (!h->revoked) {
      ++s.devices;
      s.last_sync_ms = std::max(s.last_sync_ms, h->last_sync_ms);
      s.pending += h->pending;
      s.refused += h->refused;
    }
    out.devices.push_back(std::move(h.value()));
  }
  const uint64_t now =
      options.now_ms ? options.now_ms : static_cast<uint64_t>(std::time(nullptr)) * 1000;
  const uint64_t limit = static_cast<uint64_t>(options.stale_days) * kDayMs;
  for (auto& [name, s] : schools) {
    s.stale = s.last_sync_ms == 0 || (now > s.last_sync_ms && now - s.last_sync_ms > limit);
    out.schools.push_back(s);
  }
  std::sort(
      out.devices.begin(), out.devices.end(), [](const DeviceHealth& a, const DeviceHealth& b) {
        return std::tie(a.school, a.person, a.token_id) < std::tie(b.school, b.person, b.token_id);
      });
  return out;
}

}  // namespace triad::report
