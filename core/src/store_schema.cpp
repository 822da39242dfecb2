// The persistent format of a store, specified here and nowhere else.
//
//   meta(key, value)       site_id, school_id, person_id, school_name, person_name (identity,
//                          written once), clock (the highest HLC issued or observed), and
//                          erased_text while a person's save erased text the WAL may still hold
//   record                 one row per record this replica has seen, live or deleted:
//     id BLOB(16)          RecordId
//     type, parent, school, author, created_hlc, created_site    the immutable RecordHeader
//     scope INTEGER        Scope (0 private .. 3 alliance)
//     deleted_hlc/site     the tombstone's stamp; NULL while live
//     body BLOB            the fields and their clocks, encoded as in record_codec.h
//     label TEXT           the record's name/title, copied from body for look-ups
//     conflicts INTEGER    number of text fields holding a conflict
//     seq INTEGER          this replica's change sequence at the row's last change (unique)
//     edited_seq INTEGER   seq of the last local edit; NULL if only ever merged here
//     origin INTEGER (v4)  site id of the peer whose state this row equals exactly (it sent it,
//                          or it merged to what it sent); 0 after a local edit or a merge that
//                          combined both sides. Such rows are not sent back to that peer.
//   peer                   per peer site: pulled_seq (its seq we have applied), pushed_seq (our
//                          seq it has confirmed), name, last_sync_ms
//   refusal (v2)           changes a peer refused: record, peer, reason, at_ms
//   device (v3)            devices enrolled at a hub: token id, SHA-256 of the token secret (the
//                          secret itself is never stored), school, person, role, revocation,
//                          last sync
//   setting (v3)           key/value settings of this replica (hub address, token, CA file)
//   (v6) peer.generation   the mark the peer gave this store at the start of their last session
//                          (a hub's; see proto Welcome.generation), so a restored copy is told
//                          apart;
//        peer.session_clock this store's clock as that session began: a restored copy re-stamps
//                          its own writes after it under its new site id (restamp.h)
//   (v6) device.bound_site the site id a token is bound to (the first store that used it; 0: free),
//                          its session generation, and a generation and site not yet confirmed
//   (v6) refusal.discard   the person chose to drop this refused change and take the peer's state
//   (v7) hub-only state leaves device stores. Only a hub's store (made by create_hub_tables when
//        a store becomes a hub's, or kept by migration 7) has:
//          device          devices enrolled at the hub, as above (core::DeviceRegistry)
//          hub             one row: the hub's own settings (alliance: the alliance it serves)
//          login_code      one-time dashboard login codes: SHA-256 of the code (the code itself
//                          is never stored), the lead's token id, expiry, and whether it was used
//        A store is a hub's when it has the `hub` table. `setting` keeps only what a device keeps
//        (its sync target: sync.hub, a comma-separated list of HOST:PORT since issue 14 (one
//        address before, read as a list of one), sync.hub-answered (the address that answered the
//        last sync), sync.ca, sync.insecure-plaintext; and sync.token, where an
//        older version kept the token, until it is moved out), read and written through typed
//        functions of Store only (store_settings.cpp).
//
//   (v9) audience          the audience index (sharing.h audience): one row per key a record's
//                          current change is filed under (key BLOB, seq), so a pull for a viewer
//                          reads the changes that viewer may see since its checkpoint, not every
//                          change since. Kept by every row write (store_rows.cpp); rebuilt from
//                          the records when a store comes to format 9.
//   (v10) device_by_bound_site, device_by_pending_site: a hub finds the token bound to a site
//                          id (each session's Hello) without reading every device row. Made
//                          with the device table (create_hub_tables), or by migration 10 where
//                          the table exists.
//   (v11) record.text_base, text_base_from, text_base_until: what the row's merging text fields
//                          held before its last change (text/text_changes.h; encoded there),
//                          and the change numbers the row had that state between (from its seq
//                          then to the next); NULL when the last write was no edit of the text.
//         record.text_peer, text_peer_base: the last peer whose state of the row was merged here
//                          (0: none), and what its merging text fields held as it sent them
//                          (encoded as text_base), which it holds still.
//         peer.confirmed_at this store's last change number when the peer's push checkpoint last
//                          moved, so a session knows the peer received a row before it changed
//                          (replica.h Delivery); indexed for its maximum.
//
// Migrations only ever append to kMigrations; a released step is never edited. A later change to
// the hub tables changes kDeviceTable / kHubSettingTables too and, in its migration step, alters
// them only where they exist (a hub's store).
#include "store_schema.h"

