// triad-hub backup and restore. A backup is a consistent copy of a live hub's SQLite store, made
// with SQLite's online backup API while the hub serves (core's Store::backup_to: one read
// transaction, so writers carry on), checked by opening it as a hub. A restore puts a backup in
// place of the hub's store while no hub serves it, keeping the store it replaces beside it; the
// devices then send back what they had confirmed with the newer hub (proto: RESTORED AND COPIED
// STORES, the hub-behind case). Not thread-safe.
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

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

// What a hub store holds, read once: its alliance, and for the messages "the hub of The Mead:
// 1,204 records, 37 devices".
struct HubSummary {
  std::string alliance, text;
};

core::Result<HubSummary> summary_of(const std::string& path) {
  auto hub = sync::Hub::open(path);
  if (!hub) return hub.status();
  auto status = (*hub)->store().status();
  if (!status) return status.status();
  size_t records = 0;
  for (const auto& [type, n] : status->live_records_by_type) records += n;
  auto devices = (*hub)->devices().devices();
  if (!devices) return devices.status();
  return HubSummary{(*hub)->alliance(), fmt::format("the hub of {}: {} records, {} devices",
                                                    (*hub)->alliance(), records, devices->size())};
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
  std::error_code ec;
  if (!checked) {
    fs::remove(a.file, ec);
    return fail(core::store_error(
        "the backup " + a.file +
        " does not open as a hub store, and was removed: " + checked.status().message()));
  }
  fmt::print("backed up {} to {} ({} bytes), checked\n", checked->text, a.file,
             fs::file_size(a.file, ec));
  return 0;
}

// Flushes a file, or a folder's entries, to the disk.
bool synced(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
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
  std::error_code ec;
  const bool replacing = fs::exists(path, ec);
  // 1. The backup is copied beside the store (the admin's file is left as it is), flushed, given
  // the store's owner (the service's user, when an admin restores as root) and mode 0600, and
  // checked: it opens as a hub, of the same alliance.
  const std::string incoming = path + ".restoring";
  fs::remove(incoming, ec);
  if (!fs::copy_file(a.file, incoming, ec) || !synced(incoming))
    return fs::remove(incoming, ec),
           fail(core::store_error("cannot copy " + a.file + " beside " + path + ": " +
                                  (ec ? ec.message() : "it could not be flushed to disk")));
  struct stat owner {};
  const std::string owner_of = replacing ? path : fs::path(path).parent_path().string();
  if (::stat(owner_of.empty() ? "." : owner_of.c_str(), &owner) == 0)
    (void)::chown(incoming.c_str(), owner.st_uid, owner.st_gid);
  ::chmod(incoming.c_str(), 0600);
  auto restored = summary_of(incoming);
  if (!restored) {
    fs::remove(incoming, ec);
    return fail(
        core::invalid_argument(a.file + " is not a hub's backup: " + restored.status().message()));
  }
  if (replacing) {
    auto current = alliance_of(path);
    if (current && *current != restored->alliance) {
      fs::remove(incoming, ec);
      return fail(core::failed_precondition("the backup is of " + restored->alliance + ", and " +
                                            path + " is the hub of " + *current +
                                            ": nothing was changed"));
    }
  }
  // 2. The store it replaces is moved aside under a name of its own, then the copy renamed into
  // place; a failure puts the old store back. Any moment leaves a whole store at `path` or the old
  // one beside it, named in the message.
  std::string kept;
  if (replacing) {
    kept = path + ".replaced-" + utc_stamp();
    for (int n = 2; fs::exists(kept, ec); ++n)
      kept = path + ".replaced-" + utc_stamp() + "-" + std::to_string(n);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (!fs::exists(path + suffix, ec)) continue;
      fs::rename(path + suffix, kept + suffix, ec);
      if (ec) {
        fs::remove(incoming, ec);
        return fail(core::store_error("cannot move " + path + suffix + " aside: " + ec.message() +
                                      " (the store is as it was" +
                                      (std::string(suffix).empty() ? "" : ", but see " + kept) +
                                      ")"));
      }
    }
  }
  fs::rename(incoming, path, ec);
  if (ec) {
    std::error_code back;
    for (const char* suffix : {"", "-wal", "-shm"})
      if (fs::exists(kept + suffix, back)) fs::rename(kept + suffix, path + suffix, back);
    return fail(core::store_error("cannot put the backup in place: " + ec.message() +
                                  (back ? "; the old store is " + kept : "; nothing was changed")));
  }
  synced(fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string());
  fmt::print("restored {} from {}\n", restored->text, a.file);
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
