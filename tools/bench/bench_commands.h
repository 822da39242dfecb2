// The benchmark commands of triad-bench, and their arguments as parsed by main.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace triad::bench {

struct WArgs {
  size_t records = 10'000;
  size_t batch = 1;
  uint64_t seed = 42;
  std::string transport = "inproc";
  std::string dir;
  bool keep = false;
  bool json = false;
};
int run_w(const WArgs& a);

struct ScaleArgs {
  std::vector<size_t> sizes{10'000, 100'000, 1'000'000};
  std::vector<size_t> devices{10, 1'000, 10'000};  // enrolled on the hub, one count per size
  std::string postgres;  // a PostgreSQL server (admin conninfo) for the hub; empty: SQLite
  std::string dir;
  bool json = false;
};
int run_scale(const ScaleArgs& a);

struct HubLoadArgs {
  size_t sessions = 1000;
  size_t changes = 2;             // records each device pushes
  size_t connect_parallel = 256;  // handshakes in flight at once while sessions open
  size_t hubs = 1;                // hub processes sharing the store
  std::string postgres;           // a PostgreSQL server (admin conninfo); empty: SQLite
  std::string dir;
  bool json = false;
};
int run_hub_load(const HubLoadArgs& a);

struct FloodArgs {
  uint64_t file_limit = 1024;  // RLIMIT_NOFILE of the hub (systemd's default soft limit)
  static constexpr size_t kDerived = SIZE_MAX;
  size_t idle = kDerived;            // idle connections to the sync port (twice the file limit)
  size_t idle_dashboard = kDerived;  // idle connections to the dashboard (half the file limit)
  size_t declared = 200;             // sessions holding a frame that declares 4 MiB
  size_t devices = 4;                // real devices syncing one sync after another
  double seconds = 20;
  std::string hub = TRIAD_HUB_BINARY;  // the triad-hub binary to run
  double max_cpu_share = 0.5;          // checks: hub CPU seconds per second of flood
  size_t max_log_lines = 30;           // log lines other than sessions' start and end
  double max_rss_mib = 128;            // peak RSS of the hub
  std::string dir;
  bool json = false;
};
int run_flood(const FloodArgs& a);

struct TextArgs {
  std::string traces;  // folder of the editing traces; empty: the source tree's fixtures
  int repeats = 5;
  bool json = false;
};
int run_text(const TextArgs& a);

}  // namespace triad::bench
