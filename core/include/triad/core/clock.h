// Hybrid logical clock and stamps.
//
// Clock layout (also the persistent and wire layout): a 64-bit HLC value whose high 48 bits are
// Unix wall-clock milliseconds and whose low 16 bits are a counter, plus a 64-bit random site id
// of the replica that made the stamp. Stamps order by (hlc, site): the site id breaks ties, so
// every replica orders any two stamps the same way.
//
// HybridClock is owned by one Store and is not thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

#include "triad/core/status.h"

namespace triad::core {

using SiteId = uint64_t;

constexpr int kCounterBits = 16;
constexpr uint64_t kCounterMask = (uint64_t{1} << kCounterBits) - 1;
// Remote stamps further ahead of local wall time than this are refused (24 hours).
constexpr uint64_t kDefaultMaxClockAheadMs = 24ull * 60 * 60 * 1000;

// A site id as people and the store's person records write it: 16 lower-case hex digits.
std::string site_text(SiteId site);

inline uint64_t hlc_millis(uint64_t hlc) { return hlc >> kCounterBits; }
inline uint64_t make_hlc(uint64_t millis, uint64_t counter) {
  return (millis << kCounterBits) | (counter & kCounterMask);
}

struct Stamp {
  uint64_t hlc = 0;
  SiteId site = 0;

  bool is_zero() const { return hlc == 0 && site == 0; }
  auto operator<=>(const Stamp&) const = default;
};

// Milliseconds since the Unix epoch. Injectable so tests can set a device's date wrong.
using WallClock = std::function<uint64_t()>;
WallClock system_wall_clock();

class HybridClock {
 public:
  // `last` is the highest HLC value this replica has issued or observed (persisted by the store).
  HybridClock(SiteId site, uint64_t last, WallClock wall, uint64_t max_ahead_ms);

  // A new stamp for a local event, strictly greater than every stamp issued or observed.
  Stamp tick();
  // Checks a remote HLC value against the bound without changing the clock.
  Status check(uint64_t remote_hlc) const;
  // Moves the clock past a remote value already checked, so later local stamps follow it.
  void observe(uint64_t remote_hlc);
  // Moves the clock back to `last`. Only for Store::repair_clock, once every stamp beyond it has
  // been re-issued: a clock never goes back otherwise.
  void rewind_after_repair(uint64_t last) { last_ = last; }

  SiteId site() const { return site_; }
  uint64_t last() const { return last_; }
  uint64_t wall_ms() const { return wall_(); }

 private:
  SiteId site_;
  uint64_t last_;
  WallClock wall_;
  uint64_t max_ahead_ms_;
};

}  // namespace triad::core
