#include "triad/core/merge.h"

#include <algorithm>

namespace triad::core {
namespace {

// Stamps name writes, so equal stamps hold equal versions; the tie-breaks on value and seen only
// keep a corrupt peer from making the result depend on arrival order (a total order, so the
// de-duplication below keeps the greatest copy: still a join). Found by apply_batch_fuzzer.
bool newer_first(const FieldVersion& x, const FieldVersion& y) { return newer_version_first(x, y); }

// Whether `by` was written by someone who had seen `v`.
bool has_seen(const FieldVersion& by, const FieldVersion& v) {
  auto it = std::lower_bound(by.seen.begin(), by.seen.end(), v.stamp.site,
                             [](const auto& e, SiteId s) { return e.first < s; });
  return it != by.seen.end() && it->first == v.stamp.site && it->second >= v.stamp.hlc;
}

FieldState merge_register(const FieldState& a, const FieldState& b) {
  if (a.versions.empty()) return b;
  if (b.versions.empty()) return a;
  return newer_first(b.versions.front(), a.versions.front()) ? b : a;
}

// Multi-value register: keep every version that no other version has seen. A stamp names one
// write, so equal stamps are the same version.
FieldState merge_text(const FieldState& a, const FieldState& b) {
  std::vector<FieldVersion> all = a.versions;
  all.insert(all.end(), b.versions.begin(), b.versions.end());
  std::sort(all.begin(), all.end(), newer_first);
  all.erase(std::unique(all.begin(), all.end(),
                        [](const auto& x, const auto& y) { return x.stamp == y.stamp; }),
            all.end());
  FieldState out{FieldKind::kText, {}, {}};
  for (const FieldVersion& v : all) {
    // Only a later write can have seen an earlier one, so the newest version always survives,
    // whatever a corrupt peer claims in its seen vectors.
    const bool superseded = std::any_of(all.begin(), all.end(), [&](const FieldVersion& w) {
      return w.stamp > v.stamp && has_seen(w, v);
    });
    if (!superseded) out.versions.push_back(v);
  }
  return out;
}

FieldState merge_set(const FieldState& a, const FieldState& b) {
  FieldState out{FieldKind::kSet, {}, {}};
  out.dots.reserve(a.dots.size() + b.dots.size());
  auto less = [](const SetDot& x, const SetDot& y) {
    return std::tie(x.element, x.added) < std::tie(y.element, y.added);
  };
  auto i = a.dots.begin(), j = b.dots.begin();
  while (i != a.dots.end() || j != b.dots.end()) {
    if (j == b.dots.end() || (i != a.dots.end() && less(*i, *j))) {
      out.dots.push_back(*i++);
    } else if (i == a.dots.end() || less(*j, *i)) {
      out.dots.push_back(*j++);
    } else {  // the same add seen by both: removed if either removed it
      out.dots.push_back(*i);
      out.dots.back().removed = i->removed || j->removed;
      ++i, ++j;
    }
  }
  return out;
}

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

FieldState merge_field(const FieldState& a, const FieldState& b) {
  if (a.kind != b.kind) {
    // Defensive: a field's kind never changes. Decide deterministically by the higher kind so
    // merging stays commutative even for a corrupt peer.
    return a.kind > b.kind ? a : b;
  }
  switch (a.kind) {
    case FieldKind::kRegister:
      return merge_register(a, b);
    case FieldKind::kText:
      return merge_text(a, b);
    case FieldKind::kSet:
      return merge_set(a, b);
  }
  return a;
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
