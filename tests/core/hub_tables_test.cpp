// Hub-only state lives only in a hub's store (issue 13, part 1): a device's store has no table of
// enrolled devices, login codes or hub settings, and store format 7 takes them out of device
// stores written before, while a hub's store keeps its devices, alliance and login codes in their
// own tables. The old-format files are built here with raw SQL, as format 6 laid them out.
#include <catch2/catch.hpp>
#include <set>

#include "raw_sql.h"
#include "store_schema.h"
#include "test_support.h"
#include "triad/core/device_registry.h"
#include "triad/core/store.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

std::set<std::string> tables(const std::string& path) {
  auto names = rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'");
  return {names.begin(), names.end()};
}

int user_version(const std::string& path) {
  return std::stoi(rows(path, "PRAGMA user_version").at(0));
}

// Turns a store made by this build back into format 6: the device and setting tables as
// formats 3 and 6 made them in every store, no hub table of format 7, no audience index of 9.
void as_format_6(const std::string& path) {
  sql(path, R"sql(
DROP TABLE IF EXISTS audience;
DROP TABLE IF EXISTS hub;
DROP TABLE IF EXISTS login_code;
CREATE TABLE IF NOT EXISTS device(
  token_id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  school BLOB NOT NULL,
  person BLOB NOT NULL,
  school_name TEXT NOT NULL,
  person_name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER NOT NULL DEFAULT 0,
  last_sync_ms INTEGER NOT NULL DEFAULT 0,
  last_site INTEGER NOT NULL DEFAULT 0,
  app_version TEXT NOT NULL DEFAULT '',
  bound_site INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 0,
  pending_generation INTEGER NOT NULL DEFAULT 0,
  pending_site INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE IF NOT EXISTS setting(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
ALTER TABLE peer DROP COLUMN kind;
PRAGMA user_version = 6;
)sql");
}

const char* const kHubTables[] = {"device", "hub", "login_code"};

}  // namespace

TEST_CASE("a device's new store has no table of hub-only state", "[core][store][hub-tables]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  REQUIRE(Store::create(path, "Fortismere", "Ana Diaz"));
  const auto made = tables(path);
  for (const char* table : kHubTables) {
    INFO(table);
    CHECK(made.count(table) == 0);
  }
  CHECK(made.count("record") == 1);
  CHECK(user_version(path) == detail::current_schema_version());
}

TEST_CASE("a device's store of format 6 loses its empty device table when upgraded",
          "[core][store][hub-tables][migration]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  REQUIRE(Store::create(path, "Fortismere", "Ana Diaz"));
  as_format_6(path);
  sql(path,
      "INSERT INTO setting(key, value) VALUES('sync.hub', 'hub.example.org:7400'), "
      "('sync.ca', '/etc/triad/hub-ca.pem')");
  REQUIRE(tables(path).count("device") == 1);
  REQUIRE(user_version(path) == 6);
  auto s = Store::open(path);
  REQUIRE(s);
  CHECK((*s)->check_integrity().is_ok());
  s->reset();
  const auto upgraded = tables(path);
  for (const char* table : kHubTables) {
    INFO(table);
    CHECK(upgraded.count(table) == 0);
  }
  CHECK(user_version(path) == detail::current_schema_version());
  CHECK(rows(path, "SELECT key, value FROM setting ORDER BY key") ==
        std::vector<std::string>{"sync.ca|/etc/triad/hub-ca.pem", "sync.hub|hub.example.org:7400"});
}

TEST_CASE("a hub's store of format 6 keeps its devices, alliance and login codes when upgraded",
          "[core][store][hub-tables][migration]") {
  TempDir dir;
  const std::string path = dir.file("hub.db");
  StoreOptions o;
  o.enrol_identity = false;
  REQUIRE(Store::create(path, "Camden Alliance", "hub", o));
  as_format_6(path);
  sql(path, R"sql(
INSERT INTO device(token_id, secret_hash, school, person, school_name, person_name, role,
                   created_ms, revoked_ms, last_sync_ms, last_site, app_version, bound_site,
                   generation, pending_generation, pending_site)
VALUES('ab12cd34', 'f00d', x'00112233445566778899aabbccddeeff', x'ffeeddccbbaa99887766554433221100',
       'Fortismere', 'Ana Diaz', 'device', 1000, 0, 2000, 77, '0.9.1', 77, 3, 4, 78),
      ('lead0001', 'beef', x'00112233445566778899aabbccddeeff', x'0102030405060708090a0b0c0d0e0f10',
       'Fortismere', 'Lee Lead', 'lead', 1500, 1600, 0, 0, '', 0, 0, 0, 0);
INSERT INTO setting(key, value) VALUES
  ('hub.alliance', 'Camden Alliance'),
  ('dashboard.link.c0de1', 'lead0001 99000'),
  ('dashboard.link.c0de2', 'used');
)sql");
  auto s = Store::open(path);
  REQUIRE(s);
  CHECK((*s)->check_integrity().is_ok());
  {
    auto registry = open_hub_registry(**s);
    REQUIRE(registry);
    CHECK((*registry)->alliance() == "Camden Alliance");
    auto ana = (*registry)->find("ab12cd34").value();
    REQUIRE(ana);
    CHECK(ana->person_name == "Ana Diaz");
    CHECK(ana->bound_site == 77);
    CHECK(ana->pending_site == 78);
    CHECK((*registry)->devices().value().size() == 2);
    CHECK((*registry)->device_using_site(77, "").value() == "ab12cd34");
    CHECK_FALSE((*registry)->take_login_code("c0de2", 0).value());  // it was used
  }
  s->reset();
  const auto upgraded = tables(path);
  for (const char* table : kHubTables) {
    INFO(table);
    CHECK(upgraded.count(table) == 1);
  }
  CHECK(rows(path,
             "SELECT token_id, secret_hash, hex(school), role, created_ms, revoked_ms, "
             "last_sync_ms, last_site, app_version, bound_site, generation, pending_generation, "
             "pending_site FROM device ORDER BY token_id") ==
        std::vector<std::string>{
            "ab12cd34|f00d|00112233445566778899AABBCCDDEEFF|device|1000|0|2000|77|0.9.1|77|3|4|78",
            "lead0001|beef|00112233445566778899AABBCCDDEEFF|lead|1500|1600|0|0||0|0|0|0"});
  CHECK(rows(path, "SELECT alliance FROM hub") == std::vector<std::string>{"Camden Alliance"});
  CHECK(rows(path, "SELECT code_hash, token_id, expires_ms, used FROM login_code ORDER BY 1") ==
        std::vector<std::string>{"c0de1|lead0001|99000|0", "c0de2||0|1"});
  CHECK(rows(path, "SELECT key FROM setting").empty());  // nothing left under string keys
}

TEST_CASE("a hub finds the token bound to a site id through an index, new or upgraded",
          "[core][store][hub-tables][migration]") {
  TempDir dir;
  const auto plan = [](const std::string& path) {
    return rows(path,
                "EXPLAIN QUERY PLAN SELECT token_id FROM device WHERE (bound_site = 5 OR "
                "pending_site = 5) AND token_id != 'x' AND revoked_ms = 0 LIMIT 1");
  };
  const auto uses_indexes = [](const std::vector<std::string>& steps) {
    std::string all;
    for (const std::string& s : steps) all += s + "\n";
    INFO(all);
    return all.find("device_by_bound_site") != std::string::npos &&
           all.find("device_by_pending_site") != std::string::npos &&
           all.find("SCAN device") == std::string::npos;
  };
  StoreOptions o;
  o.enrol_identity = false;
  const std::string made = dir.file("new-hub.db");
  {
    auto s = Store::create(made, "Camden Alliance", "hub", o);
    REQUIRE(s);
    REQUIRE(create_hub_registry(**s, "Camden Alliance"));
  }
  CHECK(uses_indexes(plan(made)));

  const std::string old = dir.file("format-9-hub.db");
  {
    auto s = Store::create(old, "Camden Alliance", "hub", o);
    REQUIRE(s);
    REQUIRE(create_hub_registry(**s, "Camden Alliance"));
  }
  sql(old,
      "DROP INDEX device_by_bound_site; DROP INDEX device_by_pending_site; PRAGMA user_version = "
      "9");
  CHECK_FALSE(uses_indexes(plan(old)));  // what a hub of format 9 did: read every device
  REQUIRE(Store::open(old));
  CHECK(user_version(old) == detail::current_schema_version());
  CHECK(uses_indexes(plan(old)));
}
