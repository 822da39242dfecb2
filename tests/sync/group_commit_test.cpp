// The hub's group commit (sync/hub/server/group_commit.h): frames that wait together are handled in
// one transaction, each session gets its own reply, and nothing is answered before its commit.
#include "group_commit.h"

#include <catch2/catch.hpp>
#include <future>

#include "sync_fixture.h"

using namespace triad;
using namespace triad::testing;
namespace asio = boost::asio;

TEST_CASE("frames that wait together are handled in one transaction, each session answered",
          "[sync][group-commit]") {
  Alliance alliance;
  constexpr int kSessions = 5;
  std::vector<Device> devices;
  std::vector<std::unique_ptr<sync::HubSession>> sessions;
  std::vector<v1::Envelope> hellos;
  for (int i = 0; i < kSessions; ++i) {
    devices.push_back(alliance.device("Fortismere", "Teacher " + std::to_string(i)));
    sessions.push_back(std::make_unique<sync::HubSession>(*alliance.hub));
    sync::ClientOptions o;
    o.token = devices.back().token;
    hellos.push_back(sync::ClientSession(*devices.back().store, o).hello());
  }
  asio::io_context io;
  asio::thread_pool store_thread{1};
  sync::detail::GroupCommit group(*alliance.hub, store_thread);
  std::promise<void> release;
  asio::post(store_thread,
             [held = release.get_future().share()] { held.wait(); });  // the store thread is busy
  std::vector<std::optional<sync::Frames>> replies(kSessions);
  for (int i = 0; i < kSessions; ++i)
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          replies[i] = co_await group.handle(*sessions[i], hellos[i]);
        },
        asio::detached);
  io.poll();  // every session has queued its Hello; none is answered while the store thread is busy
  for (const auto& r : replies) CHECK_FALSE(r.has_value());
  release.set_value();
  io.run();  // returns once every session has its reply
  store_thread.join();
  CHECK(group.largest_group() == kSessions);
  for (const auto& r : replies) {
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 1);
    CHECK(r->front().has_welcome());
  }
  // Every session's write (the device's last sync) was committed.
  for (const core::Device& d : alliance.hub->devices().devices().value()) CHECK(d.last_sync_ms > 0);
}

TEST_CASE("a session refused inside a group leaves the others' work committed",
          "[sync][group-commit]") {
  Alliance alliance;
  Device ana = alliance.device("Fortismere", "Ana Diaz");
  sync::HubSession good(*alliance.hub), bad(*alliance.hub);
  sync::ClientOptions o;
  o.token = ana.token;
  const v1::Envelope hello = sync::ClientSession(*ana.store, o).hello();
  v1::Envelope forged = hello;
  forged.mutable_hello()->set_device_token("not-a-token");
  asio::io_context io;
  asio::thread_pool store_thread{1};
  sync::detail::GroupCommit group(*alliance.hub, store_thread);
  std::promise<void> release;
  asio::post(store_thread, [held = release.get_future().share()] { held.wait(); });
  std::optional<sync::Frames> good_reply, bad_reply;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { bad_reply = co_await group.handle(bad, forged); },
      asio::detached);
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { good_reply = co_await group.handle(good, hello); },
      asio::detached);
  io.poll();
  release.set_value();
  io.run();
  store_thread.join();
  CHECK(group.largest_group() == 2);
  REQUIRE(bad_reply);
  REQUIRE(good_reply);
  CHECK(bad_reply->front().has_error());
  CHECK(good_reply->front().has_welcome());
  CHECK(
      alliance.hub->devices().find(ana.token.substr(0, ana.token.find('.')))->value().last_sync_ms >
      0);
}
