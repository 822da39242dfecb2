// Workload W on Triad: three school stores and a hub store, the local actions through the Store
// API, then rounds of sync sessions (in process, or over TLS to a hub in a child process).
#pragma once

#include <array>
#include <string>

#include "workload_w.h"

namespace triad::bench {

struct WOptions {
  size_t records = 10'000;
  size_t batch = 1;
  uint64_t seed = 42;
  bool tls = false;
  std::string dir;  // where the stores go (a fresh folder under it)
  bool keep = false;
};

struct WFigures {
  size_t actions = 0;
  double local_ms = 0;  // every school's actions
  double create_ms = 0, update_ms = 0, delete_ms = 0;
  double sync_ms = 0;  // every round
  int rounds = 0;
  size_t refused = 0;  // records refused by the hub or by a school: must stay 0
  uint64_t bytes_up = 0, bytes_down = 0, bytes_zlib = 0;
  uint64_t hub_store_bytes = 0;
  uint64_t school_store_bytes = 0;    // the largest school store
  double peak_rss_mib = 0;            // of the process that did the work (the hub's own for tls)
  double hub_peak_rss_mib = 0;        // tls only
  std::array<std::string, 4> hashes;  // schools 0..2, then the hub
  std::string expected;
  bool converged() const;  // every replica's hash is the expected one, nothing refused
};

// The id (text) a Triad store gives the person `author` of school `school`: derived from names.
std::string person_id_text(int school, int author);

WFigures run_w_on_triad(const Workload& w, const WOptions& options);
WFigures run_w_on_plain_sqlite(const Workload& w, const WOptions& options);

}  // namespace triad::bench
