// triad-sim: the deterministic simulator. One seed drives a whole alliance's run; a failure
// prints the seed and its trace, and `triad-sim --seed N` replays it exactly.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <chrono>

#include "world.h"

namespace {

// Sizes vary with the seed, so a sweep covers small and large alliances.
triad::sim::SimConfig config_for(uint64_t seed, int devices, int steps) {
  triad::sim::SimConfig c;
  c.seed = seed;
  c.devices = devices > 0 ? devices : 3 + static_cast<int>(seed % 10);
  c.schools = 2 + static_cast<int>(seed % 4);
  c.steps = steps > 0 ? steps : 150 + static_cast<int>(seed % 7) * 50;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "triad-sim: a deterministic simulation of an alliance syncing over a faulty network.\n"
      "Devices edit every record type offline; frames are lost and duplicated; devices go\n"
      "offline and restart; the hub restarts; clocks are skewed. Then the network heals and\n"
      "the run checks: every device that may see a record holds the hub's state of it,\n"
      "nothing a device wrote was lost, and no private record left its author's device.",
      "triad-sim"};
  uint64_t seed = 0, first = 1;
  int seeds = 0, devices = 0, steps = 0;
  bool trace = false;
  std::string postgres;
  app.add_option("--seed", seed, "run (or replay) this one seed");
  app.add_option("--seeds", seeds, "run this many seeds, from --first");
  app.add_option("--first", first, "the first seed of --seeds (default 1)");
  app.add_option("--devices", devices, "devices per run, 3-20 (default: varies with the seed)")
      ->check(CLI::Range(3, 20));
  app.add_option("--steps", steps, "random steps per run (default: varies with the seed)");
  app.add_flag("--trace", trace, "print every event of the run");
  app.add_option(
      "--postgres", postgres,
      "keep the hub's store in PostgreSQL: libpq keywords of a server (e.g. \"host=/tmp/pg "
      "user=postgres dbname=postgres\"); each seed gets a database of its own there, "
      "dropped after it, served by two hubs at once");
  CLI11_PARSE(app, argc, argv);
  if ((seed == 0) == (seeds == 0)) {
    fmt::print(stderr, "triad-sim: give either --seed N or --seeds N\n");
    return 1;
  }
  const uint64_t from = seed ? seed : first;
  const uint64_t count = seed ? 1 : static_cast<uint64_t>(seeds);
  size_t passed = 0, failed = 0, checked = 0;
  const auto start = std::chrono::steady_clock::now();
  for (uint64_t s = from; s < from + count; ++s) {
    auto config = config_for(s, devices, steps);
    config.trace = trace;
    config.postgres = postgres;
    triad::sim::World world(config);
    const std::string failures = world.run();
    checked += world.records_checked();
    if (failures.empty()) {
      ++passed;
      continue;
    }
    ++failed;
    fmt::print("seed {} FAILED ({} devices, {} steps):\n{}", s, config.devices, config.steps,
               failures);
    if (!trace) {
      fmt::print("  last events of the trace:\n");
      const auto& t = world.trace();
      for (size_t i = t.size() > 30 ? t.size() - 30 : 0; i < t.size(); ++i)
        fmt::print("    {}\n", t[i]);
    }
    fmt::print("  replay: triad-sim --seed {} --trace{}\n", s,
               postgres.empty() ? "" : " --postgres '" + postgres + "'");
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("triad-sim: seeds {}..{}, {} record copies checked, {:.1f} s\n", from,
             from + count - 1, checked, secs);
  fmt::print("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
