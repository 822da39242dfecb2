// The dashboard's HTTPS server (Boost.Beast over Asio and OpenSSL), on a port of its own beside the
// sync listener. It runs on a thread of its own, and the pages are made on a second thread with
// the site's own connection to the hub's store (SQLite WAL), so it never holds up a sync session.
// Requests are small (headers 8 KiB, bodies 4 KiB), every read and write has a deadline, and a
// connection serves at most 100 requests. Like the sync port it holds a bounded number of
// connections in total and per address (its share of the process's file limit,
// triad/net/connection_limits.h), closes connections that have not finished TLS and their first
// request within the handshake deadline, pauses accepting when out of file handles, logs such
// events at most once per interval, and stops politely; all of that is triad_net's, written once
// for both servers.
//
// create() and stop() are called from one thread (the hub's main thread); the server is
// otherwise self-contained.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "dashboard_site.h"

namespace triad::dashboard {

struct DashboardOptions {
  std::string listen = "127.0.0.1:0";  // HOST:PORT; port 0 picks a free port
  std::string cert_file;               // PEM certificate chain (the hub's own)
  std::string key_file;                // PEM private key
  std::string db_path;                 // the hub's store
  SiteOptions site;
  std::chrono::milliseconds timeout{30'000};  // each request and response
  std::chrono::milliseconds handshake_timeout{
      10'000};                                  // from accept to TLS done and a first request
  size_t max_connections = 0;                   // 0: the dashboard's share of the file limit
  size_t max_per_address = 0;                   // 0: likewise
  std::function<void(const std::string&)> log;  // where limits and accept failures are reported
};

class DashboardServer {
 public:
  // Opens the store, loads the certificate, binds, and starts serving on its own thread. Errors
  // name the file or address at fault.
  static core::Result<std::unique_ptr<DashboardServer>> start(DashboardOptions options);
  ~DashboardServer();  // stops

  uint16_t port() const;
  // Stops accepting, ends idle connections, gives those answering a request 2 s to finish, closes
  // the rest and joins the threads. Idempotent.
  void stop();

  struct Impl;

 private:
  explicit DashboardServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace triad::dashboard
