// Backups put back in the sync tests: a device's store reopened from its backup, the hub's file
// replaced by its backup (restored_store_test.cpp, restored_hub_test.cpp). Not thread-safe.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>

#include "sync_fixture.h"

namespace triad::testing {

inline std::string token_id(const Device& d) { return d.token.substr(0, d.token.find('.')); }

// The store a backup made at `path` holds, opened as a device's store again.
inline std::unique_ptr<core::Store> restore(const std::string& path, Alliance& a,
                                            core::SiteId site) {
  auto s = core::Store::open(path, options_with(a.clock, site));
  REQUIRE(s);
  return std::move(s.value());
}

inline core::RecordId add_enquiry(Device& d, const std::string& title) {
  auto id = d.store->create_record("enquiry", {put("title", title), put("scope", "alliance")});
  REQUIRE(id);
  return *id;
}

// The hub's disk dies and the backup at `backup` is put back (found by triad-sim).
inline void restore_hub(Alliance& a, const TempDir& dir, const std::string& backup) {
  a.hub.reset();
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(dir.file("hub.db") + suffix);
  std::filesystem::copy_file(backup, dir.file("hub.db"));
  a.hub = sync::Hub::open(dir.file("hub.db"), options_with(a.clock, 1)).value();
}

}  // namespace triad::testing
