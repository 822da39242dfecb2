// The triad-hub subcommands: init, enroll, revoke, devices, serve, sync-up. Not thread-safe.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace triad::hub_cli {

struct HubContext {
  std::string db_path;
};

void add_hub_commands(CLI::App& app, HubContext& ctx, int& exit_code);

}  // namespace triad::hub_cli
