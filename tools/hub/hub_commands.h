// The triad-hub subcommands: init, enroll, revoke, devices, serve, sync-up (hub_commands.cpp),
// report, login-link (hub_report_commands.cpp), and backup, restore (hub_backup_commands.cpp).
// Not thread-safe.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "triad/core/status.h"

namespace triad::hub_cli {

struct HubContext {
  std::string db_path;
};

void add_hub_commands(CLI::App& app, HubContext& ctx, int& exit_code);
void add_report_commands(CLI::App& app, HubContext& ctx, int& exit_code);
void add_backup_commands(CLI::App& app, HubContext& ctx, int& exit_code);

// What the commands share: the store's path (--db or the default), and how a failure is reported
// (the message on stderr; the exit code: 2 bad input or refused, 3 store, 4 network).
std::string db_path(const HubContext& ctx);
int fail(const core::Status& status);
// The lock file a serving hub holds beside its SQLite store, so a restore never swaps a store in
// use (flock: released if the process dies).
std::string serving_lock_path(const std::string& store_path);

}  // namespace triad::hub_cli
