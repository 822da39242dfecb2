#include "cli_runner.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace triad::testing {

CliResult run_triad(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env, std::chrono::seconds timeout,
                    const std::string& stdin_file) {
  const ProcessResult r = run_process(TRIAD_CLI_PATH, args, env, timeout, stdin_file);
  return CliResult{r.exit_code, r.out, r.err, r.timed_out};
}

std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
  REQUIRE(f.flush());
}

int sqlite_user_version(const std::string& path) {
  sqlite3* db = nullptr;
  int version = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return version;
}

bool set_sqlite_user_version(const std::string& path, int version) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
  const std::string sql = "PRAGMA user_version = " + std::to_string(version);
  ok = ok && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);  // checkpoints the WAL into the file and removes it
  return ok;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}

CliWorkspace::CliWorkspace() : db_(dir_.file("x.db")) {
  env_["XDG_DATA_HOME"] = dir_.path().string();
  env_["XDG_CONFIG_HOME"] = dir_.file("config");
  env_["HOME"] = dir_.path().string();
  env_["TZ"] = "UTC";
  env_["TRIAD_TOKEN"] = "";  // never a token from the environment of whoever runs the tests
}

CliResult CliWorkspace::run_on(const std::string& db, const std::vector<std::string>& args) const {
  std::vector<std::string> full{"--db", db};
  full.insert(full.end(), args.begin(), args.end());
  return run_triad(full, env_);
}

CliResult CliWorkspace::run_raw(const std::vector<std::string>& args) const {
  return run_triad(args, env_);
}

CliResult CliWorkspace::run_with_input(const std::vector<std::string>& args,
                                       const std::string& input,
                                       const std::map<std::string, std::string>& extra_env) const {
  const std::string input_file = file("stdin-" + std::to_string(++inputs_));
  write_bytes(input_file, input);
  std::map<std::string, std::string> env = env_;
  for (const auto& [k, v] : extra_env) env[k] = v;
  std::vector<std::string> full{"--db", db_};
  full.insert(full.end(), args.begin(), args.end());
  return run_triad(full, env, std::chrono::seconds(60), input_file);
}

CliResult CliWorkspace::run_with_env(const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& extra_env) const {
  std::map<std::string, std::string> env = env_;
  for (const auto& [k, v] : extra_env) env[k] = v;
  std::vector<std::string> full{"--db", db_};
  full.insert(full.end(), args.begin(), args.end());
  return run_triad(full, env);
}

std::string CliWorkspace::ok_on(const std::string& db, const std::vector<std::string>& args) const {
  const CliResult r = run_on(db, args);
  std::string cmd;
  for (const auto& a : args) cmd += " '" + a + "'";
  INFO("triad --db " << db << cmd << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());
  return r.out;
}

void CliWorkspace::init_on(const std::string& db, const std::string& school,
                           const std::string& person) const {
  const std::string out = ok_on(db, {"init", "--school", school, "--person", person});
  REQUIRE(contains(out, "created a store for " + school + " / " + person));
}

std::string CliWorkspace::add_on(const std::string& db, const std::string& type,
                                 const std::vector<std::string>& fields) const {
  std::vector<std::string> args{"add", type};
  args.insert(args.end(), fields.begin(), fields.end());
  const std::string out = ok_on(db, args);
  const std::string id = first_line(out);
  INFO("add printed: " << out);
  REQUIRE(id.size() == 36);
  REQUIRE(out == id + "\n");
  return id;
}

std::string CliWorkspace::export_json(const std::string& db) const {
  return ok_on(db, {"export", "--format", "json"});
}

}  // namespace triad::testing
