// The real `triad-hub serve` binary in a child process, started with a file limit of the
// benchmark's choosing (setrlimit in the child before exec), serving TLS and its dashboard on
// ports it picks on 127.0.0.1. Its stderr (the hub's log) goes to a file; its CPU time and memory
// are read from /proc. Unlike ChildHub (child_hub.h) it runs the shipped binary with the shipped
// defaults, so a benchmark can run the same flood against an older build (--hub PATH).
// Not thread-safe; stop() or the destructor ends it (SIGTERM, then SIGKILL).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "triad/core/status.h"

namespace triad::bench {

struct ExecHubOptions {
  std::string binary;                   // triad-hub
  std::string db, cert, key;            // an initialised hub store and its TLS files
  uint64_t file_limit = 1024;           // RLIMIT_NOFILE (soft) of the hub
  std::string log_file;                 // where its stderr goes
  std::vector<std::string> extra_args;  // more `serve` options
};

class ExecHub {
 public:
  static core::Result<ExecHub> start(const ExecHubOptions& options);
  ExecHub(ExecHub&& other) noexcept;
  ExecHub& operator=(ExecHub&&) = delete;
  ~ExecHub();

  pid_t pid() const { return pid_; }
  uint16_t port() const { return port_; }
  uint16_t dashboard_port() const { return dashboard_port_; }
  bool running() const;
  // User + system CPU time so far, seconds; resident set now and at its peak, MiB.
  double cpu_seconds() const;
  double rss_mib() const;
  double peak_rss_mib() const;
  // SIGTERM, up to `grace_ms` to exit, then SIGKILL; true if it exited by itself with status 0.
  bool stop(int grace_ms = 10'000);

 private:
  ExecHub() = default;
  pid_t pid_ = -1;
  uint16_t port_ = 0, dashboard_port_ = 0;
};

// The lines of `path` (the hub's log) between bytes `from` and `to` that contain none of `skip`:
// how many, and the first few. Read line by line, so a log of gigabytes does not fill memory.
struct LogLines {
  size_t count = 0;
  std::vector<std::string> first;
};
LogLines log_lines_between(const std::string& path, uint64_t from, uint64_t to,
                           const std::vector<std::string>& skip);

}  // namespace triad::bench
