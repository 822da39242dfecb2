// Store: a device's settings, typed. They are kept in the table `setting` (store_schema.cpp) under
// keys that only this file knows.
#include "database.h"
#include "store_rows.h"
#include "triad/core/store.h"

namespace triad::core {

namespace {

constexpr const char* kHubKey = "sync.hub";
constexpr const char* kCaKey = "sync.ca";
constexpr const char* kPlaintextKey = "sync.insecure-plaintext";  // "yes" (or "true")
constexpr const char* kLegacyTokenKey = "sync.token";  // older versions: now outside the store

Result<std::optional<std::string>> read_setting(detail::Database& db, const char* key) {
  auto st = db.prepare("SELECT value FROM setting WHERE key = ?");
  if (!st) return st.status();
  st->bind_text(1, key);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->text(0));
}

// Keeps `value` under `key`; an empty value is removed. Whether a row was removed.
Result<bool> write_setting(detail::Database& db, const char* key, const std::string& value) {
  auto st = value.empty()
                ? db.prepare("DELETE FROM setting WHERE key = ?1")
                : db.prepare(
                      "INSERT INTO setting(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE "
                      "SET value = ?2");
  if (!st) return st.status();
  st->bind_text(1, key);
  if (!value.empty()) st->bind_text(2, value);
  TRIAD_RETURN_IF_ERROR(st->run());
  return value.empty() && db.last_changes() > 0;
}

}  // namespace

Result<SyncTarget> Store::sync_target() {
  SyncTarget t;
  auto hub = read_setting(*db_, kHubKey);
  if (!hub) return hub.status();
  auto ca = read_setting(*db_, kCaKey);
  if (!ca) return ca.status();
  auto plaintext = read_setting(*db_, kPlaintextKey);
  if (!plaintext) return plaintext.status();
  t.hub = hub->value_or("");
  t.ca = ca->value_or("");
  t.plaintext = *plaintext == "yes" || *plaintext == "true";
  return t;
}

Status Store::save_sync_target(const SyncTarget& t) {
  return write([&](detail::WriteContext& ctx) -> Status {
    for (const auto& [key, value] : {std::pair<const char*, std::string>{kHubKey, t.hub},
                                     {kCaKey, t.ca},
                                     {kPlaintextKey, t.plaintext ? "yes" : ""}}) {
      auto written = write_setting(ctx.db, key, value);
      if (!written) return written.status();
    }
    return Status::ok();
  });
}

Result<std::optional<std::string>> Store::legacy_token() {
  return read_setting(*db_, kLegacyTokenKey);
}

Status Store::erase_legacy_token() {
  return write([&](detail::WriteContext& ctx) -> Status {
    auto erased = write_setting(ctx.db, kLegacyTokenKey, "");
    if (!erased) return erased.status();
    ctx.purged = *erased;  // scrub the WAL too, where the old value still is
    return Status::ok();
  });
}

}  // namespace triad::core
