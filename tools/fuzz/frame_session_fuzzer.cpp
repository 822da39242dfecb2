// Fuzz target: bytes from the network -> frame decoder -> the hub's session state machine.
// Whatever arrives, the hub must answer with frames (or close), never crash, hang or grow without
// bound; a bad frame ends the stream.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_hub.h"
#include "triad/hub/hub_session.h"
#include "triad/sync/frame.h"
#include "triad/sync/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& f = triad::fuzz::fuzz_hub();
  triad::sync::FrameDecoder decoder(64 * 1024);
  decoder.feed(std::string_view(reinterpret_cast<const char*>(data), size));
  triad::sync::HubSession session(*f.hub);
  for (int frames = 0; frames < 64 && !session.finished(); ++frames) {
    auto next = decoder.next();
    if (!next || !next->has_value()) break;
    triad::v1::Envelope e = std::move(**next);
    if (e.has_hello() && e.hello().device_token() == "VALID")
      e.mutable_hello()->set_device_token(f.token);
    for (const auto& out : session.receive(e)) {
      if (out.body_case() == triad::v1::Envelope::BODY_NOT_SET)
        __builtin_trap();  // never send an empty frame
    }
  }
  return 0;
}
