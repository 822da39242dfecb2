// The state of a running HubServer, shared by its two halves: hub_server.cpp (listening,
// accepting, admission, shutdown) and hub_connection.cpp (one connection: TLS, its session, its
// log lines). Everything here is used from the I/O thread, except the store thread's own
// GroupCommit and the metrics, which any thread may read. Internal to sync.
#pragma once

#include <atomic>
#include <optional>

#include "group_commit.h"
#include "triad/hub/hub_metrics.h"
#include "triad/hub/hub_server.h"
#include "triad/net/connection_limits.h"
#include "triad/net/open_connections.h"
#include "triad/sync/detail/asio_includes.h"
#include "triad/sync/detail/frame_budget.h"
#include "triad/sync/transport.h"

namespace triad::sync {

struct HubServer::Impl {
  Hub& hub;
  ServeOptions options;  // with the limits resolved (no zeros)
  uint64_t file_limit;
  detail::FrameBudget budget;  // before `io`: sessions destroyed with `io` give their bytes back
  net::Admission admission;
  // Lines about frequent events, at most one per interval each (connection_limits.h).
  net::LogThrottle admission_log, unfinished_log, busy_log;
  net::OpenConnections open;  // before `io`: sessions destroyed with `io` leave it
  detail::asio::io_context io{1};
  detail::asio::thread_pool store_thread{1};  // the hub's store is used from this one thread only
  detail::GroupCommit group_commit{hub, store_thread};
  std::optional<detail::asio::ssl::context> tls;
  detail::tcp::acceptor acceptor{io};
  detail::asio::signal_set signals{io};
  std::atomic<size_t> served{0};
  HubMetrics metrics;  // counted on the I/O thread, read by the dashboard's (atomics)

  Impl(Hub& h, ServeOptions o, uint64_t files)
      : hub(h),
        options(std::move(o)),
        file_limit(files),
        budget(options.max_buffered_bytes),
        admission(options.max_connections, options.max_connections_per_address) {}
};

namespace detail {

// Serves one accepted connection to its end: admission, TLS, the session, its log lines.
awaitable<void> serve_connection(HubServer::Impl& s, tcp::socket socket);

}  // namespace detail

}  // namespace triad::sync
