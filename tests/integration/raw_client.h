// A raw protocol client for the hub, over TLS or plain TCP (Boost.Asio + OpenSSL), that sends
// whatever bytes a test gives it: bad frames, sessions out of order, records a real client would
// never send. Every operation has a time limit, so a hub that hangs fails the test instead of
// blocking the suite. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "triad/v1/sync.pb.h"

namespace triad::integration {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; with TLS, completes the handshake, checking the hub's certificate
  // against `ca_file`. REQUIREs success.
  RawConnection(uint16_t port, bool tls, const std::string& ca_file);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes all of `bytes`; false if the connection failed.
  bool send_bytes(const std::string& bytes);
  bool send(const v1::Envelope& envelope);
  // The next whole frame from the hub, decoded with triad_sync's frame helpers; nullopt when the
  // connection ends or nothing comes within `timeout` (`why` says which).
  std::optional<v1::Envelope> read_frame(std::chrono::milliseconds timeout,
                                         std::string* why = nullptr);
  // Exactly `n` bytes from the hub (any protocol: the dashboard speaks HTTP); nullopt if the
  // connection ends or they do not all come within `timeout`.
  std::optional<std::string> read_bytes(size_t n, std::chrono::milliseconds timeout);
  // Whether the hub closes the connection within `timeout` without sending anything more.
  bool closed_by_hub(std::chrono::milliseconds timeout);
  // Closes our end at once (TCP close, no TLS close_notify), as a crashed client would.
  void drop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A Hello as `triad` sends it, for a device token.
v1::Envelope hello_envelope(const std::string& token, uint64_t site_id, uint32_t major = 1);

}  // namespace triad::integration
