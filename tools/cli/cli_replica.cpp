// triad init | merge | export | status
#include <fmt/core.h>

#include <filesystem>
#include <fstream>

#include "commands.h"
#include "credentials.h"
#include "file_privacy.h"
#include "join_file.h"
#include "record_view.h"
#include "sync_settings.h"
#include "token_input.h"
#include "triad/core/csv.h"
#include "triad/core/exchange.h"
#include "triad/core/export.h"

namespace triad::cli {

namespace {

struct ReplicaArgs {
  std::string school;
  std::string person;
  std::string hub, token_on_command_line, token_file, ca;
  bool token_given = false;  // --token VALUE, which is refused
  std::string other;
  std::string format = "json";
  std::string type;
  std::string out;
  bool bom = false;
  std::string join_file;
  bool keep_join_file = false;
};

// The settings given to `init`, checked before the store is made: nothing is created for a hub
// address, token or CA file that would fail at the first sync.
core::Result<client::SyncSettings> init_settings(const ReplicaArgs& a) {
  client::SyncSettings s;
  TRIAD_RETURN_IF_ERROR(client::overlay_given_settings(s, a.hub, a.ca, a.token_file));
  return s;
}

int run_init(const CliContext& ctx, const ReplicaArgs& a) {
  if (a.token_given)
    return (fmt::print(stderr, "triad: {}\n", client::token_on_command_line_refusal("triad")),
            kExitUsage);
  auto settings = init_settings(a);
  if (!settings) return report(settings.status());
  auto store = core::Store::create(ctx.db_path, a.school, a.person);
  if (!store) return report(store.status());
  const auto& id = (*store)->identity();
  fmt::print("created a store for {} / {} at {} (site {:016x})\n", id.school_name, id.person_name,
             ctx.db_path, id.site);
  fmt::print("{}", client::file_privacy_note(ctx.db_path));
  if (int code = report(client::save_sync_settings(**store, *settings)); code != kExitOk)
    return code;
  if (!settings->hubs.empty())
    fmt::print("hub saved for `triad sync`: {}\n", client::hub_list_text(settings->hubs));
  if (!settings->ca.empty())
    fmt::print("the hub's certificate is checked against {}\n", settings->ca);
  if (!settings->token.empty())
    fmt::print(
        "device token {} saved in {} (mode 0600), not in the store: a copy of the store carries no "
        "credentials\n",
        client::token_id(settings->token), client::credentials_path());
  return kExitOk;
}

int run_join(const CliContext& ctx, const ReplicaArgs& a) {
  auto join = client::read_join_file(a.join_file);
  if (!join) return report(join.status());
  auto store = client::join_store(*join, ctx.db_path);
  if (!store) return report(store.status());
  const auto& id = (*store)->identity();
  fmt::print("joined the hub of {} as {} / {}: a store at {} (site {:016x})\n", join->alliance,
             id.school_name, id.person_name, ctx.db_path, id.site);
  fmt::print("{}", client::file_privacy_note(ctx.db_path));
  fmt::print("hub saved for `triad sync`: {}; its certificate is {}\n",
             client::hub_list_text(join->hubs), ctx.db_path + ".hub-ca.pem");
  fmt::print("device token {} saved in {} (mode 0600), not in the store\n",
             client::token_id(join->token), client::credentials_path());
  if (a.keep_join_file) {
    fmt::print("{} is kept (--keep-file): it still holds the token; delete it\n", a.join_file);
  } else if (std::error_code ec; !std::filesystem::remove(a.join_file, ec) || ec) {
    fmt::print("could not delete {} ({}): delete it yourself, it holds the token\n", a.join_file,
               ec ? ec.message() : "it is gone");
  } else {
    fmt::print("deleted {}: the token is in the credentials file only\n", a.join_file);
  }
  fmt::print("next: triad sync\n");
  return kExitOk;
}

// Refusals are kept by the sending store, so `kept_in` names where `triad status` shows them.
void print_direction(const std::string& into, const core::ReplicationReport& r,
                     const std::string& kept_in) {
  fmt::print("  into {}: {} record{} offered, {} changed", into, r.sent, r.sent == 1 ? "" : "s",
             r.changed);
  if (r.withheld) fmt::print(", {} held back (not shared with its owner)", r.withheld);
  if (r.refused)
    fmt::print(", {} refused (kept in {}, see: triad --db {} status)", r.refused, kept_in, kept_in);
  fmt::print("\n");
}

int run_merge(const CliContext& ctx, const ReplicaArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto other = core::Store::open(a.other);
  if (!other) {
    fmt::print(stderr, "triad: {}\n", other.status().message());
    return kExitStore;
  }
  auto merged = core::merge_stores(*store, **other);
  if (!merged) return report(merged.status());
  fmt::print("merged {} with {}\n", ctx.db_path, a.other);
  print_direction("this store", merged->into_a, a.other);
  print_direction(a.other, merged->into_b, ctx.db_path);
  // Refused for a clock once set ahead: the way out is one command on the store that has it.
  for (auto [s, path] : {std::pair{other->get(), a.other}, std::pair{store.get(), ctx.db_path}})
    if (s->clock_far_ahead())
      fmt::print(
          "{}'s clock is ahead of this computer's date (its date was once set wrong), so what was "
          "edited on\n"
          "it then is refused. If this computer's date is right, run: triad --db {} repair-clock "
          "--yes\n"
          "and merge again\n",
          path, path);
  return kExitOk;
}

// Writes next to the target and renames, so a failed export never leaves half a file.
int write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".part";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) {
      fmt::print(stderr, "triad: cannot write {}\n", tmp);
      std::filesystem::remove(tmp);
      return kExitBadInput;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    fmt::print(stderr, "triad: cannot write {}: {}\n", path, ec.message());
    return kExitBadInput;
  }
  return kExitOk;
}

