// Runs the built `triad` binary (TRIAD_CLI_PATH) the way a person or a script would: an argv
// vector, no shell, stdout and stderr captured separately, the exit code, and a time limit so a
// hang fails the test instead of blocking the suite. CliWorkspace gives each test its own temp
// folder, passes `--db <tmp>/x.db` and points XDG_DATA_HOME, XDG_CONFIG_HOME (where device tokens
// are kept) and HOME at the folder, so nothing touches the real home. Not thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "process.h"
#include "test_support.h"

namespace triad::testing {

struct CliResult {
  int exit_code = -1;  // the process's exit status; -1 when it was killed or timed out
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
  bool timed_out = false;
};

// Runs TRIAD_CLI_PATH with `args` (argv[1..]) and `env` added to (or replacing in) this
// process's environment. Standard input is /dev/null, or the file `stdin_file`. The child is
// killed after `timeout`.
CliResult run_triad(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env,
                    std::chrono::seconds timeout = std::chrono::seconds(60),
                    const std::string& stdin_file = "");

// The whole content of a file ("" if it cannot be read); exists() tells the two apart.
std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);

// PRAGMA user_version of an SQLite file, read or written with the SQLite C API (not through
// the CLI under test). Returns -1 / false on any SQLite error.
int sqlite_user_version(const std::string& path);
bool set_sqlite_user_version(const std::string& path, int version);

// "abc\n" -> "abc": the first line of an output, without its newline.
std::string first_line(const std::string& text);
// Output lines, without their newlines.
std::vector<std::string> lines_of(const std::string& text);

// A temp folder with a default store path in it, and shortcuts to run the CLI against it.
class CliWorkspace {
 public:
  CliWorkspace();

  std::string file(const std::string& name) const { return dir_.file(name); }
  const std::string& db() const { return db_; }
  const std::map<std::string, std::string>& env() const { return env_; }

  // triad --db <db()> args...
  CliResult run(const std::vector<std::string>& args) const { return run_on(db_, args); }
  // triad --db <db> args...
  CliResult run_on(const std::string& db, const std::vector<std::string>& args) const;
  // triad args... (no --db: the default path under XDG_DATA_HOME)
  CliResult run_raw(const std::vector<std::string>& args) const;
  // triad --db <db()> args... with `input` on its standard input (as `< FILE` in a shell), and
  // `extra_env` added to the environment.
  CliResult run_with_input(const std::vector<std::string>& args, const std::string& input,
                           const std::map<std::string, std::string>& extra_env = {}) const;
  // triad --db <db()> args... with `extra_env` added to the environment.
  CliResult run_with_env(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& extra_env) const;
  // Where this workspace's `triad` keeps device tokens: $XDG_CONFIG_HOME/triad/credentials.
  std::string credentials_file() const { return file("config/triad/credentials"); }

  // Runs and REQUIREs exit 0 with an empty stderr; returns stdout.
  std::string ok(const std::vector<std::string>& args) const { return ok_on(db_, args); }
  std::string ok_on(const std::string& db, const std::vector<std::string>& args) const;

  // triad init --school SCHOOL --person PERSON on `db`.
  void init(const std::string& school, const std::string& person) const {
    init_on(db_, school, person);
  }
  void init_on(const std::string& db, const std::string& school, const std::string& person) const;
  // triad add TYPE fields...; REQUIREs success and returns the printed id.
  std::string add(const std::string& type, const std::vector<std::string>& fields) const {
    return add_on(db_, type, fields);
  }
  std::string add_on(const std::string& db, const std::string& type,
                     const std::vector<std::string>& fields) const;
  // The canonical JSON export of every live record of `db`.
  std::string export_json(const std::string& db) const;

 private:
  TempDir dir_;
  std::string db_;
  std::map<std::string, std::string> env_;
  mutable int inputs_ = 0;
};

}  // namespace triad::testing
