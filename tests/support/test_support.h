// Shared helpers for the test suite: temporary folders, seeds, and stores with a controlled
// wall clock. Header-only; not thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "triad/core/store.h"

namespace triad::testing {

// A fresh folder under the system temp dir, removed with everything in it when destroyed.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("triad-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The seed of a randomised test: $TRIAD_SEED if set (to replay a failure), else a random one.
// Always printed, so any run can be replayed.
inline uint64_t test_seed(const char* test_name) {
  uint64_t seed;
  if (const char* env = std::getenv("TRIAD_SEED"); env && *env) {
    seed = std::strtoull(env, nullptr, 10);
  } else {
    std::random_device rd;
    seed = (uint64_t{rd()} << 32) ^ rd();
  }
  std::printf("%s: seed=%llu (replay with TRIAD_SEED=%llu)\n", test_name,
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  std::fflush(stdout);
  return seed;
}

// A wall clock tests move by hand; shared by the stores that use it.
struct ManualClock {
  std::shared_ptr<uint64_t> now_ms = std::make_shared<uint64_t>(1'400'000'000'000ull);  // 2014
  core::WallClock wall() const {
    auto now = now_ms;
    return [now] { return *now; };
  }
  void set(uint64_t ms) { *now_ms = ms; }
  void advance(uint64_t ms) { *now_ms += ms; }
};

inline core::StoreOptions options_with(const ManualClock& clock, core::SiteId site) {
  core::StoreOptions o;
  o.wall = clock.wall();
  o.site_id = site;
  o.synchronous_full = false;
  return o;
}

}  // namespace triad::testing
