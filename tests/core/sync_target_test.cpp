// A device's settings are typed (issue 13, part 1): where it syncs (SyncTarget), and the token a
// version before issue 12 kept in the store, which is only read and erased, leaving no bytes.
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
void plant_legacy_token(const std::string& path, const std::string& token) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const std::string sql = "INSERT INTO setting(key, value) VALUES('sync.token', '" + token + "')";
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("a device's sync target is saved whole and read back", "[core][settings]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  auto store = Store::create(path, "Fortismere", "Ana Diaz").value();
  CHECK(store->sync_target().value() == SyncTarget{});
  const SyncTarget target{"hub.example.org:7400", "/etc/triad/hub-ca.pem", true};
  REQUIRE(store->save_sync_target(target).is_ok());
  store.reset();
  store = Store::open(path).value();
  CHECK(store->sync_target().value() == target);
  REQUIRE(store->save_sync_target({"10.0.0.5:7400", "", false}).is_ok());
  CHECK(store->sync_target().value() == SyncTarget{"10.0.0.5:7400", "", false});
  CHECK_FALSE(store->legacy_token().value());
}

TEST_CASE("the token an older version kept in the store is erased leaving no bytes",
          "[core][settings]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  const std::string secret = "00112233445566778899aabbccddeeff";
  auto store = Store::create(path, "Fortismere", "Ana Diaz").value();
  REQUIRE(store->save_sync_target({"hub.example.org:7400", "", false}).is_ok());
  plant_legacy_token(path, "1a2b3c4d." + secret);
  CHECK(store->legacy_token().value() == std::optional<std::string>("1a2b3c4d." + secret));
  REQUIRE(store->erase_legacy_token().is_ok());
  CHECK_FALSE(store->legacy_token().value());
  CHECK(store->erase_legacy_token().is_ok());                         // none: nothing to do
  CHECK(store->sync_target().value().hub == "hub.example.org:7400");  // the rest stays
  const std::string file = bytes_of(path) + bytes_of(path + "-wal");
  CHECK(file.find(secret) == std::string::npos);
}
