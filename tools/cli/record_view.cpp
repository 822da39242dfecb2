#include "record_view.h"

#include <fmt/core.h>

#include "field_text.h"
#include "time_text.h"
#include "triad/core/field_kind.h"

namespace triad::cli {

namespace {

using core::FieldSpec;

std::string show_field(core::Store& store, const FieldSpec* spec, const core::FieldState& f) {
  const std::string shown = client::display_field(store, spec, f);
  return shown.empty() && core::show_field(f).is_list ? "(none)" : shown;
}

std::string indent(const std::string& text) {
  if (text.find('\n') == std::string::npos) return text;
  std::string out = "\n      ";
  for (char c : text) out += c == '\n' ? std::string("\n      ") : std::string(1, c);
  return out;
}

}  // namespace

std::string describe_record(core::Store& store, const core::RecordState& r) {
  const core::TypeSpec* type = core::find_type(r.header.type);
  std::string out =
      fmt::format("{} {}\n", type ? type->title : r.header.type, r.header.id.to_string());
  if (r.is_deleted()) return out + "  deleted: its field values were purged\n";
  out += fmt::format("  school: {}   author: {}   scope: {}\n", store.label(r.header.school),
                     store.label(r.header.author), core::to_string(r.scope));
  if (!type) out += "  (a record type this version of Triad does not know; kept and passed on)\n";
  for (const auto& [name, f] : r.fields) {
    const FieldSpec* spec = type ? type->field(name) : nullptr;
    // Unknown fields are kept and shown only by get --json; one of a newer kind says so here.
    if (!spec && type && core::is_known_kind(f.kind)) continue;
    out += fmt::format("  {}: {}\n", name, indent(show_field(store, spec, f)));
    if (f.has_conflict()) {
      const std::vector<core::FieldVersion> versions = core::readable_versions(f);
      for (size_t i = 1; i < versions.size(); ++i)
        out += fmt::format("  ! {} conflict, overwritten concurrent value: {}\n", name,
                           indent(versions[i].value));
    }
  }
  auto kids = store.children(r.header.id);
  if (kids && !kids->empty()) {
    out += "  entries:\n";
    for (const core::RecordState& k : kids.value()) out += "    " + list_line(store, k) + "\n";
  }
  return out;
}

std::string list_line(core::Store& store, const core::RecordState& r) {
  const core::TypeSpec* type = core::find_type(r.header.type);
  std::string line = r.header.id.to_string() + "  " + r.header.type;
  if (!type) return line;
  if (const auto* date = r.field("date")) line += "  " + date->value();
  if (const auto* label = r.field(std::string(type->label_field));
      label && type->label_field != "date")
    line += "  " + show_field(store, type->field(type->label_field), *label);
  if (const auto* text = r.field("text")) {
    std::string t = text->value().substr(0, 60);
    for (char& c : t) c = c == '\n' ? ' ' : c;
    line += "  " + t;
  }
  if (std::any_of(r.fields.begin(), r.fields.end(),
                  [](const auto& kv) { return kv.second.has_conflict(); }))
    line += "  [conflict]";
  return line;
}

std::string describe_conflict(core::Store& store, const core::Conflict& c) {
  const std::string label = store.label(c.record);
  std::string out =
      fmt::format("{} {}{}, field {}:\n  current value: {}\n", c.type, c.record.to_string(),
                  label.empty() ? "" : " (" + label + ")", c.field, indent(c.current.value));
  for (const auto& v : c.overwritten)
    out += fmt::format("  overwritten concurrent value: {}\n", indent(v.value));
  out +=
      fmt::format("  keep the current value: triad resolve {} {}\n", c.record.to_string(), c.field);
  out += fmt::format("  or write a merged one:  triad resolve {} {} --value \"...\"\n",
                     c.record.to_string(), c.field);
  return out;
}

std::string describe_status(core::Store& store, const core::StoreStatus& s) {
  std::string out =
      fmt::format("replica    {} / {} (site {:016x})\nstore      {}\n", s.identity.school_name,
                  s.identity.person_name, s.identity.site, store.path());
  std::string types;
  for (const auto& [type, n] : s.live_records_by_type)
    types += fmt::format("{}{} {}", types.empty() ? "" : ", ", n, type);
  out += fmt::format("records    {}{}\n", types.empty() ? "none" : types,
                     s.deleted_records ? fmt::format(" ({} deleted)", s.deleted_records) : "");
  out += fmt::format("unsent     {} local change{} not yet sent to any peer\n",
                     s.unsent_local_changes, s.unsent_local_changes == 1 ? "" : "s");
  out +=
      fmt::format("conflicts  {}{}\n", s.conflicts, s.conflicts ? " (see: triad conflicts)" : "");
  if (s.peers.empty()) out += "peers      none yet\n";
  for (const auto& p : s.peers)
    out += fmt::format("peer       {} (site {:016x}): last exchange {}\n", p.name, p.site,
                       client::local_time_text(p.last_sync_ms));
  for (const auto& r : s.refusals)
    out += fmt::format(
        "refused    {} {} by site {:016x}: {}\n           {}\n", r.record.to_string(),
        store.label(r.record), r.peer, r.reason,
        r.discard
            ? "to be dropped at the next sync (the hub's version is taken back)"
            : "offered again at each sync; to drop it: triad discard " + r.record.to_string());
  if (store.clock_far_ahead())
    out += fmt::format(
        "clock      ahead: this store's clock says {} but the date is {}. If the date is right, "
        "the\n"
        "           next sync re-stamps the edits made meanwhile, or run: triad repair-clock\n",
        client::local_time_text(store.clock_ms()), client::local_time_text(store.wall_ms()));
  return out;
}

}  // namespace triad::cli
