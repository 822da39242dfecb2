#include "inproc_link.h"

#include <deque>

#include "measure.h"
#include "triad/hub/hub_session.h"
#include "triad/sync/frame.h"

namespace triad::bench {

namespace {

// Serialises and parses one frame, counting its bytes.
v1::Envelope carry(const v1::Envelope& e, uint64_t& count, LinkBytes& bytes, bool measure_zlib) {
  const std::string wire = e.SerializeAsString();
  count += sync::kFrameHeaderBytes + wire.size();
  if (measure_zlib) {
    Stopwatch w;
    bytes.zlib += sync::kFrameHeaderBytes + zlib_size(wire);
    bytes.zlib_ms += w.ms();
  }
  v1::Envelope out;
  out.ParseFromString(wire);
  return out;
}

}  // namespace

core::Result<sync::SyncReport> sync_inproc(core::Store& device, sync::Hub& hub,
                                           sync::ClientOptions options, LinkBytes& bytes,
                                           bool measure_zlib) {
  sync::ClientSession client(device, std::move(options));
  sync::HubSession hub_session(hub);
  std::deque<v1::Envelope> to_hub{carry(client.hello(), bytes.up, bytes, measure_zlib)};
  while (!to_hub.empty()) {
    const v1::Envelope frame = std::move(to_hub.front());
    to_hub.pop_front();
    for (const v1::Envelope& reply : hub_session.receive(frame))
      for (const v1::Envelope& next : client.receive(carry(reply, bytes.down, bytes, measure_zlib)))
        to_hub.push_back(carry(next, bytes.up, bytes, measure_zlib));
  }
  if (!client.finished()) return core::unavailable("the in-process session stopped before its end");
  if (!client.status().is_ok()) return client.status();
  return client.report();
}

}  // namespace triad::bench
