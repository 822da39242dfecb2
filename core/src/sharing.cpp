#include "triad/core/sharing.h"

#include <algorithm>

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
    const auto values = state->kind == FieldKind::kSet ? state->elements()
                                                       : std::vector<std::string>{state->value()};
    for (const std::string& v : values)
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

}  // namespace triad::core

namespace triad::core {

namespace {

bool is_roster(const RecordState& r) { return r.header.type == "school" || r.header.type == "person"; }

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

}  // namespace

Status may_write(const Viewer& w, const RecordState* existing, const RecordState& in,
                 const RecordState* parent) {
  const std::string what = in.header.type + " " + in.header.id.to_string();
  if (w.alliance_only) {
    if (in.scope == Scope::kAlliance || (existing && existing->scope == Scope::kAlliance)) return Status::ok();
    return failed_precondition(what + " is not shared with the whole alliance, so it does not pass between hubs");
  }
  if (in.scope == Scope::kPrivate && !in.is_deleted())
    return failed_precondition(what + " is private: it stays on its author's devices");
  // The roster (schools, people) is created independently on many devices under name-derived
  // ids; their headers differ and merge deterministically.
  if (is_roster(in)) return Status::ok();
  if (existing && !same_header(existing->header, in.header, in.is_deleted()))
    return failed_precondition(what + " arrived with a different owner, author or type than the hub holds");
  if (!existing) {
    // A tombstone of a record created and deleted offline has its author purged; it carries no
    // content, so its owner school is enough.
    if (in.header.school == w.school && (in.header.author == w.person || in.is_deleted())) return Status::ok();
    return failed_precondition("a device may create records only as its own person at its own school; " + what +
                               " names another author or school");
  }
  const bool private_of_other = existing->scope == Scope::kPrivate && existing->header.author != w.person;
  if (!private_of_other && (existing->header.school == w.school || named_in(w.person, *existing) ||
                            (parent && named_in(w.person, *parent))))
    return Status::ok();
  return failed_precondition("this device's person may not change " + what +
                             ": only its participants and its own school's staff may");
}

}  // namespace triad::core
