// triad: the command-line client. Parse, wire up, run; the commands live in cli_*.cpp.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli_context.h"
#include "commands.h"

int main(int argc, char** argv) {
  using namespace triad::cli;
  CLI::App app{
      "triad: offline-first records of lesson study, observations, coaching and learning logs.\n"
      "Each device keeps a complete local store; stores merge without conflicts.\n"
      "Start with: triad init --school \"Your School\" --person \"Your Name\"",
      "triad"};
  CliContext ctx{default_db_path()};
  app.add_option("--db", ctx.db_path, "the store file (default: $XDG_DATA_HOME/triad/triad.db)");
  app.set_version_flag("--version", "triad " TRIAD_VERSION, "print the version of triad and exit");
  app.require_subcommand(1);
  int exit_code = kExitOk;
  add_replica_commands(app, ctx, exit_code);
  add_record_commands(app, ctx, exit_code);
  add_sync_commands(app, ctx, exit_code);
  add_repair_commands(app, ctx, exit_code);
  add_import_commands(app, ctx, exit_code);
#ifdef TRIAD_HAS_PAPER
  add_paper_commands(app, ctx, exit_code);
#endif
  if (const std::string word = unknown_command(app, argc, argv); !word.empty()) {
    std::fprintf(stderr, "triad: %s\n", no_such_command(app, word).c_str());
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return exit_code;
}
