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
