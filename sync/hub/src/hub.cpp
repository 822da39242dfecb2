#include "triad/hub/hub.h"

#include <cstdio>
#include <functional>
#include <random>

#include "triad/postgres/postgres_engine.h"
#include "triad/sync/token.h"

namespace triad::sync {

namespace {

core::Status ensure_record(core::LocalRecords& store, const std::string& type,
                           const core::FieldEdits& edits, const core::RecordId& id) {
  auto existing = store.get(id);
  if (!existing) return existing.status();
  if (existing->has_value()) return core::Status::ok();
  auto created = store.create_record(type, edits);
  return created ? core::Status::ok() : created.status();
}

// The admin's enrolment decides where a person belongs: a record under the same name-derived id
// that names another school (claimed by a device before the person was enrolled) is corrected.
core::Status ensure_person(core::LocalRecords& store, const std::string& person,
                           const core::RecordId& school_id, const core::RecordId& id,
                           const std::function<void(const std::string&)>& log) {
  TRIAD_RETURN_IF_ERROR(
      ensure_record(store, "person",
                    {{"name", core::FieldEdit::Op::kAssign, person},
                     {"school", core::FieldEdit::Op::kAssign, school_id.to_string()}},
                    id));
  auto held = store.get(id);
  if (!held) return held.status();
  if (!held->has_value() || (*held)->is_deleted()) return core::Status::ok();
  const core::FieldState* school = (*held)->field("school");
  if (school && school->value() == school_id.to_string()) return core::Status::ok();
  if (log)
    log("enrolment: " + person +
        " was recorded at another school by a device; now at the enrolled school");
  return store.update_record(id, {{"school", core::FieldEdit::Op::kAssign, school_id.to_string()}});
}

// The PostgreSQL engine for a location that names a database; nullptr for a file's path.
core::Result<std::unique_ptr<postgres::PostgresEngine>> postgres_engine(const std::string& where) {
  if (!is_postgres_location(where)) return std::unique_ptr<postgres::PostgresEngine>();
  if (postgres::has_password(where))
    return core::invalid_argument(
        "the hub's --store holds a password, which would show in the process list and in shell "
        "history: put it in ~/.pgpass (mode 0600) or a service file, and give the database "
        "without it (postgresql://USER@HOST/DATABASE or service=NAME)");
  auto engine = postgres::PostgresEngine::open(where);
  if (!engine) return engine.status();
  return std::move(engine.value());
}

}  // namespace

bool is_postgres_location(const std::string& where) {
  if (where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0) return true;
  // A libpq keyword string begins with one of the keywords that say which database.
  for (const char* keyword : {"service=", "host=", "hostaddr=", "dbname=", "user=", "port="})
    if (where.rfind(keyword, 0) == 0) return true;
  return false;
}

core::Result<std::unique_ptr<Hub>> Hub::init(const std::string& path, const std::string& alliance,
                                             core::StoreOptions options) {
  if (alliance.empty())
    return core::invalid_argument("a hub needs the alliance's name (--alliance)");
  options.enrol_identity = false;
  options.check_write_rules = false;  // the hub's admin keeps the roster
  auto random = options.random;
  auto engine = postgres_engine(path);
  if (!engine) return engine.status();
  auto store = *engine ? core::Store::create_on(std::move(engine.value()), alliance, "hub",
                                                std::move(options))
                       : core::Store::create(path, alliance, "hub", std::move(options));
  if (!store) return store.status();
  auto registry = core::create_hub_registry(**store, alliance);
  if (!registry) return registry.status();
  return std::unique_ptr<Hub>(
      new Hub(std::move(store.value()), std::move(registry.value()), std::move(random)));
}

core::Result<std::unique_ptr<Hub>> Hub::open(const std::string& path, core::StoreOptions options) {
  options.check_write_rules = false;  // the hub's admin keeps the roster
  auto random = options.random;
  auto engine = postgres_engine(path);
  if (!engine) return engine.status();
  auto store = *engine ? core::Store::open_on(std::move(engine.value()), std::move(options))
                       : core::Store::open(path, std::move(options));
  if (!store) return store.status();
  auto registry = core::open_hub_registry(**store);  // refuses a device's store
  if (!registry) return registry.status();
  return std::unique_ptr<Hub>(
      new Hub(std::move(store.value()), std::move(registry.value()), std::move(random)));
}

core::Result<Enrolment> Hub::enrol(const std::string& school, const std::string& person,
                                   core::DeviceRole role) {
  if (school.empty() || person.empty())
    return core::invalid_argument("enrolment needs --school and --person");
  // A school or person the roster already has under the same name, whatever its capitals ("ZOË"
  // for "Zoë"), is that record: ids derived from names never split one person in two.
  auto school_found = store_->find_named("school", school);
  if (!school_found) return school_found.status();
  const core::RecordId school_id = school_found->value_or(core::RecordId::derive("school", school));
  auto person_found = store_->find_named("person", person, school_id);
  if (!person_found) return person_found.status();
  const core::RecordId person_id = person_found->value_or(
      core::RecordId::derive("person", school_id.to_string() + ":" + person));
  if (role == core::DeviceRole::kDevice) {  // the roster: devices learn their colleagues from it
    TRIAD_RETURN_IF_ERROR(ensure_record(
        *store_, "school", {{"name", core::FieldEdit::Op::kAssign, school}}, school_id));
    TRIAD_RETURN_IF_ERROR(ensure_person(*store_, person, school_id, person_id, log_));
  }
  core::Device d;
  d.school = school_id;
  d.person = person_id;
  // The names as the roster has them now (a school renamed, other capitals typed): the reports
  // group devices by these, and a join file gives them to the device's store.
  const std::string school_label = store_->label(school_id),
                    person_label = store_->label(person_id);
  d.school_name = school_label.empty() ? school : school_label;
  d.person_name = person_label.empty() ? person : person_label;
  d.role = role;
  // A token id is 32 random bits: among 10,000 devices two ids meet about once in a hundred
  // alliances, so an id already enrolled (here or by another hub process) is drawn again.
  for (int attempt = 0; attempt < 16; ++attempt) {
    auto token = generate_token();
    if (!token) return token.status();
    if (random_) {  // a seeded run (the simulator, tests) draws ids from its seed
      char id[9];
      std::snprintf(id, sizeof id, "%08x", static_cast<unsigned>(random_() & 0xffffffffu));
      token->id = id;
    }
    d.token_id = token->id;
    d.secret_hash = hash_secret(token->secret);
    auto taken = registry_->find(d.token_id);
    if (!taken) return taken.status();
    if (taken->has_value()) continue;
    const core::Status enrolled = registry_->enrol(d);
    if (enrolled.code() == core::StatusCode::kFailedPrecondition) continue;  // enrolled meanwhile
    TRIAD_RETURN_IF_ERROR(enrolled);
    auto stored = registry_->find(d.token_id);
    if (!stored) return stored.status();
    return Enrolment{**stored, token->text()};
  }
  return core::store_error("no unused token id was found in 16 draws: the random source is broken");
}

core::Result<core::Device> Hub::authenticate(const std::string& text) {
  const auto refused = core::failed_precondition(
      "the hub does not accept this device's token: ask the hub admin to enrol the device again");
  auto token = parse_token(text);
  if (!token) return token.status();
  auto device = registry_->find(token->id);
  if (!device) return device.status();
  if (!device->has_value() || !hashes_equal((*device)->secret_hash, hash_secret(token->secret)))
    return refused;
  if ((*device)->revoked_ms != 0)
    return core::failed_precondition(
        "this device's token was revoked by the hub admin; ask for a new one");
  return **device;
}

core::Status Hub::release_device(const std::string& token_id) {
  auto found = registry_->find(token_id);
  if (!found) return found.status();
  if (!found->has_value())
    return core::not_found("no device is enrolled with token id " + token_id +
                           " (see: triad-hub devices)");
  core::Device d = **found;
  d.bound_site = d.pending_site = 0;  // generations go on counting, so no old copy passes for new
  return registry_->save_binding(d);
}

core::Result<core::SiteId> Hub::fresh_site_id() {
  std::random_device device;
  for (;;) {
    const core::SiteId site = random_ ? random_() : (uint64_t{device()} << 32) ^ device();
    if (site == 0 || site == store_->identity().site) continue;
    auto used = registry_->device_using_site(site, "");
    if (!used) return used.status();
    if (used->empty()) return site;
  }
}

core::Viewer Hub::viewer_of(const core::Device& d) const {
  return {d.school, d.person, d.role == core::DeviceRole::kHub};
}

}  // namespace triad::sync
