// The transport over real sockets on 127.0.0.1, in one process: a HubServer on its own thread,
// devices syncing with sync_with_hub.
#include "triad/sync/transport.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "running_hub.h"

using namespace triad;
using namespace triad::testing;

TEST_CASE("devices sync over a socket and converge", "[sync][transport]") {
  RunningHub hub;
  // Enrolment and the devices' stores are used from this thread only while the hub thread serves
  // sessions; the hub's store is touched by its store thread alone during the sessions.
  Device ana = hub.alliance.device("Fortismere", "Ana Diaz");
  Device ben = hub.alliance.device("Woodroffe", "Ben Lee");
  auto sync = [&](Device& d) {
    sync::ClientOptions o;
    o.token = d.token;
    auto r = sync::sync_with_hub(*d.store, hub.address(), o);
    REQUIRE(r);
    return *r;
  };
  sync(ana);
  sync(ben);
  auto enquiry =
      ana.store->create_record("enquiry", {put("title", "Questioning"), put("scope", "alliance")})
          .value();
  CHECK(sync(ana).pushed == 1);
  CHECK(sync(ben).changed >= 1);
  CHECK(holds(*ben.store, enquiry));
}

TEST_CASE("a 10,000-record initial sync streams in bounded batches", "[sync][transport][slow]") {
  RunningHub hub;
  Device ana = hub.alliance.device("Fortismere", "Ana Diaz");
  Device ben = hub.alliance.device("Woodroffe", "Ben Lee");
  for (int i = 0; i < 10'000; ++i)
    REQUIRE(ana.store->create_record(
        "enquiry", {put("title", "Enquiry " + std::to_string(i)), put("scope", "alliance")}));
  sync::ClientOptions o;
  o.token = ana.token;
  size_t largest_batch = 0, last_total = 0;
  o.on_progress = [&](const sync::SyncReport& r) {
    largest_batch = std::max(largest_batch, r.pushed - last_total);
    last_total = r.pushed;
  };
  auto pushed = sync::sync_with_hub(*ana.store, hub.address(), o);
  REQUIRE(pushed);
  CHECK(pushed->pushed >= 10'000);
  CHECK(largest_batch <= 500);  // no batch is larger than the hub's limit, whatever the store holds
  o.token = ben.token;
  o.on_progress = nullptr;
  auto pulled = sync::sync_with_hub(*ben.store, hub.address(), o);
  REQUIRE(pulled);
  CHECK(pulled->pull_batches >= 20);
  CHECK(ben.store->list("enquiry")->size() == 10'000);
}

TEST_CASE("a sync's percentage climbs batch by batch to 100, over both directions",
          "[sync][transport]") {
  RunningHub hub;
  Device ana = hub.alliance.device("Fortismere", "Ana Diaz");
  Device ben = hub.alliance.device("Woodroffe", "Ben Lee");
  REQUIRE(ana.store->in_one_transaction([&] {
    for (int i = 0; i < 1'000; ++i)
      TRIAD_RETURN_IF_ERROR(
          ana.store
              ->create_record("enquiry", {put("title", "Enquiry " + std::to_string(i)),
                                          put("scope", "alliance")})
              .status());
    return core::Status::ok();
  }));
  // Each device's percentages, batch by batch (at least `batches`), and its last report. Ana sends
  // in batches of 200; the hub sends in batches of its own limit (500).
  auto percentages = [&](Device& d, size_t batches, sync::SyncReport& last) {
    std::vector<int> seen;
    sync::ClientOptions o;
    o.token = d.token;
    o.max_batch_records = 200;
    o.on_progress = [&](const sync::SyncReport& r) {
      seen.push_back(r.percent());
      last = r;
    };
    REQUIRE(sync::sync_with_hub(*d.store, hub.address(), o));
    INFO("percentages: " << Catch::Detail::stringify(seen));
    REQUIRE(seen.size() >= batches);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == 100);
    CHECK(std::count_if(seen.begin(), seen.end(), [](int p) { return p > 0 && p < 100; }) >=
          static_cast<long>(batches) - 1);
    return seen;
  };
  sync::SyncReport sent, received;
  percentages(ana, 6, sent);
  CHECK(sent.to_send >= 1'000);
  CHECK(sent.sent_so_far == sent.to_send);
  percentages(ben, 3, received);  // from a hub whose last seq covers Ana's 1,000
  CHECK(received.to_receive >= 1'000);
  CHECK(received.received_so_far == received.to_receive);
}

TEST_CASE("an unreachable hub is reported as unavailable, quickly", "[sync][transport]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  sync::ClientOptions o;
  o.token = ana.token;
  auto r = sync::sync_with_hub(
      *ana.store, {address_nothing_listens_on(), "", true, std::chrono::seconds(2)}, o);
  CHECK(r.status().code() == core::StatusCode::kUnavailable);
  CHECK_THAT(r.status().message(), Catch::Contains("cannot reach the hub"));
  CHECK(sync::sync_with_hub(*ana.store, {"not an address", "", true}, o).status().code() ==
        core::StatusCode::kInvalidArgument);
}

TEST_CASE("devices syncing at the same moment are all acknowledged and converge",
          "[sync][transport][group-commit]") {
  RunningHub hub;
  constexpr int kDevices = 12, kEach = 5;
  std::vector<Device> devices;
  for (int i = 0; i < kDevices; ++i)
    devices.push_back(hub.alliance.device("Fortismere", "Teacher " + std::to_string(i)));
  for (int i = 0; i < kDevices; ++i)
    for (int k = 0; k < kEach; ++k)
      REQUIRE(devices[i].store->create_record(
          "enquiry", {put("title", "Enquiry " + std::to_string(i) + "." + std::to_string(k)),
                      put("scope", "alliance")}));
  std::vector<std::thread> threads;
  std::vector<size_t> pushed(kDevices);
  std::atomic<int> failures{0};
  for (int i = 0; i < kDevices; ++i)
    threads.emplace_back([&, i] {
      sync::ClientOptions o;
      o.token = devices[i].token;
      auto r = sync::sync_with_hub(*devices[i].store, hub.address(), o);
      if (!r)
        ++failures;
      else
        pushed[i] = r->pushed;
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  for (size_t p : pushed) CHECK(p >= kEach);
  for (Device& d : devices) {  // a second round, one at a time, brings everyone everything
    sync::ClientOptions o;
    o.token = d.token;
    REQUIRE(sync::sync_with_hub(*d.store, hub.address(), o));
  }
  for (Device& d : devices) CHECK(d.store->list("enquiry")->size() == kDevices * kEach);
}
