// The hub's registry kept in its SQLite store (device_registry.h): enrolment, revocation,
// bindings, login codes, and that its writes share the store's transactions.
#include "triad/core/device_registry.h"

#include <catch2/catch.hpp>

#include "test_support.h"
#include "triad/core/store.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

struct HubStore {
  ManualClock clock;
  std::unique_ptr<Store> store;
  std::unique_ptr<DeviceRegistry> registry;

  explicit HubStore(const std::string& path = ":memory:") {
    StoreOptions o = options_with(clock, 0x4B);
    o.enrol_identity = false;
    o.check_write_rules = false;
    store = Store::create(path, "Camden Alliance", "hub", o).value();
    registry = create_hub_registry(*store, "Camden Alliance").value();
  }
};

Device device(const std::string& token_id, const std::string& school, const std::string& person,
              DeviceRole role = DeviceRole::kDevice) {
  Device d;
  d.token_id = token_id;
  d.secret_hash = "hash-of-" + token_id;
  d.school = RecordId::derive("school", school);
  d.person = RecordId::derive("person", school + ":" + person);
  d.school_name = school;
  d.person_name = person;
  d.role = role;
  return d;
}

}  // namespace

TEST_CASE("a device is enrolled once, found by its token id and listed by school and person",
          "[core][registry]") {
  HubStore hub;
  CHECK(hub.registry->alliance() == "Camden Alliance");
  REQUIRE(hub.registry->enrol(device("b0000001", "Woodroffe", "Ben Lee")).is_ok());
  REQUIRE(hub.registry->enrol(device("a0000001", "Fortismere", "Ana Diaz", DeviceRole::kLead)));
  auto found = hub.registry->find("a0000001").value();
  REQUIRE(found);
  CHECK(found->secret_hash == "hash-of-a0000001");
  CHECK(found->school == RecordId::derive("school", "Fortismere"));
  CHECK(found->person_name == "Ana Diaz");
  CHECK(found->role == DeviceRole::kLead);
  CHECK(found->created_ms == *hub.clock.now_ms);
  CHECK(found->revoked_ms == 0);
  CHECK(found->last_sync_ms == 0);
  CHECK(found->bound_site == 0);
  CHECK_FALSE(hub.registry->find("c0000001").value());
  auto again = hub.registry->enrol(device("a0000001", "Thornden", "Cara Wu"));
  CHECK(again.code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(again.message(), Catch::Contains("already enrolled"));
  const auto all = hub.registry->devices().value();
  REQUIRE(all.size() == 2);
  CHECK(all[0].school_name == "Fortismere");
  CHECK(all[1].school_name == "Woodroffe");
}

TEST_CASE("a token is revoked from then on, revoking twice is fine, an unknown id is not found",
          "[core][registry]") {
  HubStore hub;
  REQUIRE(hub.registry->enrol(device("a0000001", "Fortismere", "Ana Diaz")));
  hub.clock.advance(5000);
  REQUIRE(hub.registry->revoke("a0000001").is_ok());
  const uint64_t revoked = hub.registry->find("a0000001").value()->revoked_ms;
  CHECK(revoked == *hub.clock.now_ms);
  hub.clock.advance(5000);
  CHECK(hub.registry->revoke("a0000001").is_ok());
  CHECK(hub.registry->find("a0000001").value()->revoked_ms == revoked);  // the first revocation
  auto unknown = hub.registry->revoke("zzzzzzzz");
  CHECK(unknown.code() == StatusCode::kNotFound);
  CHECK_THAT(unknown.message(), Catch::Contains("triad-hub devices"));
}

TEST_CASE("bindings and sessions are saved, and a site in use by another valid token is found",
          "[core][registry]") {
  HubStore hub;
  REQUIRE(hub.registry->enrol(device("a0000001", "Fortismere", "Ana Diaz")));
  REQUIRE(hub.registry->enrol(device("b0000001", "Woodroffe", "Ben Lee")));
  Device ana = hub.registry->find("a0000001").value().value();
  ana.bound_site = 0xA;
  ana.generation = 3;
  ana.pending_generation = 4;
  ana.pending_site = 0xA2;
  REQUIRE(hub.registry->save_binding(ana).is_ok());
  hub.clock.advance(1000);
  REQUIRE(hub.registry->note_sync("a0000001", 0xA2, "0.13.0").is_ok());
  const Device saved = hub.registry->find("a0000001").value().value();
  CHECK(saved.bound_site == 0xA);
  CHECK(saved.generation == 3);
  CHECK(saved.pending_generation == 4);
  CHECK(saved.pending_site == 0xA2);
  CHECK(saved.last_sync_ms == *hub.clock.now_ms);
  CHECK(saved.last_site == 0xA2);
  CHECK(saved.app_version == "0.13.0");
  CHECK(hub.registry->device_using_site(0xA, "b0000001").value() == "a0000001");
  CHECK(hub.registry->device_using_site(0xA2, "").value() == "a0000001");   // pending counts
  CHECK(hub.registry->device_using_site(0xA, "a0000001").value().empty());  // its own
  CHECK(hub.registry->device_using_site(0xB, "").value().empty());
  REQUIRE(hub.registry->revoke("a0000001").is_ok());
  CHECK(hub.registry->device_using_site(0xA, "").value().empty());  // a revoked token uses none
  Device nobody = device("zzzzzzzz", "Fortismere", "Nobody");
  CHECK(hub.registry->save_binding(nobody).code() == StatusCode::kNotFound);
}

TEST_CASE("a login code signs in once, before it expires", "[core][registry]") {
  HubStore hub;
  REQUIRE(hub.registry->add_login_code({"hash1", "lead0001", 10'000}).is_ok());
  REQUIRE(hub.registry->add_login_code({"hash2", "lead0001", 10'000}).is_ok());
  CHECK(hub.registry->add_login_code({"hash1", "lead0002", 20'000}).code() ==
        StatusCode::kFailedPrecondition);
  auto taken = hub.registry->take_login_code("hash1", 9'000).value();
  REQUIRE(taken);
  CHECK(taken->token_id == "lead0001");  // the first one kept, not the refused second
  CHECK(taken->expires_ms == 10'000);
  CHECK_FALSE(hub.registry->take_login_code("hash1", 9'000).value());   // used
  CHECK_FALSE(hub.registry->take_login_code("hash2", 10'001).value());  // expired
  CHECK_FALSE(hub.registry->take_login_code("hash2", 9'000).value());   // and used up by that
  CHECK_FALSE(hub.registry->take_login_code("unknown", 0).value());
}

TEST_CASE("a hub's registry is made once, and a device's store has none", "[core][registry]") {
  TempDir dir;
  {
    HubStore hub(dir.file("hub.db"));
    REQUIRE(hub.registry->enrol(device("a0000001", "Fortismere", "Ana Diaz")));
    CHECK(create_hub_registry(*hub.store, "Other Alliance").status().code() ==
          StatusCode::kFailedPrecondition);
  }
  auto store = Store::open(dir.file("hub.db")).value();
  auto registry = open_hub_registry(*store);
  REQUIRE(registry);
  CHECK((*registry)->alliance() == "Camden Alliance");
  CHECK((*registry)->find("a0000001").value());

  auto ana = Store::create(dir.file("ana.db"), "Fortismere", "Ana Diaz").value();
  auto refused = open_hub_registry(*ana);
  CHECK(refused.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(refused.status().message(), Catch::Contains("is a device's store, not a hub's"));
  CHECK(create_hub_registry(*ana, "").status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("registry writes share the store's transaction, kept or rolled back with its records",
          "[core][registry]") {
  TempDir dir;
  HubStore hub(dir.file("hub.db"));
  REQUIRE(hub.registry->enrol(device("a0000001", "Fortismere", "Ana Diaz")));
  const FieldEdits school{{"name", FieldEdit::Op::kAssign, std::string("Thornden")}};
  auto failed = hub.store->in_one_transaction([&] {
    TRIAD_RETURN_IF_ERROR(hub.registry->note_sync("a0000001", 0xA, "0.13.0"));
    TRIAD_RETURN_IF_ERROR(hub.registry->add_login_code({"hash1", "a0000001", 10'000}));
    auto created = hub.store->create_record("school", school);
    if (!created) return created.status();
    return store_error("the group's commit failed");
  });
  CHECK(failed.code() == StatusCode::kStoreError);
  CHECK(hub.registry->find("a0000001").value()->last_sync_ms == 0);
  CHECK_FALSE(hub.registry->take_login_code("hash1", 0).value());
  CHECK(hub.store->list("school").value().empty());

  REQUIRE(hub.store
              ->in_one_transaction([&] {
                TRIAD_RETURN_IF_ERROR(hub.registry->note_sync("a0000001", 0xA, "0.13.0"));
                auto created = hub.store->create_record("school", school);
                return created ? Status::ok() : created.status();
              })
              .is_ok());
  // Seen by another connection: committed, in one transaction with the record.
  auto other = Store::open(dir.file("hub.db")).value();
  CHECK(open_hub_registry(*other).value()->find("a0000001").value()->last_site == 0xA);
  CHECK(other->list("school").value().size() == 1);
}
