// The hub's server, over TCP with TLS (Boost.Asio and OpenSSL, on triad_net): each connection
// runs its session state machine (hub_session.h) frame by frame; the hub's store work runs on one
// store thread (group commit), never on the I/O thread. Plain TCP only when asked for explicitly.
// run() blocks on the calling thread (the I/O thread); stop() may be called from any thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "triad/core/status.h"
#include "triad/hub/hub.h"
#include "triad/hub/hub_metrics.h"

namespace triad::sync {

struct ServeOptions {
  std::string listen = "127.0.0.1:0";  // HOST:PORT; port 0 picks a free port
  std::string cert_file;               // PEM certificate chain of the hub
  std::string key_file;                // PEM private key
  bool plaintext = false;              // --insecure-plaintext: no TLS; only on a loopback address
  std::chrono::milliseconds read_timeout{60'000};
  std::chrono::milliseconds shutdown_grace{5'000};
  bool handle_signals = false;  // stop politely on SIGINT and SIGTERM
  // Limits and deadlines (README "Limits and deadlines"). 0 connections: the share of the
  // process's file limit that connection_limits.h gives the sync port.
  size_t max_connections = 0;
  size_t max_connections_per_address = 0;
  std::chrono::milliseconds handshake_timeout{10'000};  // from accept to a Hello answered
  size_t max_buffered_bytes = size_t{128} << 20;        // frames in flight, all sessions together
};

class HubServer {
 public:
  // Binds the listening socket and loads the certificate; errors say which file or address.
  static core::Result<std::unique_ptr<HubServer>> create(Hub& hub, ServeOptions options);
  ~HubServer();

  uint16_t port() const;
  // Serves until stop() or a signal: then stops accepting, tells idle sessions the hub is
  // shutting down, waits up to shutdown_grace for the rest, and returns.
  core::Status run();
  void stop();
  size_t sessions_served() const;  // sessions welcomed (a valid Hello) so far
  // What this server has done since it was created; read from any thread (hub_metrics.h). Lives
  // as long as the server.
  const HubMetrics& metrics() const;
  // The limits in force, in words for the hub's log ("at most 864 connections, ...").
  std::string limits_text() const;

  struct Impl;  // opaque: defined in hub_server.cpp

 private:
  explicit HubServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace triad::sync
