// Store: reads (get, list, children, conflicts, look-ups by name) and status.
#include <algorithm>
#include <cctype>
#include <tuple>

#include "database.h"
#include "name_key.h"
#include "store_rows.h"
#include "triad/core/field_kind.h"
#include "triad/core/store.h"

namespace triad::core {

namespace {

Result<std::vector<RecordState>> read_all(detail::Statement& st) {
  std::vector<RecordState> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.status();
    if (!*row) break;
    auto r = detail::read_record_row(st);
    if (!r) return r.status();
    out.push_back(std::move(r.value()));
  }
  return out;
}

// Hex digits of an id prefix typed by a person ("0194f1c2-7a"), upper-case, or "" if not one.
std::string id_prefix(std::string_view text) {
  std::string hex;
  for (char c : text) {
    if (c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return hex.size() >= 8 ? hex : std::string();
}

// The 16 bytes of an id whose hex digits begin with `hex` (at most 32) and go on with `fill`.
std::string id_bytes(std::string_view hex, char fill) {
  const std::string digits = std::string(hex) + std::string(32 - hex.size(), fill);
  std::string out;
  for (size_t i = 0; i < 32; i += 2)
    out += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
  return out;
}

}  // namespace

Result<std::optional<RecordState>> Store::get(const RecordId& id) {
  return detail::load_record(*db_, id);
}

Result<std::vector<RecordState>> Store::list(std::string_view type) {
  const std::string where = type.empty() ? "" : "type = ?1 AND ";
  auto st = db_->prepare(std::string("SELECT ") + detail::kRecordColumns + " FROM record WHERE " +
                         where + "deleted_hlc IS NULL ORDER BY id");
  if (!st) return st.status();
  if (!type.empty()) st->bind_text(1, type);
  return read_all(*st);
}

Result<std::vector<RecordState>> Store::children(const RecordId& parent) {
  auto kids = detail::load_children(*db_, parent);
  if (!kids) return kids.status();
  auto date = [](const RecordState& r) {
    const FieldState* f = r.field("date");
    return f ? f->value() : std::string();
  };
  std::stable_sort(kids->begin(), kids->end(), [&](const RecordState& a, const RecordState& b) {
    return std::pair(date(a), a.header.id) < std::pair(date(b), b.header.id);
  });
  return kids;
}

Result<std::vector<Conflict>> Store::conflicts() {
  auto st = db_->prepare(std::string("SELECT ") + detail::kRecordColumns +
                         " FROM record WHERE conflicts > 0 AND deleted_hlc IS NULL ORDER BY id");
  if (!st) return st.status();
  auto records = read_all(*st);
  if (!records) return records.status();
  std::vector<Conflict> out;
  for (const RecordState& r : records.value())
    for (const auto& [name, f] : r.fields)
      if (f.has_conflict()) {
        const std::vector<FieldVersion> versions = readable_versions(f);
        out.push_back({r.header.id, r.header.type, name, versions.front(),
                       std::vector<FieldVersion>(versions.begin() + 1, versions.end())});
      }
  return out;
}

Result<RecordId> Store::resolve(std::string_view type, std::string_view text) {
  if (auto id = RecordId::parse(text)) {
    auto r = get(*id);
    if (!r) return r.status();
    if (!r->has_value() || (*r)->is_deleted() || (!type.empty() && (*r)->header.type != type))
      return not_found("there is no " + std::string(type.empty() ? "record" : type) + " with id " +
                       std::string(text) + " in this store");
    return *id;
  }
  std::vector<std::pair<RecordId, std::string>> matches;
  auto collect = [&](const std::string& sql, std::string_view arg,
                     std::string_view high = {}) -> Status {
    auto st = db_->prepare(sql);
    if (!st) return st.status();
    st->bind_text(1, type);
    if (high.empty())
      st->bind_text(2, arg);
    else
      st->bind_blob(2, arg).bind_blob(3, high);
    for (;;) {
      auto row = st->step();
      if (!row) return row.status();
      if (!*row) return Status::ok();
      matches.emplace_back(RecordId::from_bytes(st->blob(0)).value_or(RecordId()), st->text(1));
    }
  };
  TRIAD_RETURN_IF_ERROR(
      collect("SELECT id, coalesce(label, '') FROM record WHERE (?1 = '' OR type = ?1) "
              "AND deleted_hlc IS NULL AND lower(label) = lower(?2)",
              text));
  if (matches.empty() &&
      detail::has_non_ascii(text)) {  // "ZOË" for "Zoë": lower() may fold ASCII only
    TRIAD_RETURN_IF_ERROR(
        collect("SELECT id, coalesce(label, '') FROM record WHERE (?1 = '' OR type = ?1) "
                "AND deleted_hlc IS NULL AND label IS NOT NULL",
                text));
    const std::string key = detail::name_key(text);
    std::erase_if(matches, [&](const auto& m) { return detail::name_key(m.second) != key; });
  }
  if (matches.empty()) {
    if (const std::string hex = id_prefix(text); !hex.empty()) {
      // The ids that begin with these hex digits: from the prefix padded with 0s to it padded
      // with Fs (an index range, on every engine).
      if (hex.size() <= 32)
        TRIAD_RETURN_IF_ERROR(
            collect("SELECT id, coalesce(label, '') FROM record WHERE (?1 = '' OR type = ?1) "
                    "AND deleted_hlc IS NULL AND id >= ?2 AND id <= ?3",
                    id_bytes(hex, '0'), id_bytes(hex, 'F')));
    }
  }
  if (matches.size() == 1) return matches.front().first;
  if (matches.empty())
    return not_found("there is no " + std::string(type.empty() ? "record" : type) + " called '" +
                     std::string(text) + "' in this store" +
                     (type == "person" ? "; add them first: triad add person name=\"" +
                                             std::string(text) + "\" school=\"SCHOOL\""
                                       : std::string()));
  std::string ids;
  for (const auto& [id, label] : matches) ids += "\n  " + id.to_string() + "  " + label;
  return invalid_argument(
      "'" + std::string(text) + "' matches " + std::to_string(matches.size()) +
      (type.empty() ? std::string(" records") : " " + std::string(type) + " records") +
      "; give the id of the one you mean:" + ids);
}

Result<std::optional<RecordId>> Store::find_named(std::string_view type, std::string_view name,
                                                  const RecordId& school) {
  const bool person = type == "person";
  const RecordId derived =
      person ? RecordId::derive("person", school.to_string() + ":" + std::string(name))
             : RecordId::derive("school", name);
  auto at_derived = get(derived);
  if (!at_derived) return at_derived.status();
  if (at_derived->has_value() && !(*at_derived)->is_deleted()) return std::optional(derived);
  // Not at the id its name derives: a record first typed with other accented capitals ("ZOË" for
  // "Zoë"; RecordId::derive folds ASCII only), or one renamed since (a school the admin renamed
  // keeps its id, so enrolling under the new name must find it rather than make a second).
  // The label column holds the name: only ids and labels are read, and only a record whose name
  // matches is read whole (a person's school), so a roster import stays cheap on a large store.
  auto st = db_->prepare(
      "SELECT id, label FROM record WHERE type = ?1 AND deleted_hlc IS NULL AND label IS NOT NULL "
      "ORDER BY id");
  if (!st) return st.status();
  st->bind_text(1, type);
  const std::string key = detail::name_key(name);
  std::vector<RecordId> named;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    if (detail::name_key(st->text(1)) != key) continue;
    if (auto id = RecordId::from_bytes(st->blob(0))) named.push_back(*id);
  }
  for (const RecordId& id : named) {
    if (!person) return std::optional(id);
    auto r = get(id);
    if (!r) return r.status();
    const FieldState* at = r->has_value() ? (*r)->field("school") : nullptr;
    if (at && at->value() == school.to_string()) return std::optional(id);
  }
  return std::optional<RecordId>();
}

std::string Store::label(const RecordId& id) {
  auto st = db_->prepare("SELECT coalesce(label, '') FROM record WHERE id = ?");
  if (!st) return {};
  st->bind_blob(1, id.bytes());
  auto row = st->step();
  return (row && *row) ? st->text(0) : std::string();
}

Result<StoreStatus> Store::status() {
  StoreStatus out;
  out.identity = identity_;
  auto by_type = db_->prepare(
      "SELECT type, count(*) FROM record WHERE deleted_hlc IS NULL GROUP BY type ORDER BY type");
  if (!by_type) return by_type.status();
  for (;;) {
    auto row = by_type->step();
    if (!row) return row.status();
    if (!*row) break;
    out.live_records_by_type.emplace_back(by_type->text(0), static_cast<size_t>(by_type->int64(1)));
  }
  auto peers = this->peers();
  if (!peers) return peers.status();
  out.peers = std::move(peers.value());
  std::sort(out.peers.begin(), out.peers.end(), [](const PeerState& x, const PeerState& y) {
    return std::tie(x.name, x.site) < std::tie(y.name, y.site);
  });
  uint64_t confirmed = 0;
  for (const PeerState& p : out.peers) confirmed = std::max(confirmed, p.pushed_seq);
  auto counts = db_->prepare(
      "SELECT (SELECT count(*) FROM record WHERE deleted_hlc IS NOT NULL), "
      "(SELECT count(*) FROM record WHERE edited_seq > ?1), "
      "(SELECT CAST(coalesce(sum(conflicts), 0) AS BIGINT) FROM record WHERE conflicts > 0 AND "
      "deleted_hlc IS "
      "NULL), "
      "(SELECT coalesce(max(seq), 0) FROM record)");
  if (!counts) return counts.status();
  counts->bind(1, confirmed);
  auto row = counts->step();
  if (!row) return row.status();
  out.deleted_records = static_cast<size_t>(counts->int64(0));
  out.unsent_local_changes = static_cast<size_t>(counts->int64(1));
  out.conflicts = static_cast<size_t>(counts->int64(2));
  out.last_seq = counts->uint64(3);
  auto refused = refusals(0);
  if (!refused) return refused.status();
  out.refusals = std::move(refused.value());
  return out;
}

}  // namespace triad::core
