// triad repair-clock | discard: the ways out of a wrong date and of a change the hub refused.
#include <fmt/core.h>

#include "commands.h"
#include "time_text.h"

namespace triad::cli {

namespace {

struct RepairArgs {
  bool yes = false;
  std::string record;
};

int run_repair_clock(const CliContext& ctx, const RepairArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  const std::string now = client::local_time_text(store->wall_ms());
  if (!store->clock_far_ahead()) {
    fmt::print("this store's clock ({}) agrees with this computer's date ({}): nothing to repair\n",
               client::local_time_text(store->clock_ms()), now);
    return kExitOk;
  }
  if (!a.yes) {
    fmt::print(
        "this store's clock says {}, but this computer's date is {}: its date was once set ahead, "
        "and what was\n"
        "edited then is refused by the hub and by other stores. If {} is the right date now, "
        "re-stamp those edits\n"
        "with it (nothing is lost; they are sent at the next sync or merge):\n  triad{} "
        "repair-clock --yes\n",
        client::local_time_text(store->clock_ms()), now, now,
        ctx.db_path.empty() ? "" : " --db " + ctx.db_path);
    return kExitBadInput;
  }
  auto repaired = store->repair_clock();
  if (!repaired) return report(repaired.status());
  fmt::print(
      "re-stamped the edits of {} record{} made while the date was ahead (up to {}); the clock is "
      "now {}\n",
      repaired->records, repaired->records == 1 ? "" : "s",
      client::local_time_text(repaired->clock_was_ms),
      client::local_time_text(repaired->clock_now_ms));
  return kExitOk;
}

// A refused change named by its record's id or a unique prefix of it (8+ hex digits).
core::Result<core::Refusal> find_refusal(core::Store& store, const std::string& text) {
  auto refused = store.refusals(0);
  if (!refused) return refused.status();
  if (text.size() < 8)
    return core::invalid_argument(
        "give the record's id, or at least its first 8 digits (see: triad status)");
  std::vector<core::Refusal> found;
  for (const core::Refusal& r : refused.value())
    if (r.record.to_string().starts_with(text) &&
        std::none_of(found.begin(), found.end(),
                     [&](const auto& f) { return f.record == r.record; }))
      found.push_back(r);
  if (found.empty())
    return core::not_found("no refused change to a record " + text + " (see: triad status)");
  if (found.size() > 1)
    return core::invalid_argument("more than one refused record starts with " + text);
  return found.front();
}

int run_discard(const CliContext& ctx, const RepairArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto refusal = find_refusal(*store, a.record);
  if (!refusal) return report(refusal.status());
  if (auto s = store->discard_refused(refusal->record); !s.is_ok()) return report(s);
  const std::string label = store->label(refusal->record);
  fmt::print(
      "your refused change to {}{} will be dropped at the next sync (triad sync): this device then "
      "takes\n"
      "the hub's version of it back, or removes it if the hub never had it\n",
      refusal->record.to_string(), label.empty() ? "" : " (" + label + ")");
  return kExitOk;
}

}  // namespace

void add_repair_commands(CLI::App& app, CliContext& ctx, int& exit_code) {
  auto args = std::make_shared<RepairArgs>();
  auto* clock = app.add_subcommand(
      "repair-clock",
      "Re-stamp the edits made while this computer's date was set ahead, once it is right again.\n"
      "`triad sync` does it by itself when the hub's date agrees; this is for a store merged as a\n"
      "file, or to do it now. Without --yes it only shows the dates.");
  clock->add_flag("--yes", args->yes, "the date shown is right: re-stamp now");
  clock->callback([&, args] { exit_code = run_repair_clock(ctx, *args); });

  auto* discard = app.add_subcommand(
      "discard",
      "Drop a change the hub refused (see: triad status). At the next sync this device takes the\n"
      "hub's version of the record back, or removes the record if the hub never had it.");
  discard->add_option("record", args->record, "the refused record's id (or its first 8+ digits)")
      ->required();
  discard->callback([&, args] { exit_code = run_discard(ctx, *args); });
}

}  // namespace triad::cli
