// A device's settings are typed (issue 13, part 1): where it syncs (SyncTarget), and the token a
// version before issue 12 kept in the store, which is only read and erased, leaving no bytes. A
// device may sync with any of several hub processes (issue 14): its target holds their addresses
// in order, and a store saved with one address reads as a list of one.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "test_support.h"
#include "triad/core/store.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Writes the token as versions before issue 12 kept it.
std::string setting_in_file(const std::string& path, const std::string& key) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT value FROM setting WHERE key = ?", -1, &st, nullptr) ==
          SQLITE_OK);
  sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  std::string value;
  if (sqlite3_step(st) == SQLITE_ROW)
    value = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return value;
}

void plant_setting(const std::string& path, const std::string& key, const std::string& value) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const std::string sql = "INSERT INTO setting(key, value) VALUES('" + key + "', '" + value + "')";
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

void plant_legacy_token(const std::string& path, const std::string& token) {
  plant_setting(path, "sync.token", token);
}

}  // namespace

TEST_CASE("a device's sync target is saved whole and read back", "[core][settings]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  auto store = Store::create(path, "Fortismere", "Ana Diaz").value();
  CHECK(store->sync_target().value() == SyncTarget{});
  const SyncTarget target{{"hub.example.org:7400"}, "/etc/triad/hub-ca.pem", true, ""};
  REQUIRE(store->save_sync_target(target).is_ok());
  store.reset();
  store = Store::open(path).value();
  CHECK(store->sync_target().value() == target);
  REQUIRE(store->save_sync_target({{"10.0.0.5:7400"}, "", false, ""}).is_ok());
  CHECK(store->sync_target().value() == SyncTarget{{"10.0.0.5:7400"}, "", false, ""});
  CHECK_FALSE(store->legacy_token().value());
}

TEST_CASE("the token an older version kept in the store is erased leaving no bytes",
          "[core][settings]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  const std::string secret = "00112233445566778899aabbccddeeff";
  auto store = Store::create(path, "Fortismere", "Ana Diaz").value();
  REQUIRE(store->save_sync_target({{"hub.example.org:7400"}, "", false, ""}).is_ok());
  plant_legacy_token(path, "1a2b3c4d." + secret);
  CHECK(store->legacy_token().value() == std::optional<std::string>("1a2b3c4d." + secret));
  REQUIRE(store->erase_legacy_token().is_ok());
  CHECK_FALSE(store->legacy_token().value());
  CHECK(store->erase_legacy_token().is_ok());  // none: nothing to do
  CHECK(store->sync_target().value().hubs ==
        std::vector<std::string>{"hub.example.org:7400"});  // the rest stays
  const std::string file = bytes_of(path) + bytes_of(path + "-wal");
  CHECK(file.find(secret) == std::string::npos);
}

TEST_CASE("several hub addresses are saved in their order, with the one that answered last",
          "[core][settings]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  auto store = Store::create(path, "Fortismere", "Ana Diaz").value();
  const SyncTarget target{{"hub-a.example.org:7400", "hub-b.example.org:7400", "[::1]:7401"},
                          "",
                          false,
                          "hub-b.example.org:7400"};
  REQUIRE(store->save_sync_target(target).is_ok());
  store.reset();
  store = Store::open(path).value();
  CHECK(store->sync_target().value() == target);
  // One setting, comma-separated: the format an older version wrote with one address.
  CHECK(setting_in_file(path, "sync.hub") ==
        "hub-a.example.org:7400,hub-b.example.org:7400,[::1]:7401");
  REQUIRE(store->save_sync_target({{"hub-a.example.org:7400"}, "", false, ""}).is_ok());
  CHECK(store->sync_target().value() == SyncTarget{{"hub-a.example.org:7400"}, "", false, ""});
  CHECK(setting_in_file(path, "sync.hub-answered").empty());  // no longer kept
}

TEST_CASE("a store saved with one hub address reads as a list of one", "[core][settings]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  Store::create(path, "Fortismere", "Ana Diaz").value().reset();
  plant_setting(path, "sync.hub", "hub.example.org:7400");  // as versions before issue 14 did
  auto store = Store::open(path).value();
  const SyncTarget read = store->sync_target().value();
  CHECK(read.hubs == std::vector<std::string>{"hub.example.org:7400"});
  CHECK(read.answered.empty());
}

TEST_CASE("a hub address holding a comma is refused, and nothing is saved", "[core][settings]") {
  TempDir dir;
  auto store = Store::create(dir.file("ana.db"), "Fortismere", "Ana Diaz").value();
  REQUIRE(store->save_sync_target({{"hub.example.org:7400"}, "", false, ""}).is_ok());
  const Status saved = store->save_sync_target({{"a:1,b:2"}, "", false, ""});
  CHECK(saved.code() == StatusCode::kInvalidArgument);
  CHECK(store->sync_target().value().hubs == std::vector<std::string>{"hub.example.org:7400"});
}
