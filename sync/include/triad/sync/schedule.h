// When a periodic sync job (`triad sync --every 15m`) runs next: the period with jitter after a
// success, exponential back-off with jitter after failures (never longer than the period), so a
// fleet of tablets does not hit the hub in step. Pure apart from the seeded generator; not
// thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace triad::sync {

class SyncSchedule {
 public:
  using ms = std::chrono::milliseconds;
  SyncSchedule(ms period, ms first_retry, uint64_t seed)
      : period_(period), first_retry_(first_retry), rng_(seed) {}

  // The wait before the next run, given how the last one went.
  ms next_delay(bool last_ok) {
    failures_ = last_ok ? 0 : failures_ + 1;
    if (last_ok) return jitter(period_, 0.1);
    const int doublings = failures_ - 1 < 16 ? failures_ - 1 : 16;
    ms backoff = first_retry_ * (int64_t{1} << doublings);
    if (backoff > period_) backoff = period_;
    return jitter(backoff, 0.2);
  }
  int consecutive_failures() const { return failures_; }

 private:
  ms jitter(ms base, double spread) {
    std::uniform_real_distribution<double> factor(1.0 - spread, 1.0 + spread);
    return ms(static_cast<int64_t>(static_cast<double>(base.count()) * factor(rng_)));
  }
  ms period_, first_retry_;
  std::mt19937_64 rng_;
  int failures_ = 0;
};

}  // namespace triad::sync
