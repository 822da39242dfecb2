// The hostile side of `triad-bench flood`: many connections to a hub from 127.0.0.1, on a thread
// of their own (one io_context, Asio coroutines).
// - Idle connections to the sync port and to the dashboard's: TCP only, never a byte of TLS.
// - Declared frames: TLS sessions of an enrolled device that say Hello, then send a frame header
//   declaring 4 MiB and 4 bytes of its body, and hold it (issue 12's "memory by declaration").
// Whenever the hub closes one, it is opened again after `reconnect`: an attacker who keeps trying.
// Thread-safe: figures() may be read from any thread while the flood runs.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>  // before Asio (flood.cpp): Boost 1.74 under C++20 needs std::exchange first

namespace triad::bench {

struct FloodPlan {
  uint16_t port = 0;            // the hub's sync port
  uint16_t dashboard_port = 0;  // its dashboard's
  size_t idle = 0;              // idle connections to the sync port
  size_t idle_dashboard = 0;    // idle connections to the dashboard
  size_t declared = 0;          // sessions holding a declared 4 MiB frame
  std::string token;            // the declaring device's token
  std::string cert;             // the hub's certificate (for the TLS sessions)
  std::chrono::milliseconds reconnect{500};
};

struct FloodFigures {
  size_t connects = 0;       // connections the hub accepted (TCP) or completed (declared)
  size_t closed_by_hub = 0;  // of those, closed by the hub while the flood ran
  size_t failed = 0;         // connects, handshakes or Hellos that did not succeed
  size_t held = 0;           // open now
  size_t declared_held = 0;  // declared frames held now
};

class Flood {
 public:
  explicit Flood(FloodPlan plan);  // opens the connections on its own thread
  ~Flood();
  Flood(const Flood&) = delete;
  Flood& operator=(const Flood&) = delete;

  FloodFigures figures() const;
  // Stops reconnecting and closes every connection.
  void stop();

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::thread thread_;
  FloodFigures last_;  // once stopped
};

}  // namespace triad::bench
