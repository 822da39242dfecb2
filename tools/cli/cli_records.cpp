// triad add | set | delete | get | list | conflicts | resolve | types
#include <fmt/core.h>

#include "commands.h"
#include "field_args.h"
#include "record_view.h"
#include "triad/core/export.h"

namespace triad::cli {

namespace {

using core::RecordId;

struct RecordArgs {
  std::string type;
  std::string id;
  std::string field;
  std::string value;
  bool value_given = false;
  std::vector<std::string> fields;
  bool json = false;
};

// A malformed field argument is a usage error (1); a file given with @ that cannot be read is
// input refused (2).
int report_field_args(const core::Status& status) {
  fmt::print(stderr, "triad: {}\n", status.message());
  return status.code() == core::StatusCode::kInvalidArgument ? kExitUsage
                                                             : exit_code_for(status.code());
}

int run_add(const CliContext& ctx, const RecordArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto edits = parse_field_args(a.fields, core::find_type(a.type));
  if (!edits) return report_field_args(edits.status());
  auto id = store->create_record(a.type, *edits);
  if (!id) return report(id.status());
  fmt::print("{}\n", id->to_string());
  return kExitOk;
}

int run_set(const CliContext& ctx, const RecordArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto id = find_record(*store, a.id);
  if (!id) return report(id.status());
  auto current = store->get(*id);
  if (!current) return report(current.status());
  auto edits = parse_field_args(a.fields, core::find_type((*current)->header.type));
  if (!edits) return report_field_args(edits.status());
  if (edits->empty())
    return (fmt::print(stderr, "triad: nothing to change: give field=value\n"), kExitUsage);
  return report(store->update_record(*id, *edits));
}

int run_delete(const CliContext& ctx, const RecordArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto id = find_record(*store, a.id);
  if (!id) return report(id.status());
  auto before = store->get(*id);
  const bool already = before && before->has_value() && (*before)->is_deleted();
  if (code = report(store->delete_record(*id)); code == kExitOk)
    fmt::print("{} {}\n", already ? "already deleted:" : "deleted", id->to_string());
  return code;
}

int run_get(const CliContext& ctx, const RecordArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto id = find_record(*store, a.id);
  if (!id) return report(id.status());
  auto record = store->get(*id);
  if (!record) return report(record.status());
  fmt::print("{}",
             a.json ? core::record_to_json(**record) + "\n" : describe_record(*store, **record));
  return kExitOk;
}

int run_list(const CliContext& ctx, const RecordArgs& a) {
  if (!a.type.empty() && !core::find_type(a.type)) {
    std::string types;
    for (const auto& t : core::record_types()) types += " " + std::string(t.name);
    fmt::print(stderr, "triad: there is no record type '{}'; the types are:{}\n", a.type, types);
    return kExitBadInput;
  }
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  if (a.json) {
    auto out = core::export_json(*store, a.type);
    if (!out) return report(out.status());
    fmt::print("{}", *out);
    return kExitOk;
  }
  auto records = store->list(a.type);
  if (!records) return report(records.status());
  for (const auto& r : records.value()) fmt::print("{}\n", list_line(*store, r));
  return kExitOk;
}

int run_conflicts(const CliContext& ctx) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto conflicts = store->conflicts();
  if (!conflicts) return report(conflicts.status());
  if (conflicts->empty()) fmt::print("no conflicts\n");
  for (const auto& c : conflicts.value()) fmt::print("{}\n", describe_conflict(*store, c));
  return kExitOk;
}

int run_resolve(const CliContext& ctx, const RecordArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto id = find_record(*store, a.id);
  if (!id) return report(id.status());
  std::optional<std::string> merged;
  if (a.value_given) {
    bool stdin_used = false;
    auto value = read_value("--value ", a.value, stdin_used);
    if (!value) return report_field_args(value.status());
    merged = std::move(value.value());
  }
  return report(store->resolve_conflict(*id, a.field, merged));
}

void print_types(const std::string& only) {
  for (const core::TypeSpec& t : core::record_types()) {
    if (!only.empty() && t.name != only) continue;
    fmt::print("{} ({}; default scope {}{})\n", t.name, t.title, core::to_string(t.default_scope),
               t.parent_field.empty() ? "" : fmt::format("; child of its {}", t.parent_field));
    for (const core::FieldSpec& f : t.fields) {
      const char* kind = f.kind == core::FieldKind::kSet    ? "set "
                         : f.kind == core::FieldKind::kText ? "text"
                                                            : "    ";
      std::string choices;
      for (auto c : f.choices) choices += (choices.empty() ? " [" : "|") + std::string(c);
      fmt::print("  {:<18} {} {}{}{}\n", f.name, kind, f.help, choices.empty() ? "" : choices + "]",
                 f.required ? "  (required)" : "");
    }
  }
}

}  // namespace

