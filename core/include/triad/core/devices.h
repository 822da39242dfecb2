// Devices enrolled at a hub, as the hub's store keeps them. The token secret is never stored:
// only its hash, computed by the caller (the sync layer, which has the crypto). Values only.
#pragma once

#include <cstdint>
#include <string>

#include "triad/core/clock.h"
#include "triad/core/record_id.h"

namespace triad::core {

enum class DeviceRole {
  kDevice,  // a teacher's laptop or tablet: reads and writes as its person
  kHub,     // a lower hub syncing upward: reads and writes alliance-scope records only
  kLead,    // an alliance lead: reads the hub's reports, never syncs records
  kAdmin,   // the hub's admin: the admin page (devices, roster, erasure) and the reports; no sync
};

// Whether a role's token opens sessions that sync records (devices and lower hubs do; leads and
// admins use the dashboard only).
inline bool syncs_records(DeviceRole role) {
  return role == DeviceRole::kDevice || role == DeviceRole::kHub;
}

const char* to_string(DeviceRole role);
bool parse_device_role(const std::string& text, DeviceRole& role);

struct Device {
  std::string token_id;     // public part of the token, shown in lists and used to revoke
  std::string secret_hash;  // hex SHA-256 of the token's secret part
  RecordId school;
  RecordId person;
  std::string school_name;
  std::string person_name;
  DeviceRole role = DeviceRole::kDevice;
  uint64_t created_ms = 0;
  uint64_t revoked_ms = 0;  // 0 while the token is valid
  uint64_t last_sync_ms = 0;
  SiteId last_site = 0;
  std::string app_version;
  // The store the token belongs to: the first site id that synced with it (0 while unused, or
  // after the admin let another store replace the device). A session generation is a counter the
  // hub gives the store at each session start; the store shows it at the next one, so a copy or a
  // backup of the store, holding an older one, is told apart from the store that synced last.
  SiteId bound_site = 0;
  uint64_t generation = 0;          // confirmed: the store began a session with it and went on
  uint64_t pending_generation = 0;  // given in the last Welcome, not yet confirmed
  SiteId pending_site = 0;  // the site id that Welcome bound (a new one for a restored copy)
};

}  // namespace triad::core
