#include "triad/core/clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

namespace triad::core {

std::string site_text(SiteId site) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(site));
  return hex;
}

WallClock system_wall_clock() {
  return [] {
    using namespace std::chrono;
    return static_cast<uint64_t>(
        duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
  };
}

HybridClock::HybridClock(SiteId site, uint64_t last, WallClock wall, uint64_t max_ahead_ms)
    : site_(site), last_(last), wall_(std::move(wall)), max_ahead_ms_(max_ahead_ms) {}

Stamp HybridClock::tick() {
  const uint64_t wall = make_hlc(wall_(), 0);
  // When the wall clock is behind what we have seen, keep counting from the highest value; a
  // counter overflow carries into the millisecond part, which stays monotonic.
  last_ = std::max(wall, last_ + 1);
  return Stamp{last_, site_};
}

Status HybridClock::check(uint64_t remote_hlc) const {
  const uint64_t wall = wall_();
  const uint64_t remote_ms = hlc_millis(remote_hlc);
  if (remote_ms > wall && remote_ms - wall > max_ahead_ms_) {
    const uint64_t hours = (remote_ms - wall) / (60 * 60 * 1000);
    return Status(StatusCode::kClockAhead,
                  "the change is stamped " + std::to_string(hours) +
                      " hours ahead of this device's clock (the limit is " +
                      std::to_string(max_ahead_ms_ / (60 * 60 * 1000)) +
                      " hours); the device that made it probably has its date set wrong: fix its "
                      "date and time, then sync again");
  }
  return Status::ok();
}

void HybridClock::observe(uint64_t remote_hlc) { last_ = std::max(last_, remote_hlc); }

}  // namespace triad::core
