// The hub's connection bookkeeping without sockets (triad/net/connection_limits.h): how the file
// limit is shared, which connection gives way at a limit, and how often accept failures and
// other frequent events reach the log.
#include "triad/net/connection_limits.h"

#include <catch2/catch.hpp>
#include <cerrno>
#include <vector>

using namespace triad;
using net::Admission;
using Clock = std::chrono::steady_clock;

TEST_CASE(
    "the file limit is shared between the sync port and the dashboard, keeping room for files",
    "[net][limits]") {
  for (uint64_t limit : {64ull, 128ull, 256ull, 1024ull, 4096ull, 65536ull, 1ull << 40}) {
    INFO("file limit " << limit);
    const net::ConnectionShare share = net::share_file_limit(limit);
    CHECK(share.sync_connections >= 4);
    CHECK(share.dashboard_connections >= 4);
    CHECK(share.sync_per_address <= share.sync_connections);
    CHECK(share.sync_per_address <= net::kMaxSyncConnectionsPerAddress);
    CHECK(share.dashboard_per_address <= share.dashboard_connections);
    if (limit >= 256)  // every connection of both ports, plus the files the hub keeps, fits
      CHECK(share.sync_connections + share.dashboard_connections +
                net::kFilesKeptBesideConnections <=
            limit);
  }
  const net::ConnectionShare usual = net::share_file_limit(1024);  // systemd's default soft limit
  CHECK(usual.sync_connections == 864);
  CHECK(usual.sync_per_address == 432);
  CHECK(usual.dashboard_connections == 32);
  CHECK(net::share_file_limit(65536).sync_per_address == 512);
}

TEST_CASE("at the per-address limit the oldest pending connection of that address gives way",
          "[net][limits]") {
  Admission admission(100, 3);
  std::vector<std::string> closed;
  auto closer = [&](std::string name) { return [&closed, name] { closed.push_back(name); }; };
  std::vector<Admission::Ticket> tickets;
  for (const char* name : {"a1", "a2", "a3"}) {
    auto in = admission.admit("10.0.0.1", closer(name));
    REQUIRE(in.outcome == Admission::Outcome::kAdmitted);
    tickets.push_back(std::move(*in.ticket));
  }
  auto other = admission.admit("10.0.0.2", closer("b1"));  // another address is not affected
  REQUIRE(other.outcome == Admission::Outcome::kAdmitted);
  tickets[1].established();  // a2 finished its handshake: it never gives way
  auto a4 = admission.admit("10.0.0.1", closer("a4"));
  CHECK(a4.outcome == Admission::Outcome::kAdmittedPushingOut);
  CHECK(closed == std::vector<std::string>{"a1"});
  auto a5 = admission.admit("10.0.0.1", closer("a5"));
  CHECK(a5.outcome == Admission::Outcome::kAdmittedPushingOut);
  CHECK(closed == std::vector<std::string>{"a1", "a3"});
  CHECK(admission.open_from("10.0.0.1") == 3);
  a4.ticket->established();
  a5.ticket->established();
  auto a6 = admission.admit("10.0.0.1", closer("a6"));  // all three established: refused
  CHECK(a6.outcome == Admission::Outcome::kRefusedAtAddressLimit);
  CHECK_FALSE(a6.ticket);
  CHECK(closed.size() == 2);
  tickets.clear();  // a1 and a3 were pushed out already; a2 leaves now
  CHECK(admission.open_from("10.0.0.1") == 2);
  CHECK(admission.admit("10.0.0.1", closer("a7")).outcome == Admission::Outcome::kAdmitted);
  CHECK(admission.open() == 3);  // b1, a4, a5: a7's ticket ended with its statement
}

