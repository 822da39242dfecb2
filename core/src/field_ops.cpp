#include "triad/core/field_ops.h"

#include <algorithm>

#include "text/merging_text.h"
#include "triad/core/merge.h"

namespace triad::core {

void assign_value(FieldState& f, FieldKind kind, const std::string& value, Stamp stamp) {
  if (kind == FieldKind::kMergingText) {
    if (f.kind == FieldKind::kText) f = detail::convert_text_field(f);
    return detail::assign_merging_text(f, value, stamp);
  }
  FieldVersion v{value, stamp, {}};
  if (kind == FieldKind::kText) {
    for (const FieldVersion& old : f.versions)
      v.seen.insert(v.seen.end(), old.seen.begin(), old.seen.end());
    v.seen.emplace_back(stamp.site, stamp.hlc);
    normalise_seen(v.seen);
  }
  f.kind = kind;
  f.versions = {std::move(v)};
}

void add_element(FieldState& f, const std::string& element, Stamp stamp) {
  f.kind = FieldKind::kSet;
  bool have =
      false;  // the same element added twice in one edit is one add: a dot is (element, stamp)
  for (SetDot& d : f.dots) {
    if (d.element != element) continue;
    if (d.added == stamp)
      have = true, d.removed = false;
    else
      d.removed = true;
  }
  if (have) return;
  SetDot dot{element, stamp, false};
  auto at =
      std::lower_bound(f.dots.begin(), f.dots.end(), dot, [](const SetDot& x, const SetDot& y) {
        return std::tie(x.element, x.added) < std::tie(y.element, y.added);
      });
  f.dots.insert(at, std::move(dot));
}

bool remove_element(FieldState& f, const std::string& element) {
  bool present = false;
  for (SetDot& d : f.dots)
    if (d.element == element && !d.removed) d.removed = present = true;
  return present;
}

}  // namespace triad::core
