// What every `triad` command shares: the store path, opening the store, and turning a Status
// into the process exit code and a message on stderr. Not thread-safe.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "triad/core/store.h"

namespace triad::cli {

// Process exit codes, part of the CLI's contract.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,     // the command line is malformed
  kExitBadInput = 2,  // the input was understood but refused (validation, unknown id, rule)
  kExitStore = 3,     // the store could not be opened, read or written
  kExitNetwork = 4,   // the hub could not be reached or the session broke off: retry later
};

struct CliContext {
  std::string db_path;  // --db, or the default under $XDG_DATA_HOME/triad/
};

std::string default_db_path();

// Prints `status` for a person and returns the exit code it maps to.
int report(const core::Status& status);
int exit_code_for(core::StatusCode code);

// The first word of the command line that should name a command but names none of `app`'s
// ("" when the command is known or absent: CLI11 then reports what is missing).
std::string unknown_command(CLI::App& app, int argc, char** argv);
// What to tell a person who typed `word` for a command: the closest command ("did you mean
// 'triad sync'?") when one is near enough to be a typo, and the list of commands.
std::string no_such_command(CLI::App& app, const std::string& word);

// Finds the record an argument names: a full id (also of a deleted record, which `get` shows as
// deleted and `delete` leaves deleted), a unique id prefix, or a unique name/title.
core::Result<core::RecordId> find_record(core::Store& store, const std::string& text);

// Opens the store or prints why not; nullptr then, with `exit_code` set.
std::unique_ptr<core::Store> open_store(const CliContext& ctx, int& exit_code);

}  // namespace triad::cli
