// Store: local edits (create, update, delete, resolve), each validated and one transaction.
#include <algorithm>
#include <map>

#include "field_kind_table.h"
#include "store_rows.h"
#include "text/merging_text.h"
#include "triad/core/field_ops.h"
#include "triad/core/merge.h"
#include "triad/core/record_limits.h"
#include "triad/core/sharing.h"
#include "triad/core/store.h"
#include "validation.h"

namespace triad::core {

using detail::WriteContext;

namespace {

struct PlannedEdit {
  const FieldSpec* spec;
  FieldEdit::Op op;
  std::string value;  // normalised
};

struct EditPlan {
  std::vector<PlannedEdit> edits;
  std::optional<Scope> scope;
};

// "a school", "an observation".
std::string a_type(const TypeSpec& type) {
  const char c = type.name.empty() ? 'x' : type.name.front();
  return std::string(std::string_view("aeiou").find(c) == std::string_view::npos ? "a " : "an ") +
         std::string(type.name);
}

// A value of only spaces, tabs and line breaks is no value for a required field.
bool is_blank(std::string_view value) {
  return value.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

std::string field_list(const TypeSpec& type) {
  std::string out;
  for (const FieldSpec& f : type.fields) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out + ", scope";
}

std::string type_list() {
  std::string out;
  for (const TypeSpec& t : record_types()) out += (out.empty() ? "" : ", ") + std::string(t.name);
  return out;
}

Result<EditPlan> plan_edits(const TypeSpec& type, const FieldEdits& edits,
                            const detail::ReferenceResolver& resolve) {
  EditPlan plan;
  for (const FieldEdit& e : edits) {
    if (e.field == "scope") {
      if (e.op != FieldEdit::Op::kAssign)
        return invalid_argument("scope takes one value: scope=alliance");
      auto scope = parse_scope(e.value);
      if (!scope) return scope.status();
      plan.scope = *scope;
      continue;
    }
    const FieldSpec* spec = type.field(e.field);
    if (!spec)
      return invalid_argument(a_type(type) + " has no field '" + e.field +
                              "'; its fields are: " + field_list(type));
    TRIAD_RETURN_IF_ERROR(
        detail::rules_for(spec->kind).check_edit(spec->kind, type.name, e.field, e.op, e.value));
    auto value = detail::normalise_value(type, *spec, e.value, resolve);
    if (!value) return value.status();
    plan.edits.push_back({spec, e.op, std::move(value.value())});
  }
  return plan;
}

Status check_required(const TypeSpec& type, const EditPlan& plan) {
  for (const FieldSpec& f : type.fields) {
    if (!f.required) continue;
    const bool given = std::any_of(plan.edits.begin(), plan.edits.end(), [&](const PlannedEdit& e) {
      return e.spec == &f && !is_blank(e.value) && e.op != FieldEdit::Op::kRemove;
    });
    if (!given)
      return invalid_argument(a_type(type) + " needs " + std::string(f.name) + " (" +
                              std::string(f.help) + "): add " + std::string(f.name) +
                              (f.kind == FieldKind::kSet ? "+=VALUE" : "=VALUE"));
  }
  return Status::ok();
}

Status apply_set_assign(FieldState& f, const std::vector<std::string>& wanted, Stamp stamp) {
  for (const std::string& e : f.elements())
    if (std::find(wanted.begin(), wanted.end(), e) == wanted.end()) remove_element(f, e);
  const auto live = f.elements();
  for (const std::string& e : wanted)
    if (!e.empty() && std::find(live.begin(), live.end(), e) == live.end())
      add_element(f, e, stamp);
  return Status::ok();
}

// Applies a validated plan to `state` at `stamp`. Writing the value a field already holds (with
// no conflict) changes nothing.
Status apply_plan(const TypeSpec& type, RecordState& state, const EditPlan& plan, Stamp stamp,
                  SiteId typing_site, std::map<std::string, uint64_t>& typed) {
  std::map<std::string, std::vector<std::string>> set_assigns;
  for (const PlannedEdit& e : plan.edits) {
    const std::string name(e.spec->name);
    FieldState& f = state.fields[name];
    // A text field written before its kind merged becomes a merging one at its first write here.
    if (f.kind == FieldKind::kText && e.spec->kind == FieldKind::kMergingText)
      f = detail::convert_text_field(f);
    f.kind = e.spec->kind;
    if (e.spec->kind == FieldKind::kSet) {
      if (e.op == FieldEdit::Op::kAssign)
        set_assigns[name].push_back(e.value);
      else if (e.op == FieldEdit::Op::kAdd)
        add_element(f, e.value, stamp);
      else if (!remove_element(f, e.value))
        return invalid_argument("'" + e.value + "' is not in " + std::string(type.name) + "." +
                                name);
    } else if (e.spec->kind == FieldKind::kMergingText) {
      detail::save_merging_text(f, e.value, stamp, typing_site, &typed[name]);
    } else if (f.versions.empty() || f.value() != e.value || f.has_conflict()) {
      assign_value(f, e.spec->kind, e.value, stamp);
    }
  }
  for (const auto& [name, wanted] : set_assigns)
    TRIAD_RETURN_IF_ERROR(apply_set_assign(state.fields[name], wanted, stamp));
  for (auto it = state.fields.begin(); it != state.fields.end();) {  // drop never-written fields
    const FieldState& f = it->second;
    it = (f.versions.empty() && f.dots.empty()) ? state.fields.erase(it) : std::next(it);
  }
  return Status::ok();
}

Status widen_children(WriteContext& ctx, const RecordId& parent, Scope scope) {
  auto children = detail::load_children(ctx.db, parent);
  if (!children) return children.status();
  for (RecordState& child : children.value()) {
    if (child.scope >= scope) continue;
    child.scope = scope;
    TRIAD_RETURN_IF_ERROR(ctx.save(child, true));
    TRIAD_RETURN_IF_ERROR(widen_children(ctx, child.header.id, scope));
  }
  return Status::ok();
}

// After an edit, every required field still holds a value (a set at least one element).
Status check_still_required(const TypeSpec& type, const RecordState& s) {
  for (const FieldSpec& f : type.fields) {
    if (!f.required) continue;
    const FieldState* state = s.field(std::string(f.name));
    const bool empty = !state || (f.kind == FieldKind::kSet ? state->elements().empty()
                                                            : is_blank(state->value()));
    if (empty)
      return invalid_argument(std::string(type.name) + "." + std::string(f.name) +
                              " is required and cannot be left empty");
  }
  return Status::ok();
}

const std::string* planned_value(const EditPlan& plan, std::string_view field) {
  for (const PlannedEdit& e : plan.edits)
    if (e.spec->name == field) return &e.value;
  return nullptr;
}

// A school or person whose name differs from an existing one only in capitals the id derivation
// does not fold (ZOË, Zoë) is the same school or person: refused, as an exact duplicate is.
Status refuse_same_name(Store& store, const TypeSpec& type, const EditPlan& plan,
                        const RecordId& derived) {
  const std::string& name = *planned_value(plan, "name");
  const RecordId school = type.name == "person"
                              ? RecordId::parse(*planned_value(plan, "school")).value_or(RecordId())
                              : RecordId();
  auto same = store.find_named(type.name, name, school);
  if (!same) return same.status();
  if (!*same || **same == derived) return Status::ok();  // a record at `derived` is refused later
  return failed_precondition(a_type(type) + " named '" + name + "' already exists as '" +
                             store.label(**same) + "' (" + (*same)->to_string() +
                             "); names are the same whatever their capitals");
}

}  // namespace

Result<RecordId> Store::create_record(std::string_view type_name, const FieldEdits& edits,
                                      std::optional<Scope> scope) {
  return create_record_at(type_name, edits, scope, std::nullopt);
}

Result<RecordId> Store::create_record_at(std::string_view type_name, const FieldEdits& edits,
                                         std::optional<Scope> scope, std::optional<RecordId> at) {
  const TypeSpec* type = find_type(type_name);
  if (!type)
    return invalid_argument("there is no record type '" + std::string(type_name) +
                            "'; the types are: " + type_list());
  auto plan = plan_edits(*type, edits, [this](auto t, auto text) { return resolve(t, text); });
  if (!plan) return plan.status();
  TRIAD_RETURN_IF_ERROR(check_required(*type, *plan));
  if (plan->scope) scope = plan->scope;

  std::optional<RecordId> derived;  // schools and people are named, not numbered
  if (type->name == "school") derived = RecordId::derive("school", *planned_value(*plan, "name"));
  if (type->name == "person")
    derived = RecordId::derive(
        "person", *planned_value(*plan, "school") + ":" + *planned_value(*plan, "name"));
  if (derived && at) derived = at;  // this store's own school or person, as the roster has it
  if (derived) TRIAD_RETURN_IF_ERROR(refuse_same_name(*this, *type, *plan, *derived));
  RecordId parent;
  if (!type->parent_field.empty())
    parent = RecordId::parse(*planned_value(*plan, type->parent_field)).value_or(RecordId());

  RecordId id;
  TRIAD_RETURN_IF_ERROR(write([&](WriteContext& ctx) -> Status {
    if (derived) {
      auto existing = detail::load_record(ctx.db, *derived);
      if (!existing) return existing.status();
      if (existing->has_value())
        return failed_precondition(
            a_type(*type) + " named '" + *planned_value(*plan, "name") + "' " +
            ((*existing)->is_deleted() ? "was deleted and cannot be added again under that name"
                                       : "already exists (" + derived->to_string() + ")"));
    }
    Scope effective = scope.value_or(type->default_scope);
    if (!parent.is_nil()) {
      auto p = detail::load_record(ctx.db, parent);
      if (!p) return p.status();
      if (!p->has_value() || (*p)->is_deleted())
        return not_found("the " + std::string(type->parent_field) + " this " +
                         std::string(type->name) + " belongs to no longer exists");
      effective = scope ? std::max(*scope, (*p)->scope) : (*p)->scope;  // children follow parents
    }
    const Stamp stamp = ctx.clock.tick();
    RecordState s;
    const uint64_t ms = hlc_millis(stamp.hlc);
    id = derived           ? *derived
         : options_.random ? RecordId::generate(ms, options_.random(), options_.random())
                           : RecordId::generate(ms);
    s.header = RecordHeader{
        id, std::string(type->name), parent, identity_.school, identity_.person, stamp};
    s.scope = effective;
    TRIAD_RETURN_IF_ERROR(apply_plan(
        *type, s, *plan, stamp, detail::typing_site_of(stamp.site, typing_session_), typed_[id]));
    if (typed_[id].empty()) typed_.erase(id);               // only records with merging text typed
    TRIAD_RETURN_IF_ERROR(check_still_required(*type, s));  // "title=x title=" ends blank
    TRIAD_RETURN_IF_ERROR(check_record_limits(s));
    TRIAD_RETURN_IF_ERROR(check_local_write(ctx, nullptr, s));
    return ctx.save(s, true);
  }));
  return id;
}

Status Store::check_local_write(WriteContext& ctx, const RecordState* before,
                                const RecordState& after) {
  if (!options_.check_write_rules) return Status::ok();
  // A private record is only ever its author's (may_see): it never leaves this person's devices.
  if (after.scope == Scope::kPrivate && !after.is_deleted()) return Status::ok();
  const RecordId parent_id = !after.header.parent.is_nil() ? after.header.parent
                             : before                      ? before->header.parent
                                                           : RecordId();
  std::optional<RecordState> parent;
  if (!parent_id.is_nil()) {
    auto p = detail::load_record(ctx.db, parent_id);
    if (!p) return p.status();
    parent = std::move(p.value());
  }
  const Viewer me{identity_.school, identity_.person};
  Status s = may_write(me, before, after, parent ? &*parent : nullptr);
  if (s.is_ok()) return s;
  return failed_precondition(s.message() + ". Not saved: the hub would refuse this change");
}

Status Store::update_record(const RecordId& id, const FieldEdits& edits) {
  auto current = get(id);
  if (!current) return current.status();
  if (!current->has_value())
    return not_found("there is no record " + id.to_string() + " in this store");
  const RecordState& before = **current;
  if (before.is_deleted())
    return failed_precondition("record " + id.to_string() + " was deleted; it cannot be edited");
  const TypeSpec* type = find_type(before.header.type);
  if (!type)
    return failed_precondition(
        "record " + id.to_string() + " is a '" + before.header.type +
        "', a type this version of Triad does not know: update Triad to edit it");
  for (const FieldEdit& e : edits)  // a field as this store holds it: maybe of a newer kind
    if (const FieldState* held = before.field(e.field); held && !is_known_kind(held->kind))
      return detail::rules_for(held->kind)
          .check_edit(held->kind, type->name, e.field, e.op, e.value);
  auto plan = plan_edits(*type, edits, [this](auto t, auto text) { return resolve(t, text); });
  if (!plan) return plan.status();
  for (const PlannedEdit& e : plan->edits) {
    if (e.spec->name == type->parent_field)
      return invalid_argument(a_type(*type) + " cannot move to another " +
                              std::string(e.spec->name) + "; delete it and add it again there");
    if (e.spec->required && e.op == FieldEdit::Op::kAssign && is_blank(e.value))
      return invalid_argument(std::string(type->name) + "." + std::string(e.spec->name) +
                              " is required and cannot be cleared");
  }
  if (plan->scope && *plan->scope < before.scope)
    return failed_precondition(
        "this " + std::string(type->name) + " is shared with scope '" + to_string(before.scope) +
        "'; a scope can be widened but never narrowed, because copies may already be on other "
        "devices and Triad cannot take them back. To make it " +
        to_string(*plan->scope) +
        ", delete it and add it again with scope=" + to_string(*plan->scope));

  return write([&](WriteContext& ctx) -> Status {
    auto loaded = detail::load_record(ctx.db, id);  // as of this transaction
    if (!loaded) return loaded.status();
    RecordState s = std::move(**loaded);
    if (s.is_deleted())
      return failed_precondition("record " + id.to_string() + " was deleted meanwhile");
    const RecordState unchanged = s;
    const Stamp stamp = ctx.clock.tick();
    TRIAD_RETURN_IF_ERROR(apply_plan(
        *type, s, *plan, stamp, detail::typing_site_of(stamp.site, typing_session_), typed_[id]));
    if (typed_[id].empty()) typed_.erase(id);  // only records with merging text typed
    TRIAD_RETURN_IF_ERROR(check_still_required(*type, s));
    if (plan->scope) s.scope = std::max(s.scope, *plan->scope);
    if (s == unchanged) return Status::ok();
    TRIAD_RETURN_IF_ERROR(check_record_limits(s));
    TRIAD_RETURN_IF_ERROR(check_local_write(ctx, &unchanged, s));
    if (detail::record_drops_text(unchanged, s))
      TRIAD_RETURN_IF_ERROR(detail::note_erased_text(ctx.db));
    TRIAD_RETURN_IF_ERROR(ctx.save(s, true, 0, &unchanged));
    TRIAD_RETURN_IF_ERROR(detail::resend_children_if_audience_changed(ctx, unchanged, s));
    return s.scope > unchanged.scope ? widen_children(ctx, id, s.scope) : Status::ok();
  });
}

Status Store::delete_record(const RecordId& id) {
  return write([&](WriteContext& ctx) -> Status {
    auto loaded = detail::load_record(ctx.db, id);
    if (!loaded) return loaded.status();
    if (!loaded->has_value())
      return not_found("there is no record " + id.to_string() + " in this store");
    if ((*loaded)->is_deleted()) return Status::ok();  // deleting twice is deleting once
    const Stamp stamp = ctx.clock.tick();
    RecordState tombstone = **loaded;
    tombstone.deleted = stamp;
    purge(tombstone);
    TRIAD_RETURN_IF_ERROR(check_local_write(ctx, &**loaded, tombstone));
    return detail::tombstone_with_children(ctx, std::move(**loaded), stamp, true);
  });
}

Status Store::resolve_conflict(const RecordId& id, const std::string& field,
                               std::optional<std::string> value) {
  return write([&](WriteContext& ctx) -> Status {
    auto loaded = detail::load_record(ctx.db, id);
    if (!loaded) return loaded.status();
    if (!loaded->has_value() || (*loaded)->is_deleted())
      return not_found("there is no record " + id.to_string() + " in this store");
    RecordState s = std::move(**loaded);
    auto it = s.fields.find(field);
    if (it != s.fields.end() && !is_known_kind(it->second.kind))
      return detail::rules_for(it->second.kind)
          .check_edit(it->second.kind, s.header.type, field, FieldEdit::Op::kAssign,
                      value.value_or(""));
    // A merging text field's concurrent versions are no conflict, but a record that holds too many
    // of them to take another edit (record_limits.h) is put right by this write too.
    const bool concurrent = it != s.fields.end() && it->second.kind == FieldKind::kMergingText &&
                            it->second.versions.size() > 1;
    if (it == s.fields.end() || (!it->second.has_conflict() && !concurrent))
      return invalid_argument("field '" + field + "' of " + id.to_string() +
                              " has no conflict to resolve");
    const RecordState before = s;
    const std::string text = value.value_or(it->second.value());
    const TypeSpec* type = find_type(s.header.type);
    const FieldSpec* spec = type ? type->field(field) : nullptr;
    const bool merging = it->second.kind == FieldKind::kMergingText ||
                         (spec && spec->kind == FieldKind::kMergingText);
    assign_value(it->second, merging ? FieldKind::kMergingText : FieldKind::kText, text,
                 ctx.clock.tick());
    TRIAD_RETURN_IF_ERROR(check_local_write(ctx, &before, s));
    if (detail::record_drops_text(before, s))
      TRIAD_RETURN_IF_ERROR(detail::note_erased_text(ctx.db));
    return ctx.save(s, true, 0, &before);
  });
}

}  // namespace triad::core
