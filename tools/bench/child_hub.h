// A hub serving over TLS on 127.0.0.1 in a child process of the benchmark, so its memory and
// CPU are its own: fork(), open the hub store, serve on a port the child picks and reports
// through a pipe; stop() sends SIGTERM (the polite shutdown) and collects its peak RSS.
// Fork before this process starts any thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "triad/core/status.h"

namespace triad::bench {

// A throwaway ECDSA P-256 certificate for 127.0.0.1 (openssl req): returns the cert path; the
// key is written beside it.
core::Result<std::string> make_loopback_certificate(const std::string& dir);

class ChildHub {
 public:
  // `hub_db`: an initialised hub store (closed in this process).
  static core::Result<ChildHub> start(const std::string& hub_db, const std::string& cert_file);
  ChildHub(ChildHub&& other) noexcept : pid_(other.pid_), port_(other.port_) { other.pid_ = -1; }
  ~ChildHub();

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Current resident set and its high-water mark (/proc/PID/status), MiB.
  double rss_mib() const;
  double peak_rss_mib() const;
  // Stops the hub and waits for it; its peak RSS in MiB, or an error if it did not end well.
  core::Result<double> stop();

 private:
  ChildHub(pid_t pid, uint16_t port) : pid_(pid), port_(port) {}
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace triad::bench
