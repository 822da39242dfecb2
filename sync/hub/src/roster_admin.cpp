#include "triad/hub/roster_admin.h"

#include <algorithm>
#include <cctype>

#include "triad/core/schema.h"

namespace triad::sync {

namespace {

// ASCII letters folded, runs of spaces as one, ends trimmed: how a typo check compares names.
std::string folded(const std::string& name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(u));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Levenshtein distance, with a transposition counted as one edit ("Shcool"), capped at `limit`+1.
size_t edit_distance(const std::string& a, const std::string& b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

core::Status need_live(Hub& hub, const core::RecordId& id, const std::string& type) {
  auto held = hub.store().get(id);
  if (!held) return held.status();
  if (!held->has_value() || (*held)->is_deleted() || (*held)->header.type != type)
    return core::not_found("there is no " + type + " " + id.to_string() + " at this hub");
  return core::Status::ok();
}

// The edits that make `record`'s person fields name `keep` where they named `duplicate`.
core::FieldEdits repointed(const core::RecordState& record, const std::string& keep,
                           const std::string& duplicate) {
  core::FieldEdits edits;
  const core::TypeSpec* type = core::find_type(record.header.type);
  if (!type) return edits;  // a type this version does not know: its fields are not ours to edit
  for (const core::FieldSpec& spec : type->fields) {
    if (spec.type != core::ValueType::kPerson) continue;
    const core::FieldState* f = record.field(std::string(spec.name));
    if (!f) continue;
    if (spec.kind == core::FieldKind::kSet) {
      const auto elements = f->elements();
      if (std::find(elements.begin(), elements.end(), duplicate) == elements.end()) continue;
      edits.push_back({std::string(spec.name), core::FieldEdit::Op::kRemove, duplicate});
      edits.push_back({std::string(spec.name), core::FieldEdit::Op::kAdd, keep});
    } else if (f->value() == duplicate) {
      edits.push_back({std::string(spec.name), core::FieldEdit::Op::kAssign, keep});
    }
  }
  return edits;
}

}  // namespace

core::Status rename_school(Hub& hub, const core::RecordId& school, const std::string& new_name) {
  const std::string name = folded(new_name).empty() ? std::string() : new_name;
  if (name.empty()) return core::invalid_argument("a school needs a name");
  TRIAD_RETURN_IF_ERROR(need_live(hub, school, "school"));
  auto same = hub.store().find_named("school", name);
  if (!same) return same.status();
  if (*same && **same != school) {
    const std::string other = hub.store().label(**same);
    return core::failed_precondition(
        folded(other) == folded(name)
            ? "another school is called '" + other + "': two schools never share a name"
            : "'" + name + "' was the first name of another school, now called '" + other +
                  "', and still finds it: choose another name");
  }
  return hub.store().in_one_transaction([&]() -> core::Status {
    TRIAD_RETURN_IF_ERROR(
        hub.store().update_record(school, {{"name", core::FieldEdit::Op::kAssign, name}}));
    return hub.devices().rename_school(school, name);
  });
}

core::Result<PeopleMerge> merge_people(Hub& hub, const core::RecordId& keep,
                                       const core::RecordId& duplicate) {
  if (keep == duplicate) return core::invalid_argument("choose two different people to merge");
  TRIAD_RETURN_IF_ERROR(need_live(hub, keep, "person"));
  TRIAD_RETURN_IF_ERROR(need_live(hub, duplicate, "person"));
  auto devices = hub.devices().devices();
  if (!devices) return devices.status();
  for (const core::Device& d : *devices)
    if (d.person == duplicate && d.revoked_ms == 0)
      return core::failed_precondition(
          hub.store().label(duplicate) + " records on a device of their own (token id " +
          d.token_id +
          "), whose store writes as them: only a person typed by others, who "
          "records nothing, is merged");
  auto all = hub.store().list("");
  if (!all) return all.status();
  // A record's author is in its header, which no edit changes, and its participants include the
  // author: what the duplicate wrote would stay the duplicate's, seen by nobody once merged.
  const size_t written = std::count_if(all->begin(), all->end(), [&](const auto& r) {
    return r.header.author == duplicate && r.header.id != duplicate;
  });
  if (written > 0)
    return core::failed_precondition(
        hub.store().label(duplicate) + " wrote " + std::to_string(written) +
        (written == 1 ? " record" : " records") +
        " on a device of their own; merged, those would be seen by nobody: keep both");
  PeopleMerge merged;
  const core::Status done = hub.store().in_one_transaction([&]() -> core::Status {
    // The kept person also takes the duplicate's roles and devices (which name past writers).
    auto gone = hub.store().get(duplicate);
    if (!gone) return gone.status();
    core::FieldEdits taken;
    for (const char* field : {"roles", "devices"})
      if (const core::FieldState* f = gone->has_value() ? (*gone)->field(field) : nullptr)
        for (const std::string& e : f->elements())
          taken.push_back({field, core::FieldEdit::Op::kAdd, e});
    if (!taken.empty()) TRIAD_RETURN_IF_ERROR(hub.store().update_record(keep, taken));
    for (const core::RecordState& r : *all) {
      if (r.header.id == duplicate) continue;
      const core::FieldEdits edits = repointed(r, keep.to_string(), duplicate.to_string());
      if (edits.empty()) continue;
      TRIAD_RETURN_IF_ERROR(hub.store().update_record(r.header.id, edits));
      ++merged.records_changed;
    }
    return hub.store().delete_record(duplicate);
  });
  if (!done) return done;
  return merged;
}

core::Result<std::vector<std::string>> similar_school_names(Hub& hub, const std::string& name) {
  std::vector<std::string> out;
  const std::string wanted = folded(name);
  if (wanted.empty()) return out;
  auto schools = hub.store().list("school");
  if (!schools) return schools.status();
  const size_t limit = wanted.size() < 6 ? 1 : wanted.size() < 12 ? 2 : 3;
  for (const core::RecordState& s : *schools) {
    const core::FieldState* n = s.field("name");
    if (!n) continue;
    const std::string known = folded(n->value());
    if (known == wanted) return std::vector<std::string>();  // that school exists
    const bool starts = known.size() >= 4 && wanted.size() >= 4 &&
                        (known.rfind(wanted, 0) == 0 || wanted.rfind(known, 0) == 0);
    if (starts || edit_distance(known, wanted, limit) <= limit) out.push_back(n->value());
  }
  return out;
}

core::Result<std::string> erase_record(Hub& hub, const core::RecordId& record) {
  auto held = hub.store().get(record);
  if (!held) return held.status();
  if (!held->has_value() || (*held)->is_deleted())
    return core::not_found("there is no record " + record.to_string() +
                           " at this hub, or it was deleted already");
  const std::string& type = (*held)->header.type;
  if (type == "school" || type == "person")
    return core::failed_precondition("a " + type +
                                     " is renamed or merged on the roster, not erased here");
  const core::TypeSpec* spec = core::find_type(type);
  const std::string what =
      (spec ? std::string(spec->title) : type) + " '" + hub.store().label(record) + "'";
  TRIAD_RETURN_IF_ERROR(hub.store().delete_record(record));
  return what;
}

}  // namespace triad::sync
