// How many connections the hub's servers hold, which connection gives way when one is full, and
// what an accept loop does when accept() fails (README "Limits and deadlines"). The hub's two
// listeners, the sync port (hub_server.cpp) and the leads' dashboard (sync/hub/dashboard), run
// in one process under one file limit (RLIMIT_NOFILE); share_file_limit() divides it between
// them and keeps room for the store and the hub's other files, so that connections alone never
// exhaust it. Pure bookkeeping, no sockets: each server keeps its own objects and uses them from
// its one I/O thread. Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace triad::net {

// The hub's listeners' shares of a process file limit.
struct ConnectionShare {
  size_t sync_connections = 0;
  size_t sync_per_address = 0;
  size_t dashboard_connections = 0;
  size_t dashboard_per_address = 0;
};

// Files kept for the rest of the hub: standard streams, the store with its WAL and shared memory
// and the temporary files SQLite may open, the dashboard's own connection to the store, the
// event loop's descriptors, and a margin of 1/16 of the limit for what was not foreseen.
constexpr uint64_t kFilesKeptBesideConnections = 64;
// One client address may hold at most this many sync connections (and at most half of all): every
// device of a large school behind one NAT address syncing at the same moment, which happens when
// they all retry together after an outage. Connections that have not yet finished TLS and Hello
// give way to newer ones, so a flood from a school's address cannot lock its own tablets out.
constexpr size_t kMaxSyncConnectionsPerAddress = 512;

// The shares for a process allowed `file_limit` open files (see the constants above).
ConnectionShare share_file_limit(uint64_t file_limit);
// This process's limit of open files (the soft RLIMIT_NOFILE).
uint64_t process_file_limit();

// The connections one server holds, counted in total and per client address. A connection is
// pending until its server calls Ticket::established() (the sync port: after TLS and Hello; the
// dashboard: after TLS and a first request); a pending connection may be pushed out to admit a
// newer one. Those that have got least far go first, the oldest of them first: connections that
// have sent nothing yet, then those in the middle of their TLS handshake, then those that have
// finished it. A flood of connections that never send a byte therefore never pushes out a device
// that is handshaking, even from the same address.
class Admission {
 public:
  Admission(size_t max_connections, size_t max_per_address);
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

  // How far a pending connection has got.
  enum class Stage { kSilent = 0, kSpoken = 1, kSecured = 2 };  // sent bytes; finished TLS
  static constexpr int kPendingStages = 3;

  // A connection's place, given back when the ticket is destroyed.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept : admission_(other.admission_), id_(other.id_) {
      other.admission_ = nullptr;
    }
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();
    // The pending connection got as far as `stage` (never back).
    void advance(Stage stage);
    // The connection finished its handshake: it is never pushed out from now on.
    void established();

   private:
    friend class Admission;
    Ticket(Admission* admission, uint64_t id) : admission_(admission), id_(id) {}
    Admission* admission_;
    uint64_t id_;
  };

  enum class Outcome {
    kAdmitted,
    kAdmittedPushingOut,     // a pending connection was closed to make room
    kRefusedAtAddressLimit,  // the address holds max_per_address established connections
    kRefusedAtTotalLimit,    // the server holds max_connections established connections
  };
  struct Admitted {
    Outcome outcome;
    std::optional<Ticket> ticket;  // set unless refused
  };

  // Admits a connection from `address` (an IP address as text). At a limit, a pending connection
  // in the way (of that address for the per-address limit; of any address for the total) is
  // pushed out, the least advanced and then the oldest: its `close` is called at once and its
  // place is the new one's. When every connection in the way is established, the new one is
  // refused. `close` must stay callable until the ticket is destroyed or established.
  Admitted admit(const std::string& address, std::function<void()> close);

  size_t open() const { return entries_.size(); }
  size_t open_from(const std::string& address) const;
  size_t max_connections() const { return max_connections_; }
  size_t max_per_address() const { return max_per_address_; }

 private:
  // Pending connections by stage, each set of ids in arrival order (the oldest first).
  using Pending = std::set<uint64_t>[kPendingStages];
  struct Entry {
    std::string address;
    std::function<void()> close;
    int stage = 0;  // while pending
    bool established = false;
  };
  struct PerAddress {
    size_t open = 0;
    Pending pending;
  };

  bool push_out_first(Pending& pending);
  void forget(uint64_t id);
  void move(uint64_t id, std::optional<Stage> to);  // nullopt: established

  size_t max_connections_;
  size_t max_per_address_;
  uint64_t next_id_ = 1;
  std::map<uint64_t, Entry> entries_;
  std::map<std::string, PerAddress> addresses_;
  Pending pending_;  // every address's
};

// A line about a frequent event, written at most once per interval: the first at once, the ones
// after it counted and summed up in the next line that is due.
class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LogThrottle(Clock::duration interval = std::chrono::seconds(10)) : interval_(interval) {}
  // Counts one event at `now`; the number to report (this one included) when a line is due.
  std::optional<size_t> count(Clock::time_point now);

 private:
  Clock::duration interval_;
  std::optional<Clock::time_point> last_line_;
  size_t unreported_ = 0;
};

// What an accept loop does after accept() failed with `error` (an errno value).
struct AfterAcceptFailure {
  std::chrono::milliseconds pause{0};  // stop accepting this long
  std::optional<std::string> log_line;
};

// Out of file handles (EMFILE, ENFILE) or kernel memory (ENOBUFS, ENOMEM), the connection stays
// in the kernel's queue and accepting again at once fails again: a loop that retries spins at
// full CPU. So it pauses for kAcceptPause. Other failures (a client that gave up while queued)
// need no pause. Every failure is counted; the log gets a line at most once per interval.
class AcceptFailures {
 public:
  static constexpr std::chrono::milliseconds kAcceptPause{200};
  AfterAcceptFailure on_failure(int error, const std::string& message,
                                LogThrottle::Clock::time_point now);

 private:
  LogThrottle throttle_;
};

}  // namespace triad::net
