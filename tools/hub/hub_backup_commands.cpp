// triad-hub backup and restore. A backup is a consistent copy of a live hub's SQLite store, made
// with SQLite's online backup API while the hub serves (core's Store::backup_to: one read
// transaction, so writers carry on), checked by opening it as a hub. A restore puts a backup in
// place of the hub's store while no hub serves it, keeping the store it replaces beside it; the
// devices then send back what they had confirmed with the newer hub (proto: RESTORED AND COPIED
// STORES, the hub-behind case). Not thread-safe.
#include <fmt/core.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>

#include "hub_commands.h"
#include "triad/hub/hub.h"
#include "triad/sync/run_lock.h"

namespace triad::hub_cli {

namespace {

namespace fs = std::filesystem;

struct BackupArgs {
  std::string file;
};

// What a hub store holds, for the messages: "the hub of The Mead: 1,204 records, 37 devices".
core::Result<std::string> summary_of(const std::string& path) {
  auto hub = sync::Hub::open(path);
  if (!hub) return hub.status();
  auto status = (*hub)->store().status();
  if (!status) return status.status();
  size_t records = 0;
  for (const auto& [type, n] : status->live_records_by_type) records += n;
  auto devices = (*hub)->devices().devices();
  if (!devices) return devices.status();
  return fmt::format("the hub of {}: {} records, {} devices", (*hub)->alliance(), records,
                     devices->size());
}

core::Result<std::string> alliance_of(const std::string& path) {
  auto hub = sync::Hub::open(path);
  if (!hub) return hub.status();
  return (*hub)->alliance();
}

std::string utc_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &tm);
  return text;
}

int run_backup(const HubContext& ctx, const BackupArgs& a) {
  const std::string path = db_path(ctx);
  if (sync::is_postgres_location(path))
    return fail(core::invalid_argument(
        "a hub on PostgreSQL is backed up with PostgreSQL's own tools: pg_dump --format=custom "
        "(README: Backups)"));
  auto hub = sync::Hub::open(path);
  if (!hub) return fail(hub.status());
  // The file is made with mode 0600; an existing file is never overwritten.
  if (core::Status s = (*hub)->store().backup_to(a.file); !s) return fail(s);
  hub->reset();
  auto checked = summary_of(a.file);
  if (!checked) {
    fs::remove(a.file);
    return fail(core::store_error(
        "the backup " + a.file +
        " does not open as a hub store, and was removed: " + checked.status().message()));
  }
  fmt::print("backed up {} to {} ({} bytes), checked\n", *checked, a.file, fs::file_size(a.file));
  return 0;
}

int run_restore(const HubContext& ctx, const BackupArgs& a) {
  const std::string path = db_path(ctx);
  if (sync::is_postgres_location(path))
    return fail(core::invalid_argument(
        "a hub on PostgreSQL is restored with PostgreSQL's own tools: pg_restore into an empty "
        "database (README: Backups)"));
  // The lock every serving hub holds on its store: a store in use is never swapped under it.
  auto lock = sync::RunLock::try_acquire(serving_lock_path(path));
  if (!lock)
    return fail(core::failed_precondition("a triad-hub is serving " + path +
                                          ": stop it first (systemctl stop triad-hub)"));
  auto backup = summary_of(a.file);
  if (!backup)
    return fail(
        core::invalid_argument(a.file + " is not a hub's backup: " + backup.status().message()));
  std::string kept;
  if (fs::exists(path)) {
    auto current = alliance_of(path);
    auto restored = alliance_of(a.file);
    if (current && restored && *current != *restored)
      return fail(core::failed_precondition("the backup is of " + *restored + ", and " + path +
                                            " is the hub of " + *current +
                                            ": nothing was changed"));
    kept = path + ".replaced-" + utc_stamp();
    for (const char* suffix : {"", "-wal", "-shm"})
      if (fs::exists(path + suffix)) fs::rename(path + suffix, kept + suffix);
  }
  // Copied next to the store, then renamed into place: a crash leaves the old name or the new
  // store, never half of one.
  const std::string incoming = path + ".restoring";
  std::error_code ec;
  fs::remove(incoming, ec);
  if (!fs::copy_file(a.file, incoming, ec) || ::chmod(incoming.c_str(), 0600) != 0)
    return fail(core::store_error("cannot copy " + a.file + " to " + incoming + ": " +
                                  (ec ? ec.message() : "chmod failed")));
  fs::rename(incoming, path, ec);
  if (ec)
    return fail(core::store_error("cannot move the restored store into place: " + ec.message()));
  fmt::print("restored {} from {}\n", *backup, a.file);
  if (!kept.empty())
    fmt::print("The store it replaced is kept as {}; delete it once the devices have synced.\n",
               kept);
  fmt::print(
      "Start the hub: at its next sync each device sends back what it had confirmed since the "
      "backup.\n");
  return 0;
}

}  // namespace

std::string serving_lock_path(const std::string& store_path) { return store_path + ".serving"; }

void add_backup_commands(CLI::App& app, HubContext& ctx, int& exit_code) {
  auto a = std::make_shared<BackupArgs>();
  auto* backup = app.add_subcommand(
      "backup",
      "Copy the hub's store to FILE while it serves (a consistent copy; mode 0600; FILE must not "
      "exist).");
  backup->add_option("file", a->file, "the backup file to make")->required();
  backup->callback([&, a] { exit_code = run_backup(ctx, *a); });

  auto* restore = app.add_subcommand(
      "restore",
      "Put a backup in place of the hub's store (the hub must be stopped). The store it replaces\n"
      "is kept beside it; the devices send back what they confirmed since, at their next sync.");
  restore->add_option("file", a->file, "the backup made by triad-hub backup")->required();
  restore->callback([&, a] { exit_code = run_restore(ctx, *a); });
}

}  // namespace triad::hub_cli
