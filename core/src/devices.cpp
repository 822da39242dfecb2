// Store: devices enrolled at a hub, and settings.
#include "triad/core/devices.h"

#include "database.h"
#include "store_rows.h"
#include "triad/core/store.h"

namespace triad::core {

const char* to_string(DeviceRole role) {
  switch (role) {
    case DeviceRole::kDevice:
      return "device";
    case DeviceRole::kHub:
      return "hub";
    case DeviceRole::kLead:
      return "lead";
  }
  return "device";
}

bool parse_device_role(const std::string& text, DeviceRole& role) {
  for (DeviceRole r : {DeviceRole::kDevice, DeviceRole::kHub, DeviceRole::kLead})
    if (text == to_string(r)) return role = r, true;
  return false;
}

namespace {

constexpr const char* kDeviceColumns =
    "token_id, secret_hash, school, person, school_name, person_name, role, created_ms, "
    "revoked_ms, last_sync_ms, last_site, app_version, bound_site, generation, pending_generation, "
    "pending_site";

Device read_device(const detail::Statement& st) {
  Device d;
  d.token_id = st.text(0);
  d.secret_hash = st.text(1);
  d.school = RecordId::from_bytes(st.blob(2)).value_or(RecordId());
  d.person = RecordId::from_bytes(st.blob(3)).value_or(RecordId());
  d.school_name = st.text(4);
  d.person_name = st.text(5);
  parse_device_role(st.text(6), d.role);
  d.created_ms = st.uint64(7);
  d.revoked_ms = st.uint64(8);
  d.last_sync_ms = st.uint64(9);
  d.last_site = st.uint64(10);
  d.app_version = st.text(11);
  d.bound_site = st.uint64(12);
  d.generation = st.uint64(13);
  d.pending_generation = st.uint64(14);
  d.pending_site = st.uint64(15);
  return d;
}

}  // namespace

Status Store::enrol_device(const Device& d) {
  return write([&](detail::WriteContext& ctx) -> Status {
    auto existing = find_device(d.token_id);
    if (!existing) return existing.status();
    if (existing->has_value())
      return failed_precondition("token id " + d.token_id + " is already enrolled");
    auto st = ctx.db.prepare(std::string("INSERT INTO device(") + kDeviceColumns +
                             ") VALUES(?1,?2,?3,?4,?5,?6,?7,?8,0,0,0,'',0,0,0,0)");
    if (!st) return st.status();
    st->bind_text(1, d.token_id).bind_text(2, d.secret_hash).bind_blob(3, d.school.bytes());
    st->bind_blob(4, d.person.bytes()).bind_text(5, d.school_name).bind_text(6, d.person_name);
    st->bind_text(7, to_string(d.role)).bind(8, ctx.clock.wall_ms());
    return st->run();
  });
}

Status Store::revoke_device(const std::string& token_id) {
  return write([&](detail::WriteContext& ctx) -> Status {
    auto st =
        ctx.db.prepare("UPDATE device SET revoked_ms = ?2 WHERE token_id = ?1 AND revoked_ms = 0");
    if (!st) return st.status();
    st->bind_text(1, token_id).bind(2, ctx.clock.wall_ms());
    TRIAD_RETURN_IF_ERROR(st->run());
    auto found = find_device(token_id);
    if (!found) return found.status();
    if (!found->has_value())
      return not_found("no device is enrolled with token id " + token_id +
                       " (see: triad-hub devices)");
    return Status::ok();
  });
}

Result<std::vector<Device>> Store::devices() {
  auto st = db_->prepare(std::string("SELECT ") + kDeviceColumns +
                         " FROM device ORDER BY school_name, person_name, token_id");
  if (!st) return st.status();
  std::vector<Device> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return out;
    out.push_back(read_device(*st));
  }
}

Result<std::optional<Device>> Store::find_device(const std::string& token_id) {
  auto st =
      db_->prepare(std::string("SELECT ") + kDeviceColumns + " FROM device WHERE token_id = ?");
  if (!st) return st.status();
  st->bind_text(1, token_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<Device>();
  return std::optional<Device>(read_device(*st));
}

Result<std::string> Store::device_using_site(SiteId site, const std::string& other_than_token) {
  auto st = db_->prepare(
      "SELECT token_id FROM device WHERE (bound_site = ?1 OR pending_site = ?1) AND token_id != ?2 "
      "AND revoked_ms = 0 LIMIT 1");
  if (!st) return st.status();
  st->bind(1, site).bind_text(2, other_than_token);
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->text(0) : std::string();
}

// Bookkeeping of a session: committed without an fsync of its own. Lost in a power cut, it
// reverts to the state before, which the binding rules read as a lost Welcome or a restored hub.
Status Store::note_device_sync(const std::string& token_id, SiteId site,
                               const std::string& app_version) {
  return write_without_fsync([&](detail::WriteContext& ctx) -> Status {
    auto st = ctx.db.prepare(
        "UPDATE device SET last_sync_ms = ?2, last_site = ?3, app_version = ?4 WHERE token_id = "
        "?1");
    if (!st) return st.status();
    st->bind_text(1, token_id).bind(2, ctx.clock.wall_ms()).bind(3, site).bind_text(4, app_version);
    return st->run();
  });
}

Status Store::save_device_binding(const Device& d) {
  return write_without_fsync([&](detail::WriteContext& ctx) -> Status {
    auto st = ctx.db.prepare(
        "UPDATE device SET bound_site = ?2, generation = ?3, pending_generation = ?4, "
        "pending_site = ?5 WHERE token_id = ?1");
    if (!st) return st.status();
    st->bind_text(1, d.token_id)
        .bind(2, d.bound_site)
        .bind(3, d.generation)
        .bind(4, d.pending_generation);
    st->bind(5, d.pending_site);
    TRIAD_RETURN_IF_ERROR(st->run());
    if (ctx.db.last_changes() == 0)
      return not_found("no device is enrolled with token id " + d.token_id);
    return Status::ok();
  });
}

Result<std::optional<std::string>> Store::setting(const std::string& key) {
  auto st = db_->prepare("SELECT value FROM setting WHERE key = ?");
  if (!st) return st.status();
  st->bind_text(1, key);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->text(0));
}

Status Store::set_setting(const std::string& key, const std::string& value) {
  return write([&](detail::WriteContext& ctx) -> Status {
    auto st = ctx.db.prepare(
        "INSERT INTO setting(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
    if (!st) return st.status();
    st->bind_text(1, key).bind_text(2, value);
    return st->run();
  });
}

Status Store::erase_setting(const std::string& key) {
  return write([&](detail::WriteContext& ctx) -> Status {
    auto st = ctx.db.prepare("DELETE FROM setting WHERE key = ?");
    if (!st) return st.status();
    st->bind_text(1, key);
    TRIAD_RETURN_IF_ERROR(st->run());
    ctx.purged = ctx.db.last_changes() > 0;  // scrub the WAL too, where the old value still is
    return Status::ok();
  });
}

}  // namespace triad::core