void add_record_commands(CLI::App& app, CliContext& ctx, int& exit_code) {
  auto args = std::make_shared<RecordArgs>();
  const char* kFieldHelp =
      "field=value, set_field+=element, set_field-=element (see: triad types); value @FILE reads a "
      "file, "
      "@- standard input, @@ starts a value with @";

  auto* add = app.add_subcommand(
      "add",
      "Record something new; prints its id.\n"
      "  triad add observation observed_teacher=\"Ana Diaz\" focus=Questioning date=2014-03-21");
  add->add_option("type", args->type, "record type (see: triad types)")->required();
  add->add_option("fields", args->fields, kFieldHelp);
  add->callback([&, args] { exit_code = run_add(ctx, *args); });

  auto* set = app.add_subcommand("set",
                                 "Change fields of a record; scope=WIDER widens who sees it.\n"
                                 "  triad set ID notes=\"...\" observers+=\"Ben Lee\" tags-=draft");
  set->add_option("id", args->id, "record id (or a unique prefix or name)")->required();
  set->add_option("fields", args->fields, kFieldHelp);
  set->callback([&, args] { exit_code = run_set(ctx, *args); });

  auto* del = app.add_subcommand("delete",
                                 "Delete a record (and its entries) on every replica it reaches.");
  del->add_option("id", args->id, "record id")->required();
  del->callback([&, args] { exit_code = run_delete(ctx, *args); });

  auto* get = app.add_subcommand("get", "Show one record with its entries and conflicts.");
  get->add_option("id", args->id, "record id (or a unique prefix or name)")->required();
  get->add_flag("--json", args->json, "print the record as JSON");
  get->callback([&, args] { exit_code = run_get(ctx, *args); });

  auto* list =
      app.add_subcommand("list", "List live records of a type (all types when none is given).");
  list->add_option("type", args->type, "record type");
  list->add_flag("--json", args->json, "print JSON");
  list->callback([&, args] { exit_code = run_list(ctx, *args); });

  auto* conflicts =
      app.add_subcommand("conflicts", "List text fields where concurrent edits were overwritten.");
  conflicts->callback([&] { exit_code = run_conflicts(ctx); });

  auto* resolve = app.add_subcommand(
      "resolve", "End a conflict: keep the current value, or write a merged one.");
  resolve->add_option("id", args->id, "record id")->required();
  resolve->add_option("field", args->field, "the text field in conflict")->required();
  resolve
      ->add_option("--value", args->value,
                   "the merged text to keep (@FILE reads it from a file, @- from standard input)")
      ->each([args](const std::string&) { args->value_given = true; });
  resolve->callback([&, args] { exit_code = run_resolve(ctx, *args); });

  auto* types = app.add_subcommand("types", "Show the record types and their fields.");
  types->add_option("type", args->type, "only this type");
  types->callback([&, args] {
    if (!args->type.empty() && !core::find_type(args->type)) {
      fmt::print(stderr, "triad: there is no record type '{}'\n", args->type);
      exit_code = kExitBadInput;
      return;
    }
    print_types(args->type);
  });
}

}  // namespace triad::cli
