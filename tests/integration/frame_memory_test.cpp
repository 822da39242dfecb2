// The memory a real `triad-hub serve` spends on frames (README "Limits and deadlines"): a frame's
// buffer grows as its bytes arrive, not as its header declares, and the bytes in flight across
// all sessions stay within --max-buffered-mib; a session that cannot get room in time is told to
// retry later, and nothing is lost or crashes.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <thread>

#include "hub_process.h"
#include "proc_figures.h"
#include "raw_client.h"

using namespace triad;
using namespace triad::integration;

namespace {

std::string header(uint32_t n) {
  std::string h;
  for (int shift = 24; shift >= 0; shift -= 8) h += static_cast<char>((n >> shift) & 0xff);
  return h;
}

// Authenticated sessions of `token` (a device of its own: the raw sessions must not take over
// Ana's store's binding) that each send a header declaring `declared` bytes, then
// `sent` bytes of the body, and hold their frames open. All say Hello before any sends its frame.
std::vector<std::unique_ptr<RawConnection>> frames_held_open(const HubProcess& hub,
                                                             const std::string& token, int sessions,
                                                             uint32_t declared, size_t sent) {
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < sessions; ++i) {
    held.push_back(std::make_unique<RawConnection>(hub.port(), hub.tls(), hub.cert()));
    REQUIRE(held.back()->send(hello_envelope(token, 0xf1a7)));
    auto welcome = held.back()->read_frame(5s);
    REQUIRE(welcome);
    REQUIRE(welcome->has_welcome());
  }
  for (auto& c : held) REQUIRE(c->send_bytes(header(declared) + std::string(sent, '\x0a')));
  return held;
}

}  // namespace

TEST_CASE("a frame header declaring 4 MiB costs the hub nothing until the bytes arrive",
          "[integration][memory]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  const double before = rss_mib(hub.pid());
  const auto held = frames_held_open(hub, hub.enroll("Fortismere", "Ana Diaz"), 200, 4u << 20, 4);
  std::this_thread::sleep_for(500ms);
  const double during = rss_mib(hub.pid());
  INFO("hub RSS " << before << " MiB before, " << during << " MiB with 200 declared 4 MiB frames");
  CHECK(during - before <
        40);  // the sessions themselves take about 18 MiB; before, it was 110 MiB more
  ana.add("enquiry", {"title=Beside the held frames"});
  ana.sync_ok();
  CHECK(hub.serving());
}

TEST_CASE("when the hub's frame budget is spent, reads wait for room, then are told to retry later",
          "[integration][memory]") {
  // A session's first frame must come within the handshake deadline, later ones within the read
  // timeout; a read waits for room no longer than its own deadline.
  HubProcess hub(HubOptions{.read_timeout_s = 8,
                            .serve_args = {"--max-buffered-mib", "8", "--handshake-timeout", "3"}});
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  ana.add("enquiry", {"title=Waited for room"});

  // Five sessions each hold 1.5 MiB of a 4 MiB frame: their buffers take the whole 8 MiB.
  const std::string hog = hub.enroll("Fortismere", "Ana Diaz");
  auto hogs = frames_held_open(hub, hog, 5, 4u << 20, 3u << 19);
  std::this_thread::sleep_for(300ms);
  {
    INFO("a sync that starts now waits for room, and gets it when the hogs leave");
    ChildProcess sync(TRIAD_CLI_PATH, ana.sync_args(), triad_env(hub.dir().path().string()),
                      hub.dir().file("sync.err"));
    std::this_thread::sleep_for(1s);
    CHECK_FALSE(sync.wait_for(0ms));  // still waiting
    hogs.clear();
    const std::optional<int> status = sync.wait_for(10s);
    INFO(read_file_bytes(hub.dir().file("sync.err")) << "\nhub log:\n" << hub.log());
    REQUIRE(status);
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == kExitOk);
  }
  CHECK(contains(hub.export_json("enquiry"), "Waited for room"));

  hogs = frames_held_open(hub, hog, 5, 4u << 20, 3u << 19);
  std::this_thread::sleep_for(300ms);
  {
    INFO("a session that finds no room before its deadline is told to retry later");
    RawConnection late(hub.port(), hub.tls(), hub.cert());
    REQUIRE(late.send(hello_envelope(hub.enroll("Fortismere", "Ana Diaz"), 0x1a7e)));
    std::string why;
    auto answer = late.read_frame(8s, &why);
    INFO(why);
    REQUIRE(answer);
    REQUIRE(answer->has_error());
    INFO(answer->error().message());
    CHECK(answer->error().code() == v1::TIMEOUT);
    CHECK(contains(answer->error().message(), "busy"));
    CHECK(late.closed_by_hub(3s));
  }
  hogs.clear();
  CHECK(hub.serving());
  ana.add("enquiry", {"title=After the budget was spent"});
  ana.sync_ok();
}
