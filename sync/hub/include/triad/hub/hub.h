// The hub apart from the network: its store (the whole alliance's records), its registry of
// enrolled devices (device_registry.h), enrolment of devices, authentication of tokens, and the
// sharing rules applied per device. The transport calls it only from its one store thread, so it is
// not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "triad/core/device_registry.h"
#include "triad/core/sharing.h"
#include "triad/core/store.h"
#include "triad/sync/frame.h"
#include "triad/sync/log_text.h"

namespace triad::sync {

struct HubLimits {
  uint32_t max_batch_records = 500;
  size_t max_batch_bytes = 1 << 20;
  uint32_t max_frame_bytes = kDefaultMaxFrameBytes;
};

// What the hub makes of the store that says Hello with a token (proto: RESTORED AND COPIED
// STORES): the same store as last time, its first use, a restored or copied store (served under a
// new site id), a hub restored from a backup (the store shows a generation the hub never gave),
// or another store than the one the token is bound to (refused). Pure: the caller saves `device`.
struct Binding {
  enum class Kind { kSameStore, kFirstUse, kRestoredCopy, kHubBehind, kOtherStore };
  Kind kind = Kind::kSameStore;
  core::SiteId serve_as = 0;  // the site id this session serves (a new one for a restored copy)
  uint64_t generation = 0;    // this session's generation, given in Welcome
  core::Device device;        // the device row with this session's generation pending
};
// `hello_synced` says the store has synced before (a generation or checkpoints in its Hello);
// `site_taken` that another valid token's store uses `hello_site`; `site_has_history` that the
// hub holds changes a store pushed under `hello_site`; `fresh_site` is a new random site id for a
// store that must take one.
Binding decide_binding(const core::Device& device, core::SiteId hello_site,
                       uint64_t hello_generation, bool hello_synced, bool site_taken,
                       bool site_has_history, core::SiteId fresh_site);

struct Enrolment {
  core::Device device;
  std::string token;  // shown once; the hub keeps only the hash of its secret
};

// Whether a hub's store location names a PostgreSQL database (postgresql://USER@HOST/DB,
// postgres://..., or libpq keywords such as service=NAME) rather than an SQLite file's path.
bool is_postgres_location(const std::string& where);

class Hub {
 public:
  // Creates a hub store for `alliance` at `path` (fails if a file is there). `path` may instead
  // name a PostgreSQL database (is_postgres_location): the hub's store is then made there, in an
  // empty database, and several hub processes may open it at once.
  static core::Result<std::unique_ptr<Hub>> init(const std::string& path,
                                                 const std::string& alliance,
                                                 core::StoreOptions options = {});
  static core::Result<std::unique_ptr<Hub>> open(const std::string& path,
                                                 core::StoreOptions options = {});

  core::Store& store() { return *store_; }
  // What sessions, the hub's rules and its reports use of its store (replica.h).
  core::Replica& replica() { return *store_; }
  // The devices enrolled here, their tokens and bindings, and the dashboard's login codes. Its
  // writes share the store's transactions (a group commit's too).
  core::DeviceRegistry& devices() { return *registry_; }
  const std::string& alliance() const { return registry_->alliance(); }
  HubLimits& limits() { return limits_; }

  // Enrols a device of `person` at `school` (both added to the alliance's roster if new) and
  // returns its token. A hub role is a lower hub; a lead role may read reports only.
  core::Result<Enrolment> enrol(const std::string& school, const std::string& person,
                                core::DeviceRole role);
  // The device a token belongs to; kFailedPrecondition for an unknown, wrong or revoked token.
  core::Result<core::Device> authenticate(const std::string& token);
  core::Viewer viewer_of(const core::Device& device) const;
  // Lets the next store that syncs with this token become the device (a new tablet replacing a
  // lost one, or the copy of a store the admin chooses): the token's binding to a site id is
  // cleared; its generations go on counting.
  core::Status release_device(const std::string& token_id);

  // A site id no device of this hub uses, for a restored or copied store to write as from now on.
  core::Result<core::SiteId> fresh_site_id();

  // Where the hub reports what it does (refusals, sessions); stderr by default in triad-hub.
  // Every line is escaped (log_text.h) on its way: peers choose some of what it says.
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
  void log(const std::string& line) const {
    if (log_) log_(escape_for_log(line));
  }

 private:
  Hub(std::unique_ptr<core::Store> store, std::unique_ptr<core::DeviceRegistry> registry,
      std::function<uint64_t()> random)
      : store_(std::move(store)), registry_(std::move(registry)), random_(std::move(random)) {}
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::DeviceRegistry> registry_;  // on store_'s connection: declared after it
  std::function<uint64_t()> random_;  // the store options' seeded source, if any (the simulator)
  HubLimits limits_;
  std::function<void(const std::string&)> log_;
};

}  // namespace triad::sync
