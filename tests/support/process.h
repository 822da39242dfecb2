// Child processes for tests that run the built binaries: run a built binary to completion with its
// output captured and a time limit (run_process), or keep one running in the background and talk to
// it by signals (ChildProcess: the hub daemon, a sync to be killed half-way). argv vectors only, no
// shell; standard input is /dev/null unless a file is given for it. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace triad::testing {

using namespace std::chrono_literals;

struct ProcessResult {
  int exit_code = -1;  // the exit status; -1 when killed by a signal or timed out
  int signal = 0;      // the signal that ended it, if any
  std::string out;
  std::string err;
  bool timed_out = false;
  std::chrono::milliseconds took{0};
};

using Env = std::map<std::string, std::string>;

// Runs `path` with `args` (argv[1..]) and `env` added to this process's environment; kills it
// (SIGKILL) after `timeout`. Standard input is /dev/null, or the file `stdin_file` when given
// (as a shell's `< FILE`).
ProcessResult run_process(const std::string& path, const std::vector<std::string>& args,
                          const Env& env, std::chrono::milliseconds timeout = 30s,
                          const std::string& stdin_file = "");

// "path 'arg' 'arg'...", for messages.
std::string command_line(const std::string& path, const std::vector<std::string>& args);

// A process left running. Its stdout is a pipe read line by line; its stderr goes to a file, so a
// chatty daemon never blocks on a full pipe. The destructor SIGKILLs and reaps it if still running.
class ChildProcess {
 public:
  ChildProcess(const std::string& path, const std::vector<std::string>& args, const Env& env,
               const std::string& stderr_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0 && !status_; }
  // The next line of stdout without its newline; nullopt at end of output or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  void signal(int sig) const;
  // Waits up to `timeout` for the process to end; its raw wait status, nullopt if still running.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  // SIGTERM, wait up to `grace`, then SIGKILL; returns the wait status.
  int stop(std::chrono::milliseconds grace);

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_buffer_;
  std::optional<int> status_;
};

// Searches `haystack` for `needle` as raw bytes.
bool contains(const std::string& haystack, const std::string& needle);
// The whole file ("" when it does not exist).
std::string read_file_bytes(const std::string& path);

}  // namespace triad::testing
