#include "paper_fields.h"

#include <algorithm>
#include <ctime>

#include "triad/core/field_kind.h"
#include "triad/core/sharing.h"

namespace triad::paper::detail {

namespace {

using core::FieldSpec;
using core::ValueType;

bool is_reference(const FieldSpec* spec) {
  return spec && (spec->type == ValueType::kPerson || spec->type == ValueType::kSchool ||
                  spec->type == ValueType::kRecord);
}

// The same words as the CLI and the app (client::display_value), kept here so that this library
// needs core alone.
std::string shown_element(core::LocalRecords& store, const FieldSpec* spec,
                          const std::string& value) {
  if (is_reference(spec)) {
    const auto id = core::RecordId::parse(value);
    const std::string label = id ? store.label(*id) : std::string();
    return label.empty() ? value : label;
  }
  // Choices are written with hyphens to be typed ("learning-walk"); on paper they read as words.
  if (spec && spec->type == ValueType::kChoice) {
    std::string words = value;
    std::replace(words.begin(), words.end(), '-', ' ');
    return words;
  }
  return value;
}

// "Ana Diaz", "Ana Diaz and Ben Lee", "Ana Diaz, Ben Lee and Zoë Evans".
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string writer_of(const core::Stamp& stamp, const PrintContext& context) {
  const auto it = context.device_writers.find(stamp.site);
  const std::string who = it != context.device_writers.end()
                              ? it->second
                              : "the device " + core::site_text(stamp.site).substr(0, 8);
  return who + ", " + local_time(core::hlc_millis(stamp.hlc));
}

// Every version of a text in conflict, the one Triad shows first, each marked in the margin.
void add_conflict(const std::string& label, const core::FieldState& field,
                  const PrintContext& context, std::vector<Block>& blocks) {
  const std::vector<core::FieldVersion> versions = core::readable_versions(field);
  blocks.push_back({Block::Kind::kTextHeading, label, {}});
  blocks.push_back(
      {Block::Kind::kConflictNote,
       "Conflict: " + std::to_string(versions.size()) +
           " versions of this text were written at the same time on different devices, and "
           "nobody has chosen between them yet, so each is printed in full. Triad shows version "
           "1 until someone resolves the conflict.",
       {}});
  for (size_t i = 0; i < versions.size(); ++i) {
    const std::string which =
        i == 0 ? " (shown in Triad now)" : " (written at the same time, not shown)";
    blocks.push_back(
        {Block::Kind::kVersionHeading,
         "Version " + std::to_string(i + 1) + which + ": " + writer_of(versions[i].stamp, context),
         {}});
    blocks.push_back({Block::Kind::kVersionText,
                      versions[i].value.empty() ? "(cleared)" : versions[i].value,
                      {}});
  }
}

bool listed(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string local_time(uint64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string field_label(const FieldSpec& spec) {
  // Names that read badly as they are typed.
  if (spec.name == "pupil_responses") return "Targeted pupils' responses";
  if (spec.name == "senior_link") return "Senior leadership link";
  if (spec.name == "lesson_date") return "Lesson date";
  if (spec.name == "review") return "Post-lesson review";
  std::string label(spec.name);
  std::replace(label.begin(), label.end(), '_', ' ');
  if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') label[0] = char(label[0] - 'a' + 'A');
  return label;
}

std::string shown_value(core::LocalRecords& store, const FieldSpec* spec,
                        const core::FieldState& field) {
  const core::ShownField shown = core::show_field(field);
  if (!shown.known) return std::string(core::kUnknownKindText);
  std::vector<std::string> elements;
  for (const std::string& e : shown.values) elements.push_back(shown_element(store, spec, e));
  // A set's elements are kept in the order of their ids; on paper, people read in name order.
  if (shown.is_list) std::sort(elements.begin(), elements.end());
  std::string out;
  for (const std::string& e : elements) out += (out.empty() ? "" : ", ") + e;
  return out;
}

void add_fields(core::LocalRecords& store, const core::RecordState& record,
                const std::vector<std::string_view>& first,
                const std::vector<std::string_view>& skip, const PrintContext& context,
                std::vector<Block>& blocks) {
  const core::TypeSpec* type = core::find_type(record.header.type);
  if (!type) return;  // defensive: only known types have a paper form
  std::vector<const FieldSpec*> short_fields, long_fields;
  for (std::string_view name : first)
    if (const FieldSpec* spec = type->field(name)) short_fields.push_back(spec);
  for (const FieldSpec& spec : type->fields) {
    if (listed(first, spec.name)) continue;
    (spec.type == ValueType::kLongText ? long_fields : short_fields).push_back(&spec);
  }
  for (const FieldSpec* spec : short_fields) {
    const core::FieldState* field = record.field(std::string(spec->name));
    if (!field || listed(skip, spec->name)) continue;
    if (field->has_conflict()) {
      long_fields.insert(long_fields.begin(), spec);
      continue;
    }
    const std::string value = shown_value(store, spec, *field);
    if (!value.empty()) blocks.push_back({Block::Kind::kField, value, field_label(*spec)});
  }
  // A field of a kind from a newer version of Triad: named, never dropped silently.
  for (const auto& [name, field] : record.fields)
    if (!core::is_known_kind(field.kind))
      blocks.push_back({Block::Kind::kField, std::string(core::kUnknownKindText), name});
  for (const FieldSpec* spec : long_fields) {
    const core::FieldState* field = record.field(std::string(spec->name));
    if (!field || listed(skip, spec->name)) continue;
    if (field->has_conflict()) {
      add_conflict(field_label(*spec), *field, context, blocks);
      continue;
    }
    const std::string value = shown_value(store, spec, *field);
    if (value.empty()) continue;
    blocks.push_back({Block::Kind::kTextHeading, field_label(*spec), {}});
    blocks.push_back({Block::Kind::kText, value, {}});
  }
}

std::string audience_text(core::LocalRecords& store, const core::RecordState& record) {
  // The author first, then the others by name; each once (an author may also be an observer).
  std::vector<core::RecordId> people = core::participants(record);
  std::sort(people.begin() + 1, people.end());
  people.erase(std::unique(people.begin() + 1, people.end()), people.end());
  std::vector<std::string> names;
  for (const core::RecordId& person : people) {
    if (!names.empty() && person == record.header.author) continue;
    const std::string name = store.label(person);
    names.push_back(name.empty() ? person.to_string() : name);
  }
  std::sort(names.begin() + 1, names.end());
  switch (record.scope) {
    case core::Scope::kPrivate:
      return "Only its author, " + store.label(record.header.author) +
             ": it stays on the author's own devices.";
    case core::Scope::kParticipants:
      return "The people it names: " + joined(names) + ".";
    case core::Scope::kSchool:
      return "Everyone at " + store.label(record.header.school) +
             ", and the people it names: " + joined(names) + ".";
    case core::Scope::kAlliance:
      return "Everyone in the alliance.";
  }
  return {};
}

}  // namespace triad::paper::detail
