#include "triad/core/export.h"

#include <set>

#include "json_text.h"
#include "triad/core/csv.h"
#include "triad/core/field_kind.h"

namespace triad::core {

using detail::append_json_string;

namespace {

void append_field_value(std::string& out, const FieldState& f) {
  const ShownField shown = show_field(f);
  if (!shown.known) return append_json_string(out, kUnknownKindText);
  if (!shown.is_list) return append_json_string(out, shown.values.front());
  out += '[';
  bool first = true;
  for (const std::string& e : shown.values) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, e);
  }
  out += ']';
}

void append_member(std::string& out, bool& first, std::string_view key) {
  if (!first) out += ',';
  first = false;
  append_json_string(out, key);
  out += ':';
}

bool is_reference(const FieldSpec& f) {
  return f.type == ValueType::kPerson || f.type == ValueType::kSchool ||
         f.type == ValueType::kRecord;
}

std::string display_value(Store& store, const FieldSpec& spec, const FieldState& f) {
  auto show = [&](const std::string& v) {
    if (!is_reference(spec)) return v;
    auto id = RecordId::parse(v);
    const std::string label = id ? store.label(*id) : std::string();
    return label.empty() ? v : label;
  };
  const ShownField shown = show_field(f);
  if (!shown.known) return std::string(kUnknownKindText);
  std::string out;
  for (const std::string& e : shown.values) out += (out.empty() ? "" : "; ") + show(e);
  return out;
}

}  // namespace

std::string record_to_json(const RecordState& r) {
  const TypeSpec* type = find_type(r.header.type);
  std::string out = "{";
  bool first = true;
  append_member(out, first, "id");
  append_json_string(out, r.header.id.to_string());
  append_member(out, first, "type");
  append_json_string(out, r.header.type);
  if (!r.header.parent.is_nil()) {
    append_member(out, first, "parent");
    append_json_string(out, r.header.parent.to_string());
  }
  append_member(out, first, "school");
  append_json_string(out, r.header.school.to_string());
  append_member(out, first, "author");
  append_json_string(out, r.header.author.to_string());
  append_member(out, first, "scope");
  append_json_string(out, to_string(r.scope));
  if (r.is_deleted()) {
    append_member(out, first, "deleted");
    out += "true";
  }
  std::string known = "{", unknown = "{", conflicts = "{";
  bool first_known = true, first_unknown = true, first_conflict = true;
  for (const auto& [name, f] : r.fields) {
    const bool is_known = type && type->field(name);
    std::string& target = is_known ? known : unknown;
    append_member(target, is_known ? first_known : first_unknown, name);
    append_field_value(target, f);
    if (f.has_conflict()) {
      append_member(conflicts, first_conflict, name);
      conflicts += '[';
      const std::vector<FieldVersion> versions = readable_versions(f);
      for (size_t i = 1; i < versions.size(); ++i) {
        if (i > 1) conflicts += ',';
        append_json_string(conflicts, versions[i].value);
      }
      conflicts += ']';
    }
  }
  append_member(out, first, "fields");
  out += known + "}";
  if (!first_conflict) {
    append_member(out, first, "conflicts");
    out += conflicts + "}";
  }
  if (!first_unknown) {
    append_member(out, first, "unknown_fields");
    out += unknown + "}";
  }
  return out + "}";
}

Result<std::string> export_json(Store& store, std::string_view type) {
  auto records = store.list(type);
  if (!records) return records.status();
  std::string out = "[";
  for (size_t i = 0; i < records->size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    out += record_to_json((*records)[i]);
  }
  return out + (records->empty() ? "]\n" : "\n]\n");
}

Result<std::string> export_csv(Store& store, std::string_view type) {
  std::vector<const FieldSpec*> columns;
  std::set<std::string_view> seen;
  for (const TypeSpec& t : record_types()) {
    if (!type.empty() && t.name != type) continue;
    for (const FieldSpec& f : t.fields)
      if (seen.insert(f.name).second) columns.push_back(&f);
  }
  if (!type.empty() && columns.empty())
    return invalid_argument("there is no record type '" + std::string(type) + "' to export");
  auto records = store.list(type);
  if (!records) return records.status();
  std::string out = "id,type,owner_school,author,scope";
  for (const FieldSpec* f : columns) out += "," + std::string(f->name);
  out += "\r\n";
  for (const RecordState& r : records.value()) {
    const TypeSpec* t = find_type(r.header.type);
    out += r.header.id.to_string() + "," + csv_cell(r.header.type) + "," +
           csv_cell(store.label(r.header.school)) + "," + csv_cell(store.label(r.header.author)) +
           "," + to_string(r.scope);
    for (const FieldSpec* column : columns) {
      out += ',';
      const FieldState* f = r.field(std::string(column->name));
      const FieldSpec* spec = t ? t->field(column->name) : nullptr;
      if (f && spec) out += csv_cell(display_value(store, *spec, *f));
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace triad::core