int run_export(const CliContext& ctx, const ReplicaArgs& a) {
  if (a.format != "json" && a.format != "csv") {
    fmt::print(stderr, "triad: --format must be csv or json, not '{}'\n", a.format);
    return kExitUsage;
  }
  if (a.bom && a.format != "csv") {
    fmt::print(stderr,
               "triad: --bom is for CSV files opened in Excel; JSON has no byte order mark\n");
    return kExitUsage;
  }
  if (!a.type.empty() && !core::find_type(a.type)) {
    fmt::print(stderr, "triad: there is no record type '{}' (see: triad types)\n", a.type);
    return kExitBadInput;
  }
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto text =
      a.format == "json" ? core::export_json(*store, a.type) : core::export_csv(*store, a.type);
  if (!text) return report(text.status());
  if (a.bom) *text = std::string(core::kUtf8Bom) + *text;
  if (a.out.empty()) {
    fmt::print("{}", *text);
    return kExitOk;
  }
  return write_file(a.out, *text);
}

int run_status(const CliContext& ctx) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto status = store->status();
  if (!status) return report(status.status());
  fmt::print("{}", describe_status(*store, *status));
  return kExitOk;
}

}  // namespace

void add_replica_commands(CLI::App& app, CliContext& ctx, int& exit_code) {
  auto args = std::make_shared<ReplicaArgs>();

  auto* init = app.add_subcommand("init", "Create this device's store (a new replica).");
  init->add_option("--school", args->school, "the school this device records for")->required();
  init->add_option("--person", args->person, "the member of staff using it");
  init->add_option("--hub", args->hub,
                   "HOST:PORT of the alliance hub, or several separated by commas (hub processes "
                   "tried in order by `triad sync`), saved for `triad sync`");
  init->add_option(
      "--token-file", args->token_file,
      "a file holding this device's token from `triad-hub enroll` (- reads standard input; "
      "without it, $TRIAD_TOKEN); saved in the credentials file, not in the store");
  init->add_option("--token", args->token_on_command_line,
                   "refused: a token on the command line is seen by others")
      ->each([args](const std::string&) { args->token_given = true; })
      ->group("");
  init->add_option("--ca", args->ca, "PEM CA or certificate of the hub; saved as an absolute path");
  init->callback([&, args] { exit_code = run_init(ctx, *args); });

  auto* join = app.add_subcommand(
      "join",
      "Make this device's store from a join file made by `triad-hub enroll --join-file`: the\n"
      "school and person, the hub's addresses and certificate, and the token, typed nowhere.\n"
      "The file is deleted once taken (it holds the token).");
  join->add_option("file", args->join_file, "the join file from the hub's administrator")
      ->required();
  join->add_flag("--keep-file", args->keep_join_file, "do not delete the join file");
  join->callback([&, args] { exit_code = run_join(ctx, *args); });

  auto* merge = app.add_subcommand(
      "merge",
      "Merge another store file into this one and this one into it, with no network\n"
      "(for example a copy brought on a USB stick). Both files end up with the same records.");
  merge->add_option("other", args->other, "the other store file")->required();
  merge->callback([&, args] { exit_code = run_merge(ctx, *args); });

  auto* exp = app.add_subcommand("export", "Export live records as JSON or CSV.");
  exp->add_option("--format", args->format, "csv or json (default json)");
  exp->add_option("type", args->type, "only this record type");
  exp->add_option("--out", args->out, "write to this file instead of standard output");
  exp->add_flag(
      "--bom", args->bom,
      "start the CSV with a UTF-8 byte order mark, so Excel on Windows reads accents right");
  exp->callback([&, args] { exit_code = run_export(ctx, *args); });

  auto* status = app.add_subcommand(
      "status", "Show this replica: records, unsent changes, conflicts, peers, refusals.");
  status->callback([&] { exit_code = run_status(ctx); });
}

}  // namespace triad::cli