#include <string>

#include "store_rows.h"
#include "triad/core/status.h"

namespace triad::core::detail {
namespace {

// One step of kMigrations: SQL run as it is, or a function for a step that reads the store to
// decide what to do.
struct Migration {
  const char* sql = nullptr;
  Status (*run)(Database& db) = nullptr;
};

// The device table as formats 3 and 6 made it, in every store until format 7.
constexpr const char* kDeviceTable = R"sql(
CREATE TABLE device(
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
)sql";

// The hub's settings and login codes (format 7).
constexpr const char* kHubSettingTables = R"sql(
CREATE TABLE hub(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  alliance TEXT NOT NULL
) STRICT;
CREATE TABLE login_code(
  code_hash TEXT PRIMARY KEY,
  token_id TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
) STRICT;
)sql";

Result<int64_t> count(Database& db, const std::string& query) {
  auto st = db.prepare(query);
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->int64(0) : 0;
}

// Version 7: a store with the setting hub.alliance is a hub's: it gets the hub tables, its
// alliance and login codes (settings "dashboard.link.<hash>" = "TOKEN_ID EXPIRES_MS" or "used")
// move into them, and its devices stay. Any other store is a device's: its device table goes when
// empty (one with rows, which no version made without hub.alliance, is kept as it is).
Status move_hub_state(Database& db) {
  auto is_hub = count(db, "SELECT count(*) FROM setting WHERE key = 'hub.alliance'");
  if (!is_hub) return is_hub.status();
  if (*is_hub == 0) {
    auto devices = count(db, "SELECT count(*) FROM device");
    if (!devices) return devices.status();
    return *devices == 0 ? db.exec("DROP TABLE device") : Status::ok();
  }
  TRIAD_RETURN_IF_ERROR(db.exec(kHubSettingTables));
  return db.exec(R"sql(
INSERT INTO hub(id, alliance) SELECT 1, value FROM setting WHERE key = 'hub.alliance';
INSERT INTO login_code(code_hash, token_id, expires_ms, used)
  SELECT substr(key, 16),
         CASE WHEN instr(value, ' ') > 0 THEN substr(value, 1, instr(value, ' ') - 1) ELSE '' END,
         CASE WHEN instr(value, ' ') > 0 THEN CAST(substr(value, instr(value, ' ') + 1) AS INTEGER)
              ELSE 0 END,
         instr(value, ' ') = 0
  FROM setting WHERE substr(key, 1, 15) = 'dashboard.link.';
DELETE FROM setting WHERE key = 'hub.alliance' OR substr(key, 1, 15) = 'dashboard.link.';
)sql");
}

// Version 9: the audience index, built for every record held.
Status build_audience_index(Database& db) {
  TRIAD_RETURN_IF_ERROR(db.exec(R"sql(
CREATE TABLE audience(key BLOB NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(key, seq))
  STRICT, WITHOUT ROWID;
CREATE INDEX audience_by_seq ON audience(seq);
)sql"));
  auto st = db.prepare(std::string("SELECT seq, ") + kRecordColumns + " FROM record");
  if (!st) return st.status();
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return Status::ok();
    auto record = read_record_row(*st, 1);
    if (!record) return record.status();
    TRIAD_RETURN_IF_ERROR(index_audience(db, *record, st->uint64(0)));
  }
}

// Format 10's indexes of the device table (see the top of this file).
constexpr const char* kDeviceIndexes = R"sql(
CREATE INDEX IF NOT EXISTS device_by_bound_site ON device(bound_site);
CREATE INDEX IF NOT EXISTS device_by_pending_site ON device(pending_site);
)sql";

