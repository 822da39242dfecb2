// The state of a running HubServer, shared by its two halves: hub_server.cpp (listening,
// accepting, admission, shutdown) and hub_connection.cpp (one connection: TLS, its session, its
// log lines). Everything here is used from the I/O thread, except the store thread's own
// GroupCommit. Internal to sync.
#pragma once

#include <atomic>
#include <optional>
#include <set>

#include "asio_includes.h"
#include "frame_budget.h"
#include "group_commit.h"
#include "triad/sync/connection_limits.h"
#include "triad/sync/transport.h"

namespace triad::sync {

struct HubServer::Impl {
  bool torn_down = false;  // declared first, destroyed last: frames destroyed with `io` check it
  Hub& hub;
  ServeOptions options;  // with the limits resolved (no zeros)
  uint64_t file_limit;
  detail::FrameBudget budget;  // before `io`: sessions destroyed with `io` give their bytes back
  Admission admission;
  // Lines about frequent events, at most one per interval each (connection_limits.h).
  LogThrottle admission_log, unfinished_log, busy_log;
  AcceptFailures accept_failures;
  detail::asio::io_context io{1};
  detail::asio::thread_pool store_thread{1};  // the hub's store is used from this one thread only
  detail::GroupCommit group_commit{hub, store_thread};
  std::optional<detail::asio::ssl::context> tls;
  detail::tcp::acceptor acceptor{io};
  detail::asio::signal_set signals{io};
  std::set<detail::tcp::socket*> live;  // open connections
  bool stopping = false;
  std::optional<detail::asio::steady_timer>
      grace;  // while stopping: when to give up on open sessions
  std::atomic<size_t> served{0};

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
