// A sync session between a device's store and a hub in this process: the two session state
// machines joined by an in-memory pipe. Every frame is serialised and parsed again, as on the
// wire, so encoding and decoding are measured; only the socket and TLS are left out.
#pragma once

#include <cstdint>

#include "triad/core/store.h"
#include "triad/hub/hub.h"
#include "triad/sync/session.h"

namespace triad::bench {

struct LinkBytes {
  uint64_t up = 0;     // device to hub, frame headers included
  uint64_t down = 0;   // hub to device
  uint64_t zlib = 0;   // both ways, each frame compressed alone (when asked for)
  double zlib_ms = 0;  // time spent compressing, to leave out of the sync time
};

core::Result<sync::SyncReport> sync_inproc(core::Store& device, sync::Hub& hub,
                                           sync::ClientOptions options, LinkBytes& bytes,
                                           bool measure_zlib);

}  // namespace triad::bench
