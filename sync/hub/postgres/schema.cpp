// The PostgreSQL store's persistent format, specified here and nowhere else (as core's
// store_schema.cpp specifies the SQLite store's):
//
//   meta(key, value)        'schema_version': how many steps of kSteps have been applied (written
//                           by migrate(), not by a step)
//   change_counter (v1)     one row (id = true): last_seq, the highest change number reserved by a
//                           committed transaction; written only by reserve_change_numbers, whose
//                           header (change_counter.h) says why numbers are handed out this way
//   (v2) the replica store  the tables of core's SQLite store format 9 (core/src/store_schema.cpp
//                           says what each column holds), with PostgreSQL's types: record, peer,
//                           refusal, setting, audience; meta also holds the store's identity and
//                           clock (site_id, school_id, ... as text). Text that is sorted is
//                           COLLATE "C", so lists come in the order SQLite gives (bytewise).
//   hub tables              device, hub, login_code as in core's format 7, made by
//                           hub_tables_sql() when the store becomes a hub's (triad-hub init).
//   (v3) device_by_bound_site, device_by_pending_site, as core's format 10: made with the device
//                           table, or by step 3 where it exists.
//   (v3) audience_by_seq    a hash index: the audience rows of one seq, for the unindexing of a
//                           row rewritten (an equality, all a hash index serves). As a btree it
//                           also offered a seq range in order, and with statistics gathered while
//                           nearly every row was filed under "*" (a new hub's roster), the planner
//                           read a viewer's pull through it, every change since the checkpoint
//                           filtered by key (5 ms a pull at 10,000 devices), not through (key,
//                           seq). A hash index leaves the pull one path: the (key, seq) range.
//   (v4) record.text_base, text_base_from, text_base_until, text_peer, text_peer_base,
//                           peer.confirmed_at and its index
//                           peer_by_confirmed_at, as core's format 11.
//
// Steps are only ever appended to kSteps; a released step is never edited.
#include "triad/postgres/schema.h"

#include <charconv>
#include <string>

#include "triad/postgres/transaction.h"

namespace triad::postgres {
namespace {

using core::Result;
using core::Status;

constexpr const char* kSteps[] = {
    // Version 1: the commit-ordered change counter (change_counter.h).
    R"sql(
CREATE TABLE change_counter (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_seq bigint NOT NULL CHECK (last_seq >= 0)
);
INSERT INTO change_counter (id, last_seq) VALUES (true, 0);
)sql",
    // Version 2: the replica store (core's store format 9).
    R"sql(
CREATE TABLE record (
  id bytea PRIMARY KEY,
  type text COLLATE "C" NOT NULL,
  parent bytea,
  school bytea NOT NULL,
  author bytea NOT NULL,
  created_hlc bigint NOT NULL,
  created_site bigint NOT NULL,
  scope bigint NOT NULL,
  deleted_hlc bigint,
  deleted_site bigint,
  body bytea NOT NULL,
  label text COLLATE "C",
  conflicts bigint NOT NULL DEFAULT 0,
  seq bigint NOT NULL,
  edited_seq bigint,
  origin bigint NOT NULL DEFAULT 0,
  people bytea
);
CREATE UNIQUE INDEX record_by_seq ON record (seq);
CREATE INDEX record_by_type ON record (type, id);
CREATE INDEX record_by_parent ON record (parent) WHERE parent IS NOT NULL;
CREATE INDEX record_with_conflicts ON record (id) WHERE conflicts > 0;
CREATE TABLE peer (
  site bigint PRIMARY KEY,
  name text COLLATE "C" NOT NULL DEFAULT '',
  pulled_seq bigint NOT NULL DEFAULT 0,
  pushed_seq bigint NOT NULL DEFAULT 0,
  last_sync_ms bigint NOT NULL DEFAULT 0,
  generation bigint NOT NULL DEFAULT 0,
  session_clock bigint NOT NULL DEFAULT 0,
  kind bigint NOT NULL DEFAULT 0
);
CREATE TABLE refusal (
  record bytea NOT NULL,
  peer bigint NOT NULL,
  reason text NOT NULL,
  at_ms bigint NOT NULL,
  discard bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (record, peer)
);
CREATE TABLE setting (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
CREATE TABLE audience (key bytea NOT NULL, seq bigint NOT NULL, PRIMARY KEY (key, seq));
CREATE INDEX audience_by_seq ON audience (seq);
)sql",
    // Version 3: a hub's devices by the site id bound to them, where the hub tables exist; and
    // audience_by_seq a hash index (see the top of this file).
    R"sql(
DROP INDEX audience_by_seq;
CREATE INDEX audience_by_seq ON audience USING hash (seq);
DO $$
BEGIN
  IF to_regclass('device') IS NOT NULL THEN
    CREATE INDEX IF NOT EXISTS device_by_bound_site ON device (bound_site);
    CREATE INDEX IF NOT EXISTS device_by_pending_site ON device (pending_site);
  END IF;
END
$$;
)sql",
    // Version 4: text bases (core's format 11).
    R"sql(
ALTER TABLE record ADD COLUMN text_base bytea;
ALTER TABLE record ADD COLUMN text_base_from bigint;
ALTER TABLE record ADD COLUMN text_base_until bigint;
ALTER TABLE record ADD COLUMN text_peer bigint NOT NULL DEFAULT 0;
ALTER TABLE record ADD COLUMN text_peer_base bytea;
ALTER TABLE peer ADD COLUMN confirmed_at bigint NOT NULL DEFAULT 0;
UPDATE peer SET confirmed_at = (SELECT coalesce(max(seq), 0) FROM record);
CREATE INDEX peer_by_confirmed_at ON peer (confirmed_at);
)sql",
};

