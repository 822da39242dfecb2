#include "triad/core/sharing.h"

#include <algorithm>

#include "triad/core/field_kind.h"
#include "triad/core/schema.h"

namespace triad::core {

std::vector<RecordId> participants(const RecordState& r) {
  std::vector<RecordId> people{r.header.author};
  const TypeSpec* type = find_type(r.header.type);
  if (!type) return people;
  for (const FieldSpec& f : type->fields) {
    if (f.type != ValueType::kPerson) continue;
    const FieldState* state = r.field(std::string(f.name));
    if (!state) continue;
    for (const std::string& v : show_field(*state).values)  // none for a newer kind
      if (auto id = RecordId::parse(v)) people.push_back(*id);
  }
  return people;
}

bool may_see(const Viewer& viewer, const RecordState& r, const RecordState* parent) {
  if (r.is_deleted()) return true;
  if (viewer.alliance_only) return r.scope == Scope::kAlliance;
  const auto named = [&](const RecordState& x) {
    const auto people = participants(x);
    return std::find(people.begin(), people.end(), viewer.person) != people.end();
  };
  switch (r.scope) {
    case Scope::kAlliance:
      return true;
    case Scope::kSchool:
      return r.header.school == viewer.school || named(r) || (parent && named(*parent));
    case Scope::kParticipants:
      return named(r) || (parent && named(*parent));
    case Scope::kPrivate:
      return r.header.author == viewer.person;
  }
  return false;
}

namespace {

std::string audience_key(char tag, const RecordId& id) { return tag + std::string(id.bytes()); }

}  // namespace

std::vector<std::string> audience(const RecordState& r, const RecordState* parent) {
  if (r.is_deleted() || r.scope == Scope::kAlliance) return {std::string(kEveryone)};
  if (r.scope == Scope::kPrivate) return {audience_key('p', r.header.author)};
  std::vector<std::string> keys;
  if (r.scope == Scope::kSchool) keys.push_back(audience_key('s', r.header.school));
  for (const RecordId& person : participants(r)) keys.push_back(audience_key('p', person));
  if (parent)
    for (const RecordId& person : participants(*parent)) keys.push_back(audience_key('p', person));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<std::string> audience_of(const Viewer& viewer) {
  const std::string everyone(kEveryone);
  if (viewer.alliance_only) return {everyone, everyone, everyone};
  return {everyone, audience_key('s', viewer.school), audience_key('p', viewer.person)};
}

}  // namespace triad::core

namespace triad::core {

namespace {

bool is_roster(const RecordState& r) {
  return r.header.type == "school" || r.header.type == "person";
}

bool named_in(const RecordId& person, const RecordState& r) {
  const auto people = participants(r);
  return std::find(people.begin(), people.end(), person) != people.end();
}

// Headers never change; a tombstone's header has its author and parent purged.
bool same_header(const RecordHeader& held, const RecordHeader& incoming, bool incoming_purged) {
  return held.id == incoming.id && held.type == incoming.type && held.school == incoming.school &&
         held.created == incoming.created &&
         (incoming_purged || (held.author == incoming.author && held.parent == incoming.parent));
}

// Known types: every field has the kind the schema gives it, and the parent is as declared.
Status check_shape(const RecordState& in, const RecordState* parent, const std::string& what) {
  const TypeSpec* type = find_type(in.header.type);
  if (!type)
    return in.header.parent.is_nil() || parent
               ? Status::ok()
               : failed_precondition(what + " names a parent the hub does not hold");
  for (const auto& [name, f] : in.fields) {
    const FieldSpec* spec = type->field(name);
    // A merging text field may still be the text field it was before it merged: written by a
    // replica of an older Triad, or not written since (merging_text.h).
    const bool carried =
        spec && spec->kind == FieldKind::kMergingText && f.kind == FieldKind::kText;
    if (spec && spec->kind != f.kind && !carried)
      return failed_precondition(what + ": field " + name + " has the wrong kind");
  }
  if (in.is_deleted()) return Status::ok();
  if (type->parent_field.empty() != in.header.parent.is_nil())
    return failed_precondition(what + (type->parent_field.empty()
                                           ? " has a parent its type does not have"
                                           : " has no parent"));
  if (!in.header.parent.is_nil() && !parent)
    return failed_precondition(what + " names a parent the hub does not hold");
  const FieldSpec* parent_spec =
      type->parent_field.empty() ? nullptr : type->field(type->parent_field);
  if (parent && parent_spec && parent->header.type != parent_spec->ref_type)
    return failed_precondition(what + " names a parent of the wrong type");
  return Status::ok();
}

// Roster records (schools, people) are created independently on many devices under name-derived
// ids. A device adds its own school and its own school's people; only the staff of the school
// it belongs to may change one; nobody deletes one from a device (that is the hub admin's), and
// its header is never taken over.
Status may_write_roster(const Viewer& w, const RecordState* existing, const RecordState& in,
                        const std::string& what) {
  if (!existing) {
    if (in.is_deleted())
      return failed_precondition(what + ": the roster is not deleted from a device");
    // A device adds only its own school and its own school's people: anyone else is added by the
    // hub's admin when they are enrolled, so no device can claim another school's teacher.
    const FieldState* school = in.field("school");
    const bool own = in.header.type == "school" ? in.header.id == w.school
                                                : school && school->value() == w.school.to_string();
    if (own) return Status::ok();
    return failed_precondition(
        in.header.type == "school"
            ? "a device adds only its own school to the roster; other schools are added by "
              "the hub's admin (triad-hub enroll)"
            : "a device adds people of its own school only; people of other schools are added "
              "by the hub's admin when they are enrolled (triad-hub enroll)");
  }
  if (in.is_deleted())
    return failed_precondition(what + ": the roster is not deleted from a device");
  // Whose it is comes from the record, not its header: a school is its own; a person is their
  // school's.
  const FieldState* school = existing->field("school");
  const bool own = existing->header.type == "school"
                       ? existing->header.id == w.school
                       : school && school->value() == w.school.to_string();
  if (own) return Status::ok();
  return failed_precondition("only the staff of its school may change " + what);
}

}  // namespace

Status may_write(const Viewer& w, const RecordState* existing, const RecordState& in,
                 const RecordState* parent) {
  const std::string what = in.header.type + " " + in.header.id.to_string();
  if (in.scope == Scope::kPrivate && !in.is_deleted())
    return failed_precondition(what + " is private: it stays on its author's devices");
  if (is_roster(in))
    return w.alliance_only ? Status::ok() : may_write_roster(w, existing, in, what);
  if (existing && !same_header(existing->header, in.header, in.is_deleted()))
    return failed_precondition(
        what + " arrived with a different owner, author or type than the hub holds");
  TRIAD_RETURN_IF_ERROR(check_shape(in, parent, what));
  if (w.alliance_only) {
    if (in.scope == Scope::kAlliance || (existing && existing->scope == Scope::kAlliance))
      return Status::ok();
    return failed_precondition(
        what + " is not shared with the whole alliance, so it does not pass between hubs");
  }
  if (!existing) {
    // A tombstone of a record created and deleted offline has its author purged; it carries no
    // content, so its owner school is enough. A new child must hang under a parent its writer sees.
    const bool own =
        in.header.school == w.school && (in.header.author == w.person || in.is_deleted());
    if (own && (!parent || may_see(w, *parent, nullptr))) return Status::ok();
    return failed_precondition(
        "a device may create records only as its own person at its own school; " + what +
        " names another author, school or parent");
  }
  // Only what the device may see can it change; then its participants and its owner school's staff.
  if (!may_see(w, *existing, parent))
    return failed_precondition("this device's person may not change " + what);
  if (existing->header.school == w.school || named_in(w.person, *existing) ||
      (parent && named_in(w.person, *parent)))
    return Status::ok();
  return failed_precondition("this device's person may not change " + what +
                             ": only its participants and its own school's staff may");
}

}  // namespace triad::core
