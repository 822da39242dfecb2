// A lock file beside a store, so two syncs of one store never overlap (a cron job and a
// running `--every` loop, say). flock(2): released by the kernel if the process dies.
// Not thread-safe.
#pragma once

#include <optional>
#include <string>

namespace triad::sync {

class RunLock {
 public:
  // Takes the lock without waiting; nullopt if another process holds it or it cannot be made.
  static std::optional<RunLock> try_acquire(const std::string& path);
  RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace triad::sync