constexpr const char* kHubTables = R"sql(
CREATE TABLE device (
  token_id text COLLATE "C" PRIMARY KEY,
  secret_hash text NOT NULL,
  school bytea NOT NULL,
  person bytea NOT NULL,
  school_name text COLLATE "C" NOT NULL,
  person_name text COLLATE "C" NOT NULL,
  role text NOT NULL,
  created_ms bigint NOT NULL,
  revoked_ms bigint NOT NULL DEFAULT 0,
  last_sync_ms bigint NOT NULL DEFAULT 0,
  last_site bigint NOT NULL DEFAULT 0,
  app_version text NOT NULL DEFAULT '',
  bound_site bigint NOT NULL DEFAULT 0,
  generation bigint NOT NULL DEFAULT 0,
  pending_generation bigint NOT NULL DEFAULT 0,
  pending_site bigint NOT NULL DEFAULT 0
);
CREATE INDEX device_by_bound_site ON device (bound_site);
CREATE INDEX device_by_pending_site ON device (pending_site);
CREATE TABLE hub (id bigint PRIMARY KEY CHECK (id = 1), alliance text NOT NULL);
CREATE TABLE login_code (
  code_hash text PRIMARY KEY,
  token_id text NOT NULL,
  expires_ms bigint NOT NULL,
  used bigint NOT NULL DEFAULT 0
);
)sql";

constexpr int kVersions = sizeof(kSteps) / sizeof(kSteps[0]);

constexpr const char* kMetaTable = R"sql(
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO meta (key, value) VALUES ('schema_version', '0');
)sql";

// The key of the advisory lock hub processes take turns on while migrating: 'TRIAD' in ASCII.
constexpr int64_t kMigrationLock = 0x5452494144;

Result<int64_t> count_tables(Connection& connection, bool meta_only) {
  auto rows =
      connection.query("looking for Triad's tables",
                       "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                       "($1 = 0 OR tablename = 'meta')",
                       Params().int64(meta_only ? 1 : 0));
  if (!rows) return rows.status();
  return rows->int64(0, 0);
}

Status refuse_foreign_tables(Connection& connection) {
  auto tables = count_tables(connection, /*meta_only=*/false);
  if (!tables) return tables.status();
  if (*tables == 0) return Status::ok();
  return core::failed_precondition(
      "PostgreSQL's " + connection.where() + " holds " + std::to_string(*tables) +
      " tables but no Triad schema: it is not a Triad hub's database, and was not changed. Give "
      "the hub a database of its own (createdb)");
}

}  // namespace

int schema_version() { return kVersions; }

const char* hub_tables_sql() { return kHubTables; }

Result<int> stored_schema_version(Connection& connection) {
  auto meta = count_tables(connection, /*meta_only=*/true);
  if (!meta) return meta.status();
  if (*meta == 0) return 0;
  auto rows = connection.query("reading the schema version",
                               "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!rows) return rows.status();
  int version = -1;
  const std::string_view text = rows->size() == 1 ? rows->bytes(0, 0) : std::string_view();
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), version);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() ||
      version < 0)
    return core::corrupt("PostgreSQL's " + connection.where() +
                         ": the schema version in table meta is missing or not a number");
  return version;
}

Status migrate(Connection& connection) {
  auto txn = Transaction::begin(connection);
  if (!txn) return txn.status();
  TRIAD_RETURN_IF_ERROR(txn->exec("waiting for another hub process to finish migrating",
                                  "SELECT pg_advisory_xact_lock($1)",
                                  Params().int64(kMigrationLock)));
  auto version = stored_schema_version(connection);
  if (!version) return version.status();
  if (*version > kVersions)
    return core::failed_precondition(
        "PostgreSQL's " + connection.where() + " has schema version " + std::to_string(*version) +
        ", newer than this triad-hub knows (" + std::to_string(kVersions) +
        "): update triad-hub. The database was not changed");
  if (*version == kVersions) return txn->commit();
  if (*version == 0) {
    TRIAD_RETURN_IF_ERROR(refuse_foreign_tables(connection));
    TRIAD_RETURN_IF_ERROR(connection.exec_script("creating the table meta", kMetaTable));
  }
  for (int v = *version; v < kVersions; ++v)
    TRIAD_RETURN_IF_ERROR(connection.exec_script(
        "migrating the PostgreSQL store to schema version " + std::to_string(v + 1), kSteps[v]));
  TRIAD_RETURN_IF_ERROR(txn->exec("recording the schema version",
                                  "UPDATE meta SET value = $1 WHERE key = 'schema_version'",
                                  Params().text(std::to_string(kVersions))));
  return txn->commit();
}

}  // namespace triad::postgres
