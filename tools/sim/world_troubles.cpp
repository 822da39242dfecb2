// The simulated alliance's troubles beyond the network: backups of devices and of the hub put
// back, a device's date jumping years ahead and back, a token revoked. Each is drawn from the
// run's seed like everything else, and written to the trace.
#include <fmt/core.h>

#include <filesystem>

#include "world.h"

namespace triad::sim {

namespace {

constexpr int64_t kTenYearsMs = 3650ll * 24 * 3600 * 1000;

// A store file as a backup tool leaves one: the database alone, no WAL or lock files beside it.
void put_back(const std::string& backup, const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(path + suffix, ec);
  std::filesystem::copy_file(backup, path);
}

}  // namespace

void World::trouble() {
  Device& d = devices_[pick(devices_.size())];
  const int device = static_cast<int>(&d - devices_.data());
  switch (pick(6)) {
    case 0:
      if (troubles_.device_restores) return back_up_device(d);
      break;
    case 1:
      if (troubles_.device_restores && !d.backups.empty()) return restore_device(device);
      break;
    case 2:
      if (troubles_.hub_restore && hub_backup_.empty()) {
        hub_backup_ = dir_ + "/hub-backup.db";
        if (auto s = hub_->store().backup_to(hub_backup_); !s.is_ok()) {
          hub_backup_.clear();
          return log("the hub's backup failed: " + s.message());
        }
        return log("the hub's store is backed up");
      }
      if (troubles_.hub_restore && !hub_backup_.empty()) return restore_hub();
      break;
    case 3:
      if (troubles_.clock_jumps && *d.skew_ms == d.sane_skew_ms) {
        *d.skew_ms = d.sane_skew_ms + kTenYearsMs;
        return log(fmt::format("{}'s date jumps ten years ahead", d.name));
      }
      if (troubles_.clock_jumps) {
        *d.skew_ms = d.sane_skew_ms;
        return log(fmt::format("{}'s date is put right", d.name));
      }
      break;
    case 4:
      if (troubles_.revocation &&
          std::none_of(devices_.begin(), devices_.end(), [](const Device& x) { return x.revoked; }))
        return revoke(device);
      break;
    default:
      break;
  }
}

void World::back_up_device(Device& d) {
  const std::string path = fmt::format("{}/backup-{}.db", dir_, ++files_);
  if (auto s = d.store->backup_to(path); !s.is_ok())
    return log(fmt::format("{}'s backup failed: {}", d.name, s.message()));
  d.backups.push_back(path);
  log(fmt::format("{}'s store is backed up", d.name));
}

// The device is lost; a backup of its store is put back on a new one, which carries on.
void World::restore_device(int device) {
  Device& d = devices_[device];
  const std::string& backup = d.backups[pick(d.backups.size())];
  std::erase_if(links_, [&](const Link& l) { return l.device == device; });
  const std::string path = fmt::format("{}/restored-{}.db", dir_, ++files_);
  put_back(backup, path);
  *d.fault_in = 0;
  auto store = core::Store::open(path, options_for(d.skew_ms, 0, d.fault_in));
  if (!store)
    return log(fmt::format("{}'s backup does not open: {}", d.name, store.status().message()));
  d.store = std::move(store.value());
  log(fmt::format("{} is lost; its store is restored from {}", d.name,
                  std::filesystem::path(backup).filename().string()));
}

// The hub's disk dies and last night's backup is put back: everything since is in the devices.
void World::restore_hub() {
  log("the hub's store is lost; the backup is restored");
  links_.clear();
  hub_.reset();
  put_back(hub_backup_, hub_path_);
  *hub_fault_in_ = 0;
  hub_ = sync::Hub::open(hub_path_, options_for(std::make_shared<int64_t>(0), 1, hub_fault_in_))
             .value();
  hub_->set_log([this](const std::string& line) { log("hub: " + line); });
}

void World::revoke(int device) {
  Device& d = devices_[device];
  if (auto s = hub_->devices().revoke(d.token.substr(0, d.token.find('.'))); !s.is_ok())
    return log(fmt::format("revoking {} failed: {}", d.name, s.message()));
  d.revoked = true;
  log(fmt::format("the admin revokes {}'s token", d.name));
}

}  // namespace triad::sim
