#include "triad/core/record.h"

#include <algorithm>

#include "text/merging_text.h"

namespace triad::core {

std::string FieldState::value() const {
  if (kind == FieldKind::kMergingText) return detail::current_text(*this);
  return versions.empty() ? std::string() : versions.front().value;
}

bool FieldState::has_conflict() const {
  if (kind == FieldKind::kText) return versions.size() > 1;
  if (kind != FieldKind::kMergingText) return false;
  // As readable_versions() would list them, without joining the sequences: one text for all the
  // sequence versions, then each text carried over.
  size_t sequences = 0, carried = 0;
  for (const FieldVersion& v : versions) {
    if (v.value.empty()) continue;
    if (v.value[0] == detail::kSequenceVersion) ++sequences;
    if (v.value[0] == detail::kCarriedText) ++carried;
  }
  return (sequences > 0 ? 1 : 0) + carried > 1;
}

std::vector<std::string> FieldState::elements() const {
  std::vector<std::string> out;
  for (const SetDot& d : dots)  // dots are sorted by element, so duplicates are adjacent
    if (!d.removed && (out.empty() || out.back() != d.element)) out.push_back(d.element);
  return out;
}

const FieldState* RecordState::field(const std::string& name) const {
  auto it = fields.find(name);
  return it == fields.end() ? nullptr : &it->second;
}

uint64_t RecordState::max_hlc() const {
  uint64_t m = header.created.hlc;
  if (deleted) m = std::max(m, deleted->hlc);
  for (const auto& [name, f] : fields) {
    for (const FieldVersion& v : f.versions) {
      m = std::max(m, v.stamp.hlc);
      for (const auto& [site, hlc] : v.seen) m = std::max(m, hlc);
    }
    for (const SetDot& d : f.dots) m = std::max(m, d.added.hlc);
  }
  return m;
}

}  // namespace triad::core
