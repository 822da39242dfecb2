// The simulated alliance: one hub and many devices in one process, over a virtual network whose
// faults (dropped and duplicated frames, partitions, restarts, clock skew) are all drawn from one
// seeded generator, so a run replays exactly. Every decision is written to the trace.
// Not thread-safe: one World per thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "triad/core/store.h"
#include "triad/hub/hub.h"
#include "triad/hub/hub_session.h"
#include "triad/sync/session.h"

namespace triad::sim {

struct SimConfig {
  uint64_t seed = 1;
  int devices = 6;  // 3..20
  int schools = 3;
  int steps = 400;
  double p_drop = 0.02;       // a frame is lost (the connection dies)
  double p_duplicate = 0.01;  // a frame arrives twice
  double p_reorder = 0.01;    // two frames in flight arrive swapped
  bool trace = false;         // print every event as it happens
  // A PostgreSQL server (libpq keywords, e.g. "host=/tmp/pg user=postgres dbname=postgres"): the
  // hub's store is then a new database there, for this seed, served by two hubs that share it
  // (two hub processes, each session with one of them at random). "" for one hub on SQLite.
  std::string postgres;
};

struct Device {
  std::string name;
  std::string token;
  std::unique_ptr<core::Store> store;
  std::shared_ptr<int64_t> skew_ms = std::make_shared<int64_t>(0);  // this device's clock error now
  int64_t sane_skew_ms = 0;  // its error when its date is right (within an hour)
  bool online = true;
  bool revoked = false;  // the admin revoked its token: it never syncs again
  std::shared_ptr<int> fault_in = std::make_shared<int>(0);  // the Nth statement from now fails
  std::vector<std::string> backups;  // files holding copies of its store taken along the way
};

// The troubles a run may meet besides the network's. A hub restore is never drawn with device
// restores or a revocation: a change that only third devices still hold (its author's device lost
// it too, or may no longer sync) cannot come back, because the hub accepts a record only from a
// device that may write it (README, "After a restore").
struct Troubles {
  bool device_restores = false;  // devices put back from backups of their store
  bool hub_restore = false;      // the hub put back from a backup of its store
  bool revocation = false;       // one device's token revoked
  bool clock_jumps = false;      // a device's date jumps ten years ahead, and back
};

// One session in flight between a device and the hub.
struct Link {
  int device;
  std::unique_ptr<sync::ClientSession> client;
  std::unique_ptr<sync::HubSession> hub;
  std::vector<v1::Envelope> to_hub, to_device;
};

class World {
 public:
  explicit World(SimConfig config);
  ~World();
  // Runs the random steps, then heals and syncs everyone to quiescence, then checks.
  // Returns the failures found ("" when every invariant holds).
  std::string run();
  const std::vector<std::string>& trace() const { return trace_; }
  size_t records_checked() const { return records_checked_; }

 private:
  void step();
  void edit(Device& d);
  void start_session(int device);
  void pump(Link& link);
  void restart_hub();
  void open_hubs();
  // The hub a new session reaches: on PostgreSQL either of the two, at random.
  sync::Hub& any_hub() { return second_hub_ && pick(2) ? *second_hub_ : *hub_; }
  void trouble();
  void back_up_device(Device& d);
  void restore_device(int device);
  void restore_hub();
  void revoke(int device);
  std::string hub_backup_;  // a copy of the hub's store, once one was taken
  void crash_inside_transaction();
  void heal_and_settle();
  std::string check();

  uint64_t pick(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  std::string typed(std::string text);
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  void log(const std::string& line);
  core::StoreOptions options_for(std::shared_ptr<int64_t> skew, core::SiteId site,
                                 std::shared_ptr<int> fault_in);

  SimConfig config_;
  std::mt19937_64 rng_;
  uint64_t now_ms_ = 1'400'000'000'000ull;
  std::string hub_path_;
  std::shared_ptr<int> hub_fault_in_ = std::make_shared<int>(0);
  std::unique_ptr<sync::Hub> hub_;
  std::unique_ptr<sync::Hub> second_hub_;  // on PostgreSQL: another hub on the same store
  std::string database_;                   // on PostgreSQL: this run's database
  std::vector<Device> devices_;
  std::vector<Link> links_;
  std::vector<std::string> trace_;
  size_t records_checked_ = 0;
  Troubles troubles_;
  std::string dir_;
  int files_ = 0;       // names the store files the run makes
  std::string broken_;  // invariants broken while running (a revoked device's push taken)
};

}  // namespace triad::sim
