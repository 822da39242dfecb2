// The hub's registry: the devices enrolled at a hub (their tokens, kept only as hashes, and the
// store each token is bound to), the one-time dashboard login codes, and the hub's own settings
// (the alliance it serves). Hub-only state: a device's store has none of it.
//
// The contract of every implementation (today the one kept in the hub's SQLite store beside its
// records; a PostgreSQL one is planned):
//  - Atomicity: its writes belong to the transaction of the replica store it sits beside. The
//    hub's group commit (sync/src/group_commit.h) runs the device-binding writes and the record
//    applies of many sessions in ONE transaction (Store::in_one_transaction): a registry write made
//    inside it commits or rolls back with that transaction, and a write made outside it is its own
//    transaction. So an implementation uses the replica's own connection: a second SQLite
//    connection would wait for the group's write lock, which the group holds until it is done.
//  - Durability: enrol, revoke and login codes are durable when they return; note_sync and
//    save_binding are session bookkeeping that a power cut may lose (they revert to the state
//    before, which the binding rules read as a lost Welcome or a restored hub).
//  - Not thread-safe: used from one thread at a time (the hub's store thread), like the store.
//  - Errors: kStoreError / kBusy / kCorrupt from the storage, the others as each function says.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triad/core/devices.h"
#include "triad/core/status.h"

namespace triad::core {

class Store;

// A one-time dashboard login code (sync/hub/dashboard/dashboard_auth.h): kept as the hash of the
// code, which is shown once and never stored.
struct LoginCode {
  std::string code_hash;  // hex SHA-256 of the code
  std::string token_id;   // the lead token the code signs in as
  uint64_t expires_ms = 0;
};

class DeviceRegistry {
 public:
  virtual ~DeviceRegistry() = default;

  // The alliance the hub serves, set when the hub was made.
  virtual const std::string& alliance() const = 0;

  // ---- Devices ------------------------------------------------------------------------------
  // Enrols a device: its token id and secret hash, school, person and role; created now, never
  // synced, bound to no store. kFailedPrecondition if the token id is taken.
  virtual Status enrol(const Device& device) = 0;
  // Revokes a token from now on. kNotFound for an unknown token id; revoking twice is fine.
  virtual Status revoke(const std::string& token_id) = 0;
  // Gives the devices enrolled at `school` its new name (the admin renamed the school's record; the
  // reports group devices by school name). Renaming a school no device has is fine.
  virtual Status rename_school(const RecordId& school, const std::string& name) = 0;
  // Every enrolled device, revoked ones too, by school name, person name and token id.
  virtual Result<std::vector<Device>> devices() = 0;
  virtual Result<std::optional<Device>> find(const std::string& token_id) = 0;
  // The token id of another unrevoked device whose store is bound to `site`, or about to be
  // (bound_site or pending_site); "" if none.
  virtual Result<std::string> device_using_site(SiteId site,
                                                const std::string& other_than_token) = 0;
  // Notes a session of the device: now, the site id it serves, the app's version.
  virtual Status note_sync(const std::string& token_id, SiteId site,
                           const std::string& app_version) = 0;
  // Saves a device's binding: bound_site, generation, pending_generation, pending_site.
  // kNotFound for an unknown token id.
  virtual Status save_binding(const Device& device) = 0;

  // ---- One-time login codes ----------------------------------------------------------------
  // Keeps a new code. kFailedPrecondition if its hash is kept already.
  virtual Status add_login_code(const LoginCode& code) = 0;
  // Uses up the code with this hash: the code as it was made, or nullopt when it is unknown,
  // used already, or expired at `now_ms`. A code is used up by this call whatever it returns.
  virtual Result<std::optional<LoginCode>> take_login_code(const std::string& code_hash,
                                                           uint64_t now_ms) = 0;
};

// The registry kept in a hub's SQLite store, in the hub tables beside its records and on the
// store's own connection (so it shares the store's transactions, as the contract above asks).
// `store` must outlive the registry.
//
// Makes the store a hub's for `alliance`: creates the hub tables (a device's store never has
// them). kFailedPrecondition when it is a hub's already; kInvalidArgument for an empty alliance.
Result<std::unique_ptr<DeviceRegistry>> create_hub_registry(Store& store,
                                                            std::string_view alliance);
// The registry of a hub's store. kFailedPrecondition when the store is a device's.
Result<std::unique_ptr<DeviceRegistry>> open_hub_registry(Store& store);

}  // namespace triad::core
