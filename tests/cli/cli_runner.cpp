#include "cli_runner.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace triad::testing {

namespace {

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    const std::string key = entry.substr(0, entry.find('='));
    if (!extra.count(key)) out.push_back(entry);
  }
  for (const auto& [key, value] : extra) out.push_back(key + "=" + value);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// In the child, after fork: only async-signal-safe calls until execve.
[[noreturn]] void exec_child(int out_fd, int err_fd, char** argv, char** envp) {
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  ::execve(argv[0], argv, envp);
  static const char kMsg[] = "cli_runner: execve failed\n";
  (void)!::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  ::_exit(127);
}

}  // namespace

CliResult run_triad(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                    std::chrono::seconds timeout) {
  std::vector<std::string> argv_strings{TRIAD_CLI_PATH};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(env);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);

  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
    FAIL("pipe2 failed: " << std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) FAIL("fork failed: " << std::strerror(errno));
  if (pid == 0) exec_child(out_pipe[1], err_pipe[1], argv.data(), envp.data());
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);

  CliResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    const int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[8192];
      const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (pollfd& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
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

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

CliWorkspace::CliWorkspace() : db_(dir_.file("x.db")) {
  env_["XDG_DATA_HOME"] = dir_.path().string();
  env_["HOME"] = dir_.path().string();
  env_["TZ"] = "UTC";
}

CliResult CliWorkspace::run_on(const std::string& db, const std::vector<std::string>& args) const {
  std::vector<std::string> full{"--db", db};
  full.insert(full.end(), args.begin(), args.end());
  return run_triad(full, env_);
}

CliResult CliWorkspace::run_raw(const std::vector<std::string>& args) const { return run_triad(args, env_); }

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

void CliWorkspace::init_on(const std::string& db, const std::string& school, const std::string& person) const {
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

std::string CliWorkspace::export_json(const std::string& db) const { return ok_on(db, {"export", "--format", "json"}); }

}  // namespace triad::testing
