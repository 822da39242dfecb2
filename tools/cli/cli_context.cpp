#include "cli_context.h"

#include <fmt/core.h>

#include <cstdlib>

#include "store_path.h"

namespace triad::cli {

std::string default_db_path() { return app::default_store_path(); }

int exit_code_for(core::StatusCode code) {
  switch (code) {
    case core::StatusCode::kOk: return kExitOk;
    case core::StatusCode::kInvalidArgument:
    case core::StatusCode::kNotFound:
    case core::StatusCode::kFailedPrecondition:
    case core::StatusCode::kClockAhead: return kExitBadInput;
    case core::StatusCode::kBusy:
    case core::StatusCode::kStoreError:
    case core::StatusCode::kCorrupt: return kExitStore;
    case core::StatusCode::kUnavailable: return kExitNetwork;
  }
  return kExitStore;
}

int report(const core::Status& status) {
  if (status.is_ok()) return kExitOk;
  fmt::print(stderr, "triad: {}\n", status.message());
  return exit_code_for(status.code());
}

std::string unknown_command(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--db") {  // the one top-level option that takes a value
      ++i;
      continue;
    }
    if (word.rfind("-", 0) == 0) continue;
    try {
      app.get_subcommand(word);
      return {};
    } catch (const CLI::OptionNotFound&) {
      return word;
    }
  }
  return {};
}

std::unique_ptr<core::Store> open_store(const CliContext& ctx, int& exit_code) {
  auto store = core::Store::open(ctx.db_path);
  if (!store) {
    fmt::print(stderr, "triad: {}\n", store.status().message());
    exit_code = kExitStore;
    return nullptr;
  }
  return std::move(store.value());
}

}  // namespace triad::cli