Status index_devices_by_site(Database& db) {
  auto tables =
      count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'device'");
  if (!tables) return tables.status();
  return *tables > 0 ? db.exec(kDeviceIndexes) : Status::ok();
}

// Version 11's columns, each added where it is missing (a store of an older format rebuilt by a
// test from this one may have them).
Status add_text_bases(Database& db) {
  const std::pair<const char*, const char*> columns[] = {
      {"record", "text_base BLOB"},          {"record", "text_base_from INTEGER"},
      {"record", "text_base_until INTEGER"}, {"record", "text_peer INTEGER NOT NULL DEFAULT 0"},
      {"record", "text_peer_base BLOB"},     {"peer", "confirmed_at INTEGER NOT NULL DEFAULT 0"}};
  for (const auto& [table, column] : columns) {
    const std::string name = std::string(column).substr(0, std::string(column).find(' '));
    auto has = count(db, std::string("SELECT count(*) FROM pragma_table_info('") + table +
                             "') WHERE name = '" + name + "'");
    if (!has) return has.status();
    if (*has == 0)
      TRIAD_RETURN_IF_ERROR(
          db.exec(std::string("ALTER TABLE ") + table + " ADD COLUMN " + column + ";"));
  }
  // Checkpoints confirmed before the upgrade were confirmed by now.
  return db.exec(
      "UPDATE peer SET confirmed_at = (SELECT coalesce(max(seq), 0) FROM record);"
      "CREATE INDEX IF NOT EXISTS peer_by_confirmed_at ON peer(confirmed_at);");
}

const Migration kMigrations[] = {
    // Version 1: the first store format.
    {R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value ANY NOT NULL) STRICT;
CREATE TABLE record(
  id BLOB PRIMARY KEY,
  type TEXT NOT NULL,
  parent BLOB,
  school BLOB NOT NULL,
  author BLOB NOT NULL,
  created_hlc INTEGER NOT NULL,
  created_site INTEGER NOT NULL,
  scope INTEGER NOT NULL,
  deleted_hlc INTEGER,
  deleted_site INTEGER,
  body BLOB NOT NULL,
  label TEXT,
  conflicts INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL,
  edited_seq INTEGER
) STRICT;
CREATE UNIQUE INDEX record_by_seq ON record(seq);
CREATE INDEX record_by_type ON record(type, id);
CREATE INDEX record_by_parent ON record(parent) WHERE parent IS NOT NULL;
CREATE INDEX record_with_conflicts ON record(id) WHERE conflicts > 0;
CREATE TABLE peer(
  site INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  pulled_seq INTEGER NOT NULL DEFAULT 0,
  pushed_seq INTEGER NOT NULL DEFAULT 0,
  last_sync_ms INTEGER NOT NULL DEFAULT 0
) STRICT;
)sql"},
    // Version 2: changes a peer refused, kept so the device shows them and offers them again.
    {R"sql(
CREATE TABLE refusal(
  record BLOB NOT NULL,
  peer INTEGER NOT NULL,
  reason TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY(record, peer)
) STRICT;
)sql"},
    // Version 3: devices enrolled at a hub (tokens stored only as hashes), and settings.
    {R"sql(
CREATE TABLE device(
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
  app_version TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
)sql"},
    // Version 4: the peer whose state a row equals exactly, so it is not echoed back to it.
    {R"sql(
ALTER TABLE record ADD COLUMN origin INTEGER NOT NULL DEFAULT 0;
)sql"},
    // Version 5: the people a record names (sharing.h participants, 16-byte ids one after the
    // other), so a hub finds what a device may see without decoding every record. NULL for rows
    // written before: such rows are always read and checked the slow way.
    {R"sql(
ALTER TABLE record ADD COLUMN people BLOB;
)sql"},
    // Version 6: restored and copied stores are told apart from the one that last synced (session
    // generations, a token bound to one site id), and a refused change can be discarded.
    {R"sql(
ALTER TABLE peer ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE peer ADD COLUMN session_clock INTEGER NOT NULL DEFAULT 0;
UPDATE peer SET session_clock = coalesce((SELECT value FROM meta WHERE key = 'clock'), 0);
ALTER TABLE device ADD COLUMN bound_site INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device ADD COLUMN pending_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device ADD COLUMN pending_site INTEGER NOT NULL DEFAULT 0;
UPDATE device SET bound_site = last_site;
ALTER TABLE refusal ADD COLUMN discard INTEGER NOT NULL DEFAULT 0;
)sql"},
    // Version 7: hub-only state leaves device stores (see the top of this file).
    {nullptr, move_hub_state},
    // Version 8: what a peer is (PeerKind: 1 the hub this store syncs with, 0 a store merged as a
    // file), which a name prefix said before; a merged school could be named "hub of ...".
    {R"sql(
ALTER TABLE peer ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
UPDATE peer SET kind = 1 WHERE generation > 0 OR (name LIKE 'hub of %' AND name NOT LIKE '% / %');
)sql"},
    // Version 9: the audience index (see the top of this file).
    {nullptr, build_audience_index},
    // Version 10: a hub's devices by the site id bound to them (see the top of this file).
    {nullptr, index_devices_by_site},
    // Version 11: text bases, so a session sends a merging text field's changes, not its state.
    {nullptr, add_text_bases},
};

