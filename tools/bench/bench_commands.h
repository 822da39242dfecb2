// The benchmark commands of triad-bench, and their arguments as parsed by main.cpp.
#pragma once

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
  std::string dir;
  bool json = false;
};
int run_scale(const ScaleArgs& a);

struct HubLoadArgs {
  size_t sessions = 1000;
  size_t changes = 2;       // records each device pushes
  size_t connect_parallel = 256;  // handshakes in flight at once while sessions open
  std::string dir;
  bool json = false;
};
int run_hub_load(const HubLoadArgs& a);

}  // namespace triad::bench
