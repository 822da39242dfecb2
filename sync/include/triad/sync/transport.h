// The network: the hub's server and the client's connection, over TCP with TLS (Boost.Asio and
// OpenSSL). Each connection runs its session state machine (session.h) frame by frame; the
// hub's store work runs on one store thread, never on the I/O thread. Plain TCP only when
// asked for explicitly.
//
// HubServer: run() blocks on the calling thread (the I/O thread); stop() may be called from any
// thread. sync_with_hub() runs on the calling thread and uses the store from it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "triad/core/store.h"
#include "triad/sync/hub.h"
#include "triad/sync/session.h"

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
  // The limits in force, in words for the hub's log ("at most 864 connections, ...").
  std::string limits_text() const;

  struct Impl;  // opaque: defined in hub_server.cpp

 private:
  explicit HubServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct HubAddress {
  std::string address;  // HOST:PORT
  std::string ca_file;  // PEM: the CA that signed the hub's certificate, or the certificate itself
  bool plaintext = false;
  std::chrono::milliseconds timeout{30'000};  // for connecting and for each frame
};

// One whole session with the hub: push, pull, bye. kUnavailable when the hub cannot be reached
// or the link breaks (everything committed so far stays committed: retry resumes from there);
// kFailedPrecondition when the hub refuses the device, or its certificate is not valid at the
// device's date (the message shows that date and the certificate's validity); kInvalidArgument
// for plain TCP to an address that is not loopback.
core::Result<SyncReport> sync_with_hub(core::Store& store, const HubAddress& hub,
                                       ClientOptions options);

}  // namespace triad::sync
