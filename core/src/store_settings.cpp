// Store: a device's settings, typed. They are kept in the table `setting` (store_schema.cpp) under
// keys that only this file knows:
//   sync.hub                 the hubs' addresses, comma-separated in their order ("a:7400,b:7400");
//                            a store written before issue 14 holds one address, read as a list of
//                            one (an older version reading a list fails to resolve it and says so)
//   sync.hub-answered        the address of sync.hub that answered the last sync
//   sync.ca                  the CA file, an absolute path
//   sync.insecure-plaintext  "yes" (or "true") for plain TCP
//   sync.token               the token as versions before issue 12 kept it: only read and erased
#include <algorithm>

#include "database.h"
#include "store_rows.h"
#include "triad/core/store.h"

namespace triad::core {

namespace {

constexpr const char* kHubKey = "sync.hub";
constexpr const char* kAnsweredKey = "sync.hub-answered";
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

std::vector<std::string> split_addresses(const std::string& text) {
  std::vector<std::string> out;
  for (size_t from = 0; from < text.size();) {
    const size_t comma = std::min(text.find(',', from), text.size());
    if (comma > from) out.push_back(text.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

std::string joined_addresses(const std::vector<std::string>& addresses) {
  std::string out;
  for (const std::string& a : addresses) out += (out.empty() ? "" : ",") + a;
  return out;
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
  auto answered = read_setting(*db_, kAnsweredKey);
  if (!answered) return answered.status();
  t.hubs = split_addresses(hub->value_or(""));
  t.answered = answered->value_or("");
  t.ca = ca->value_or("");
  t.plaintext = *plaintext == "yes" || *plaintext == "true";
  return t;
}

Status Store::save_sync_target(const SyncTarget& t) {
  for (const std::string& address : t.hubs)
    if (address.empty() || address.find(',') != std::string::npos)
      return invalid_argument("a hub's address is HOST:PORT, with no comma: not '" + address + "'");
  return write([&](detail::WriteContext& ctx) -> Status {
    for (const auto& [key, value] :
         {std::pair<const char*, std::string>{kHubKey, joined_addresses(t.hubs)},
          {kAnsweredKey, t.answered},
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
