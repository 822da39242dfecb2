// triad-hub: the alliance hub daemon. Parse, wire up, run; the commands live in hub_commands.cpp.
#include <CLI/CLI.hpp>

#include "hub_commands.h"

int main(int argc, char** argv) {
  using namespace triad::hub_cli;
  CLI::App app{
      "triad-hub: the alliance hub. It merges the alliance's records, enrols devices, and serves\n"
      "sync sessions over TLS, sending each device only what its school and person may see.\n"
      "Start with: triad-hub --db hub.db init --alliance \"The Mead\"",
      "triad-hub"};
  HubContext ctx;
  app.add_option("--db,--store", ctx.db_path,
                 "the hub's store: an SQLite file (default: $XDG_DATA_HOME/triad/hub.db), or a "
                 "PostgreSQL database that several triad-hub processes share: "
                 "postgresql://USER@HOST/DATABASE or service=NAME (the password goes in "
                 "~/.pgpass or a service file, never here)");
  app.set_version_flag("--version", "triad-hub " TRIAD_VERSION,
                       "print the version of triad-hub and exit");
  app.require_subcommand(1);
  int exit_code = 0;
  add_hub_commands(app, ctx, exit_code);
  add_report_commands(app, ctx, exit_code);
  add_backup_commands(app, ctx, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 1;
  }
  return exit_code;
}
