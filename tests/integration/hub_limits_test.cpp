// A real `triad-hub serve` at the limits of its file handles (README "Limits and deadlines"):
// floods of connections that never finish TLS, more of them than the hub's file limit allows,
// on the sync port and on the dashboard's. The hub must neither spin nor fill its log, must keep
// serving real devices, and must close connections that do not finish TLS and Hello in time.
// The hub runs with a lowered RLIMIT_NOFILE so that a flood of a few hundred sockets is enough.
#include <catch2/catch.hpp>
#include <thread>

#include "hub_process.h"
#include "proc_figures.h"
#include "raw_client.h"
#include "tcp_flood.h"

using namespace triad;
using namespace triad::integration;

namespace {

// How much CPU time and how many log lines the hub spends while `during` runs.
struct Spent {
  double cpu_s = 0;
  size_t log_lines = 0;
  std::string log;
};

template <class F>
Spent spent_by(const HubProcess& hub, F during) {
  const double cpu = cpu_seconds(hub.pid());
  const std::string log = hub.log();
  during();
  Spent s;
  s.cpu_s = cpu_seconds(hub.pid()) - cpu;
  s.log = hub.log().substr(log.size());
  s.log_lines = line_count(s.log);
  return s;
}

// A real device syncs within its 10 s timeout; an edit travels each time.
void syncs_now(const Device& device, const std::string& title) {
  device.add("enquiry", {"title=" + title});
  const ProcessResult r = device.sync();
  INFO(title << ": exit " << r.exit_code << " after " << r.took.count() << " ms: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == kExitOk);
}

// GET /login from the dashboard over TLS: true when it answers 200.
bool dashboard_answers(const HubProcess& hub) {
  RawConnection c(hub.dashboard_port(), true, hub.cert());
  if (!c.send_bytes("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
    return false;
  const auto status = c.read_bytes(12, 5s);
  INFO("the dashboard answered: " << status.value_or("(nothing)"));
  return status == "HTTP/1.1 200";
}

}  // namespace

TEST_CASE("a flood of connections beyond the file limit neither spins the hub nor stops real syncs",
          "[integration][limits]") {
  HubProcess hub(HubOptions{.file_limit = 256});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  const Spent spent = spent_by(hub, [&] {
    TcpFlood flood(hub.port(), 600);  // more than 256 file handles could hold
    REQUIRE(flood.opened() == 600);
    std::this_thread::sleep_for(1s);
    for (int i = 0; i < 3; ++i) syncs_now(ana, "During the flood " + std::to_string(i));
    std::this_thread::sleep_for(1s);
  });
  INFO("the hub's log during the flood:\n" << spent.log.substr(0, 4000));
  CHECK(spent.cpu_s < 1.5);  // the syncs themselves; a spinning accept loop burns every second
  CHECK(spent.log_lines < 40);
  CHECK(hub.serving());
  CHECK(contains(hub.export_json("enquiry"), "During the flood 2"));
}

TEST_CASE(
    "accept failures for want of file handles pause accepting and are logged once per interval",
    "[integration][limits]") {
  // Connection limits above what the file limit allows: the hub runs out of file handles.
  HubProcess hub(HubOptions{
      .file_limit = 128, .serve_args = {"--max-connections", "1000", "--max-per-address", "1000"}});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  const Spent spent = spent_by(hub, [&] {
    TcpFlood flood(hub.port(), 400);
    std::this_thread::sleep_for(3s);
  });
  INFO("the hub's log during the flood:\n" << spent.log.substr(0, 4000));
  CHECK(spent.cpu_s < 1.0);
  CHECK(spent.log_lines < 10);
  CHECK(contains(spent.log, "Too many open files"));
  REQUIRE(hub.serving());
  syncs_now(ana, "After the flood");  // the flood has gone: the hub accepts again
}

TEST_CASE("connections that do not finish TLS and Hello within the handshake deadline are closed",
          "[integration][limits]") {
  HubProcess hub(HubOptions{.read_timeout_s = 20, .serve_args = {"--handshake-timeout", "1"}});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  {
    INFO("a TCP connection that never starts TLS");
    RawConnection silent(hub.port(), false, "");
    CHECK(silent.closed_by_hub(4s));
  }
  {
    INFO("TLS done, but no Hello");
    RawConnection no_hello(hub.port(), true, hub.cert());
    CHECK(no_hello.closed_by_hub(4s));
  }
  {
    INFO("a session that said Hello may think for longer than the handshake deadline");
    RawConnection session(hub.port(), true, hub.cert());
    REQUIRE(
        session.send(hello_envelope(hub.enroll("Fortismere", "Ana Diaz"), 0x5e55)));  // her tablet
    auto welcome = session.read_frame(5s);
    REQUIRE(welcome);
    REQUIRE(welcome->has_welcome());
    std::this_thread::sleep_for(2500ms);
    v1::Envelope pull;
    pull.mutable_pull()->set_after_seq(0);
    REQUIRE(session.send(pull));
    auto changes = session.read_frame(5s);
    REQUIRE(changes);
    CHECK(changes->has_changes());
  }
  CHECK(hub.serving());
}

TEST_CASE(
    "one client address gets at most --max-per-address connections, and sessions are never pushed "
    "out",
    "[integration][limits]") {
  HubProcess hub(HubOptions{.serve_args = {"--max-per-address", "4"}});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  std::vector<std::unique_ptr<RawConnection>> sessions;
  std::vector<std::string> tablets;  // four devices behind one address (a school's NAT)
  for (int i = 0; i < 4; ++i)
    tablets.push_back(hub.enroll("Fortismere", "Teacher " + std::to_string(i)));
  for (int i = 0; i < 4; ++i) {
    sessions.push_back(std::make_unique<RawConnection>(hub.port(), true, hub.cert()));
    REQUIRE(sessions.back()->send(hello_envelope(tablets[i], 0x5e55 + i)));
    auto welcome = sessions.back()->read_frame(5s);
    REQUIRE(welcome);
    REQUIRE(welcome->has_welcome());
  }
  {
    INFO("a fifth connection from 127.0.0.1 is closed at once");
    RawConnection fifth(hub.port(), false, "");
    CHECK(fifth.closed_by_hub(3s));
  }
  for (auto& s : sessions) {  // the four sessions go on
    v1::Envelope pull;
    pull.mutable_pull()->set_after_seq(0);
    REQUIRE(s->send(pull));
    auto changes = s->read_frame(5s);
    REQUIRE(changes);
    CHECK(changes->has_changes());
  }
  sessions.clear();
  // Four connections that have not finished TLS give way to a device that does.
  TcpFlood idle(hub.port(), 4);
  std::this_thread::sleep_for(300ms);
  syncs_now(ana, "Past the idle connections");
  CHECK(contains(hub.log(), "per address"));
}

TEST_CASE("a flood of the dashboard's port leaves both ports serving", "[integration][limits]") {
  HubProcess hub(HubOptions{.file_limit = 256, .dashboard = true});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  REQUIRE(dashboard_answers(hub));
  const Spent spent = spent_by(hub, [&] {
    TcpFlood flood(hub.dashboard_port(), 600);
    std::this_thread::sleep_for(1s);
    syncs_now(ana, "While the dashboard is flooded");
    CHECK(dashboard_answers(hub));
    std::this_thread::sleep_for(1s);
  });
  INFO("the hub's log during the flood:\n" << spent.log.substr(0, 4000));
  CHECK(spent.cpu_s < 1.5);
  CHECK(spent.log_lines < 40);
  CHECK(hub.serving());
}
