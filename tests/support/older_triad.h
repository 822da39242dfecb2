// What a replica of a Triad from before the merging text kind does to a long-text field: it holds
// the field as text (kind 2: the texts carried over, never the merging versions it cannot read)
// and writes a new text version. Tests use it to make what such a replica leaves: a text version
// concurrent with merging writes, kept as a visible conflict (core/src/text/merging_text.h).
#pragma once

#include <optional>
#include <string>

#include "triad/core/field_ops.h"
#include "triad/core/store.h"

namespace triad::testing {

// The peer the older write is merged in from (the write itself is stamped with the store's site).
inline constexpr core::SiteId kOlderTriadPeer = 0x01D7'21AD;

// Writes `value` to `field` of record `id` as the store's own device would if it ran an older
// Triad, then merges that state into `store`.
inline core::Status write_as_older_triad(core::Store& store, const core::RecordId& id,
                                         const std::string& field, const std::string& value) {
  const core::SiteId site = store.identity().site;
  auto got = store.get(id);
  if (!got) return got.status();
  if (!got->has_value()) return core::not_found("no record " + id.to_string());
  core::RecordState state = **got;
  core::FieldState older{core::FieldKind::kText, {}, {}};
  if (auto it = state.fields.find(field); it != state.fields.end())
    for (const core::FieldVersion& v : it->second.versions) {
      if (it->second.kind == core::FieldKind::kText)
        older.versions.push_back(v);
      else if (!v.value.empty() && v.value[0] == '\0')  // a text carried over
        older.versions.push_back({v.value.substr(1), v.stamp, v.seen});
    }
  core::assign_value(older, core::FieldKind::kText, value, {state.max_hlc() + 1, site});
  state.fields[field] = older;
  auto applied = store.apply({state}, kOlderTriadPeer, "an older Triad", std::nullopt);
  if (!applied) return applied.status();
  return core::Status::ok();
}

}  // namespace triad::testing
