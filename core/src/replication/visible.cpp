// Replica::visible_to: may_see with the record's parent as this replica holds it.
#include "triad/core/replica.h"

namespace triad::core {

Result<bool> Replica::visible_to(const Viewer& viewer, const RecordState& record) {
  if (record.header.parent.is_nil()) return may_see(viewer, record, nullptr);
  auto parent = get(record.header.parent);
  if (!parent) return parent.status();
  return may_see(viewer, record, parent->has_value() ? &**parent : nullptr);
}

}  // namespace triad::core
