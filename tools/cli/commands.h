// Registration of the `triad` subcommands on the CLI11 app. Each command writes its exit code
// into `exit_code` when it runs. Not thread-safe.
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.h"

namespace triad::cli {

void add_record_commands(CLI::App& app, CliContext& ctx,
                         int& exit_code);  // add set delete get list conflicts resolve types
void add_replica_commands(CLI::App& app, CliContext& ctx,
                          int& exit_code);                               // init merge export status
void add_sync_commands(CLI::App& app, CliContext& ctx, int& exit_code);  // config sync
void add_repair_commands(CLI::App& app, CliContext& ctx, int& exit_code);  // repair-clock discard
void add_import_commands(CLI::App& app, CliContext& ctx, int& exit_code);  // import
#ifdef TRIAD_HAS_PAPER
void add_paper_commands(CLI::App& app, CliContext& ctx, int& exit_code);  // pdf
#endif

}  // namespace triad::cli
