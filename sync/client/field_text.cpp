#include "field_text.h"

#include "triad/core/field_kind.h"

namespace triad::client {

bool is_reference(const core::FieldSpec* spec) {
  return spec && (spec->type == core::ValueType::kPerson ||
                  spec->type == core::ValueType::kSchool || spec->type == core::ValueType::kRecord);
}

std::string display_value(core::Store& store, const core::FieldSpec* spec,
                          const std::string& value) {
  if (!is_reference(spec)) return value;
  auto id = core::RecordId::parse(value);
  const std::string label = id ? store.label(*id) : std::string();
  return label.empty() ? value : label;
}

std::string display_field(core::Store& store, const core::FieldSpec* spec,
                          const core::FieldState& field) {
  const core::ShownField shown = core::show_field(field);
  if (!shown.known) return std::string(core::kUnknownKindText);
  std::string out;
  for (const std::string& e : shown.values)
    out += (out.empty() ? "" : ", ") + display_value(store, spec, e);
  return out;
}

}  // namespace triad::client