constexpr int kVersions = sizeof(kMigrations) / sizeof(kMigrations[0]);

Result<int> user_version(Database& db) {
  auto st = db.prepare("PRAGMA user_version");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  return static_cast<int>(st->int64(0));
}

// 'TRAD': marks the file as a Triad store, so another program's SQLite file is never migrated.
constexpr int64_t kApplicationId = 0x54524144;

Status check_application_id(Database& db, int version, bool creating) {
  auto st = db.prepare("PRAGMA application_id");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  const int64_t id = st->int64(0);
  if (id == kApplicationId) return Status::ok();
  auto tables = db.prepare("SELECT count(*) FROM sqlite_schema");
  if (!tables) return tables.status();
  auto t = tables->step();
  if (!t) return t.status();
  const bool empty = tables->int64(0) == 0;
  if (empty && id == 0 && version == 0 && creating)  // a new file: claim it
    return db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  return corrupt(empty
                     ? "this file is empty, not a Triad store; it was not changed"
                     : "this file is an SQLite database but not a Triad store; it was not changed");
}

Status run_migrations(Database& db, int target, bool creating) {
  auto version = user_version(db);
  if (!version) return version.status();
  TRIAD_RETURN_IF_ERROR(check_application_id(db, *version, creating));
  if (*version > kVersions)
    return failed_precondition("this store was written by a newer version of Triad (store format " +
                               std::to_string(*version) + "; this version reads up to " +
                               std::to_string(kVersions) +
                               "). Update Triad on this device; the store was not changed");
  if (*version >= target) return Status::ok();
  auto txn = Transaction::begin(db);
  if (!txn) return txn.status();
  for (int v = *version; v < target; ++v)
    TRIAD_RETURN_IF_ERROR(kMigrations[v].run ? kMigrations[v].run(db)
                                             : db.exec(kMigrations[v].sql));
  TRIAD_RETURN_IF_ERROR(db.exec("PRAGMA user_version = " + std::to_string(target)));
  return (*txn)->commit();
}

}  // namespace

int current_schema_version() { return kVersions; }

Status migrate(Database& db, bool creating) { return run_migrations(db, kVersions, creating); }

Result<bool> has_hub_tables(Database& db) {
  auto tables =
      count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'hub'");
  if (!tables) return tables.status();
  return *tables > 0;
}

Status create_hub_tables(Database& db, std::string_view alliance) {
  TRIAD_RETURN_IF_ERROR(db.exec(kDeviceTable));
  TRIAD_RETURN_IF_ERROR(db.exec(kDeviceIndexes));
  TRIAD_RETURN_IF_ERROR(db.exec(kHubSettingTables));
  auto st = db.prepare("INSERT INTO hub(id, alliance) VALUES(1, ?)");
  if (!st) return st.status();
  st->bind_text(1, alliance);
  return st->run();
}

}  // namespace triad::core::detail