TEST_CASE("at the total limit the oldest pending connection of any address gives way",
          "[net][limits]") {
  Admission admission(2, 2);
  std::vector<std::string> closed;
  auto first = admission.admit("10.0.0.1", [&] { closed.push_back("first"); });
  auto second = admission.admit("10.0.0.2", [&] { closed.push_back("second"); });
  second.ticket->established();
  auto third = admission.admit("10.0.0.3", [&] { closed.push_back("third"); });
  CHECK(third.outcome == Admission::Outcome::kAdmittedPushingOut);
  CHECK(closed == std::vector<std::string>{"first"});
  third.ticket->established();
  auto fourth = admission.admit("10.0.0.4", [&] { closed.push_back("fourth"); });
  CHECK(fourth.outcome == Admission::Outcome::kRefusedAtTotalLimit);
  CHECK(admission.open() == 2);
  first.ticket.reset();  // its place was taken already: nothing changes
  CHECK(admission.open() == 2);
  third.ticket.reset();
  CHECK(admission.open() == 1);
  CHECK(admission.open_from("10.0.0.3") == 0);
}

TEST_CASE("a frequent event reaches the log at most once per interval, with the count",
          "[net][limits]") {
  net::LogThrottle throttle(std::chrono::seconds(10));
  const Clock::time_point t0 = Clock::now();
  CHECK(throttle.count(t0) == 1u);
  for (int i = 1; i < 1000; ++i) CHECK_FALSE(throttle.count(t0 + std::chrono::milliseconds(i)));
  CHECK(throttle.count(t0 + std::chrono::seconds(10)) == 1000u);
  CHECK_FALSE(throttle.count(t0 + std::chrono::seconds(11)));
}

TEST_CASE("accepting pauses when out of file handles, and not for other failures",
          "[net][limits]") {
  net::AcceptFailures failures;
  const Clock::time_point t0 = Clock::now();
  const auto first = failures.on_failure(EMFILE, "Too many open files", t0);
  CHECK(first.pause == net::AcceptFailures::kAcceptPause);
  REQUIRE(first.log_line);
  CHECK(first.log_line->find("Too many open files") != std::string::npos);
  size_t lines = 0;
  for (int i = 1; i <= 5000; ++i) {
    const auto after = failures.on_failure(i % 2 ? ENFILE : EMFILE, "Too many open files",
                                           t0 + std::chrono::milliseconds(i));
    CHECK(after.pause.count() > 0);
    lines += after.log_line.has_value();
  }
  CHECK(lines == 0);
  const auto later = failures.on_failure(ECONNABORTED, "Software caused connection abort",
                                         t0 + std::chrono::seconds(10));
  CHECK(later.pause.count() == 0);
  REQUIRE(later.log_line);
  CHECK(later.log_line->find("5001 times") != std::string::npos);
}

TEST_CASE("connections that have got furthest in their handshake give way last", "[net][limits]") {
  Admission admission(100, 3);
  std::vector<std::string> closed;
  auto closer = [&](std::string name) { return [&closed, name] { closed.push_back(name); }; };
  auto device = admission.admit("10.0.0.1", closer("device"));  // oldest, but it is handshaking
  device.ticket->advance(Admission::Stage::kSpoken);
  auto secured = admission.admit("10.0.0.1", closer("secured"));
  secured.ticket->advance(Admission::Stage::kSecured);
  auto silent = admission.admit("10.0.0.1", closer("silent"));
  std::vector<Admission::Admitted> flood;
  for (int i = 0; i < 3; ++i)
    flood.push_back(admission.admit("10.0.0.1", closer("flood " + std::to_string(i))));
  // Each newcomer pushes out the silent ones first (the oldest of them first), then the device.
  CHECK(closed == std::vector<std::string>{"silent", "flood 0", "flood 1"});
  for (auto& f : flood) f.ticket.reset();
  secured.ticket->advance(Admission::Stage::kSpoken);  // never back
  auto a = admission.admit("10.0.0.1", closer("a"));
  auto b = admission.admit("10.0.0.1", closer("b"));  // pushes out a: silent
  auto c = admission.admit("10.0.0.1", closer("c"));  // pushes out b
  CHECK(closed == std::vector<std::string>{"silent", "flood 0", "flood 1", "a", "b"});
  c.ticket->advance(Admission::Stage::kSecured);
  auto d = admission.admit("10.0.0.1", closer("d"));  // only the device is still mid-handshake
  CHECK(closed.back() == "device");
  CHECK(admission.open_from("10.0.0.1") == 3);  // secured, c, d
}
