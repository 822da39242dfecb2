#include "report_reading.h"

namespace triad::report::detail {

core::Result<std::vector<core::RecordState>> alliance_records(core::Replica& store,
                                                              std::string_view type) {
  const core::Viewer alliance_only{{}, {}, true};
  auto records = store.list(type);
  if (!records) return records.status();
  std::map<core::RecordId, bool> parent_visible;
  std::vector<core::RecordState> out;
  for (core::RecordState& r : records.value()) {
    if (!core::may_see(alliance_only, r, nullptr)) continue;
    if (!r.header.parent.is_nil()) {
      auto [it, fresh] = parent_visible.try_emplace(r.header.parent, false);
      if (fresh) {
        auto parent = store.get(r.header.parent);
        if (!parent) return parent.status();
        it->second = parent->has_value() && !(*parent)->is_deleted() &&
                     core::may_see(alliance_only, **parent, nullptr);
      }
      if (!it->second) continue;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string value_of(const core::RecordState& r, const std::string& field) {
  const core::FieldState* f = r.field(field);
  return f && f->kind != core::FieldKind::kSet ? f->value() : std::string();
}

std::vector<std::string> elements_of(const core::RecordState& r, const std::string& field) {
  const core::FieldState* f = r.field(field);
  return f && f->kind == core::FieldKind::kSet ? f->elements() : std::vector<std::string>{};
}

const std::string& Names::of(const core::RecordId& id) {
  auto [it, fresh] = cache_.try_emplace(id);
  if (fresh) {
    it->second = store_.label(id);
    if (it->second.empty()) it->second = "unknown school";
  }
  return it->second;
}

const std::string& Names::of(const std::string& id_text) {
  return of(core::RecordId::parse(id_text).value_or(core::RecordId()));
}

}  // namespace triad::report::detail
