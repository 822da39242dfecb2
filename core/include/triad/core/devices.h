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
};

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
};

}  // namespace triad::core
