#include "triad/core/merge.h"

#include <algorithm>

#include "field_kind_table.h"
#include "text/merging_text.h"

namespace triad::core {
namespace {

RecordHeader merge_header(const RecordHeader& a, const RecordHeader& b) {
  // Identical in practice; when two devices create the same name-derived record (a school, a
  // person) the earlier creation wins, ties broken by the whole stamp.
  if (a.created != b.created) return a.created < b.created ? a : b;
  return std::pair(a.school, a.author) <= std::pair(b.school, b.author) ? a : b;
}

}  // namespace

bool newer_version_first(const FieldVersion& x, const FieldVersion& y) {
  return std::tie(x.stamp, x.value, x.seen) > std::tie(y.stamp, y.value, y.seen);
}

void normalise_seen(SeenVector& seen) {
  std::sort(seen.begin(), seen.end());
  SeenVector merged;
  for (const auto& e : seen) {
    if (!merged.empty() && merged.back().first == e.first)
      merged.back().second = e.second;
    else
      merged.push_back(e);
  }
  seen = std::move(merged);
}

bool has_seen(const SeenVector& seen, const Stamp& write) {
  auto it = std::lower_bound(seen.begin(), seen.end(), write.site,
                             [](const auto& e, SiteId s) { return e.first < s; });
  return it != seen.end() && it->first == write.site && it->second >= write.hlc;
}

FieldState merge_field(const FieldState& a, const FieldState& b) {
  // A text field written before it merged, met by its merging form: the text becomes versions
  // carried over (a pure conversion, so where it happens does not matter), then the text rule.
  if (a.kind == FieldKind::kText && b.kind == FieldKind::kMergingText)
    return merge_field(detail::convert_text_field(a), b);
  if (a.kind == FieldKind::kMergingText && b.kind == FieldKind::kText)
    return merge_field(a, detail::convert_text_field(b));
  if (a.kind != b.kind) {
    // Defensive: a field's kind never changes. Decide deterministically by the higher kind so
    // merging stays commutative even for a corrupt peer.
    return a.kind > b.kind ? a : b;
  }
  return detail::rules_for(a.kind).merge(a, b);
}

Result<RecordState> merge_record(const RecordState& a, const RecordState& b) {
  if (a.header.id != b.header.id)
    return invalid_argument("cannot merge two different records (" + a.header.id.to_string() +
                            ", " + b.header.id.to_string() + ")");
  if (a.header.type != b.header.type)
    return invalid_argument("record " + a.header.id.to_string() + " is a " + a.header.type +
                            " here but a " + b.header.type +
                            " in the change; the change is refused");
  RecordState out;
  out.header = merge_header(a.header, b.header);
  out.scope = std::max(a.scope, b.scope);
  if (a.deleted || b.deleted) {
    out.deleted = std::max(a.deleted.value_or(Stamp{}), b.deleted.value_or(Stamp{}));
    purge(out);
    return out;
  }
  out.fields = a.fields;
  for (const auto& [name, field] : b.fields) {
    auto [it, inserted] = out.fields.try_emplace(name, field);
    if (!inserted) it->second = merge_field(it->second, field);
  }
  return out;
}

void purge(RecordState& state) {
  state.fields.clear();
  state.header.author = RecordId();
  state.header.parent = RecordId();
}

}  // namespace triad::core
