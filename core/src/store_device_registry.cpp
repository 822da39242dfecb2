// The hub's registry kept in its SQLite store (device_registry.h).
#include "database.h"
#include "store_rows.h"
#include "store_schema.h"
#include "triad/core/device_registry.h"
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
    case DeviceRole::kAdmin:
      return "admin";
  }
  return "device";
}

bool parse_device_role(const std::string& text, DeviceRole& role) {
  for (DeviceRole r :
       {DeviceRole::kDevice, DeviceRole::kHub, DeviceRole::kLead, DeviceRole::kAdmin})
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

namespace detail {

// The SQLite registry: what the hub's registry needs of the store it sits in (its connection and
// its write transaction), and nothing else of it.
class StoreDeviceRegistry final : public DeviceRegistry {
 public:
  static Result<std::unique_ptr<DeviceRegistry>> create(Store& store, std::string_view alliance) {
    if (alliance.empty()) return invalid_argument("a hub needs the alliance's name (--alliance)");
    TRIAD_RETURN_IF_ERROR(store.write([&](WriteContext& ctx) -> Status {
      auto is_hub = ctx.db.engine().has_hub_tables();
      if (!is_hub) return is_hub.status();
      if (*is_hub) return failed_precondition(store.path() + " is a hub's store already");
      return ctx.db.engine().create_hub_tables(alliance);
    }));
    return open(store);
  }

  static Result<std::unique_ptr<DeviceRegistry>> open(Store& store) {
    auto is_hub = store.db_->engine().has_hub_tables();
    if (!is_hub) return is_hub.status();
    if (!*is_hub)
      return failed_precondition(store.path() +
                                 " is a device's store, not a hub's (create one with: triad-hub "
                                 "init)");
    auto st = store.db_->prepare("SELECT alliance FROM hub WHERE id = 1");
    if (!st) return st.status();
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return corrupt("the hub's store at " + store.path() + " names no alliance");
    return std::unique_ptr<DeviceRegistry>(new StoreDeviceRegistry(store, st->text(0)));
  }

  const std::string& alliance() const override { return alliance_; }

  Status enrol(const Device& d) override {
    return store_.write([&](WriteContext& ctx) -> Status {
      auto existing = find(d.token_id);
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

  Status revoke(const std::string& token_id) override {
    return store_.write([&](WriteContext& ctx) -> Status {
      auto st = ctx.db.prepare(
          "UPDATE device SET revoked_ms = ?2 WHERE token_id = ?1 AND revoked_ms = 0");
      if (!st) return st.status();
      st->bind_text(1, token_id).bind(2, ctx.clock.wall_ms());
      TRIAD_RETURN_IF_ERROR(st->run());
      auto found = find(token_id);
      if (!found) return found.status();
      if (!found->has_value())
        return not_found("no device is enrolled with token id " + token_id +
                         " (see: triad-hub devices)");
      return Status::ok();
    });
  }

  Status rename_school(const RecordId& school, const std::string& name) override {
    return store_.write([&](WriteContext& ctx) -> Status {
      auto st = ctx.db.prepare("UPDATE device SET school_name = ?2 WHERE school = ?1");
      if (!st) return st.status();
      st->bind_blob(1, school.bytes()).bind_text(2, name);
      return st->run();
    });
  }

  Result<std::vector<Device>> devices() override {
    auto st = db().prepare(std::string("SELECT ") + kDeviceColumns +
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

  Result<std::optional<Device>> find(const std::string& token_id) override {
    auto st =
        db().prepare(std::string("SELECT ") + kDeviceColumns + " FROM device WHERE token_id = ?");
    if (!st) return st.status();
    st->bind_text(1, token_id);
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return std::optional<Device>();
    return std::optional<Device>(read_device(*st));
  }

  Result<std::string> device_using_site(SiteId site, const std::string& other_than_token) override {
    auto st = db().prepare(std::string(kPlanWithValues) +
                           "SELECT token_id FROM device WHERE (bound_site = ?1 OR pending_site = "
                           "?1) AND token_id != ?2 AND revoked_ms = 0 LIMIT 1");
    if (!st) return st.status();
    st->bind(1, site).bind_text(2, other_than_token);
    auto row = st->step();
    if (!row) return row.status();
    return *row ? st->text(0) : std::string();
  }

  // Session bookkeeping: committed without an fsync of its own (see the contract).
  Status note_sync(const std::string& token_id, SiteId site,
                   const std::string& app_version) override {
    return store_.write_without_fsync([&](WriteContext& ctx) -> Status {
      auto st = ctx.db.prepare(
          "UPDATE device SET last_sync_ms = ?2, last_site = ?3, app_version = ?4 WHERE token_id "
          "= ?1");
      if (!st) return st.status();
      st->bind_text(1, token_id).bind(2, ctx.clock.wall_ms()).bind(3, site);
      st->bind_text(4, app_version);
      return st->run();
    });
  }

  Status save_binding(const Device& d) override {
    return store_.write_without_fsync([&](WriteContext& ctx) -> Status {
      auto st = ctx.db.prepare(
          "UPDATE device SET bound_site = ?2, generation = ?3, pending_generation = ?4, "
          "pending_site = ?5 WHERE token_id = ?1");
      if (!st) return st.status();
      st->bind_text(1, d.token_id).bind(2, d.bound_site).bind(3, d.generation);
      st->bind(4, d.pending_generation).bind(5, d.pending_site);
      TRIAD_RETURN_IF_ERROR(st->run());
      if (ctx.db.last_changes() == 0)
        return not_found("no device is enrolled with token id " + d.token_id);
      return Status::ok();
    });
  }

  Status add_login_code(const LoginCode& code) override {
    return store_.write([&](WriteContext& ctx) -> Status {
      auto st = ctx.db.prepare(
          "INSERT INTO login_code(code_hash, token_id, expires_ms) VALUES(?1, ?2, ?3) "
          "ON CONFLICT(code_hash) DO NOTHING");
      if (!st) return st.status();
      st->bind_text(1, code.code_hash).bind_text(2, code.token_id).bind(3, code.expires_ms);
      TRIAD_RETURN_IF_ERROR(st->run());
      if (ctx.db.last_changes() == 0)
        return failed_precondition("this login code is kept already: make another one");
      return Status::ok();
    });
  }

  Result<std::optional<LoginCode>> take_login_code(const std::string& code_hash,
                                                   uint64_t now_ms) override {
    std::optional<LoginCode> taken;
    TRIAD_RETURN_IF_ERROR(store_.write([&](WriteContext& ctx) -> Status {
      auto found = ctx.db.prepare(
          "SELECT token_id, expires_ms FROM login_code WHERE code_hash = ? AND used = 0");
      if (!found) return found.status();
      found->bind_text(1, code_hash);
      auto row = found->step();
      if (!row) return row.status();
      if (!*row) return Status::ok();
      LoginCode code{code_hash, found->text(0), found->uint64(1)};
      auto use = ctx.db.prepare("UPDATE login_code SET used = 1 WHERE code_hash = ?");
      if (!use) return use.status();
      use->bind_text(1, code_hash);
      TRIAD_RETURN_IF_ERROR(use->run());
      if (code.expires_ms >= now_ms) taken = std::move(code);
      return Status::ok();
    }));
    return taken;
  }

 private:
  StoreDeviceRegistry(Store& store, std::string alliance)
      : store_(store), alliance_(std::move(alliance)) {}
  Database& db() { return *store_.db_; }

  Store& store_;
  std::string alliance_;
};

}  // namespace detail

Result<std::unique_ptr<DeviceRegistry>> create_hub_registry(Store& store,
                                                            std::string_view alliance) {
  return detail::StoreDeviceRegistry::create(store, alliance);
}

Result<std::unique_ptr<DeviceRegistry>> open_hub_registry(Store& store) {
  return detail::StoreDeviceRegistry::open(store);
}

}  // namespace triad::core
