// A hub and devices in one process with in-memory stores, and a pump that carries frames between
// a ClientSession and a HubSession (optionally cutting the connection after N frames).
#pragma once

#include <catch2/catch.hpp>

#include "postgres_database.h"
#include "test_support.h"
#include "triad/core/store.h"
#include "triad/hub/hub_session.h"
#include "triad/sync/frame.h"
#include "triad/sync/session.h"

namespace triad::testing {

struct Device {
  std::unique_ptr<core::Store> store;
  std::string token;
};

struct Alliance {
  std::unique_ptr<PostgresTestDatabase> database;  // the hub's, in the PostgreSQL run
  ManualClock clock;
  std::string hub_location;
  std::unique_ptr<sync::Hub> hub;
  core::SiteId next_site = 100;

  // The hub's store lives in memory unless given a file (the dashboard opens its own connection);
  // in the PostgreSQL run of the tests, in a database of its own (hub_store_location).
  explicit Alliance(const std::string& hub_path = ":memory:")
      : hub_location(hub_store_location(hub_path, database)) {
    core::StoreOptions o = options_with(clock, 1);
    auto h = sync::Hub::init(hub_location, "The Mead", o);
    INFO(h.status().message());
    REQUIRE(h);
    hub = std::move(h.value());
  }

  Device device(const std::string& school, const std::string& person,
                core::DeviceRole role = core::DeviceRole::kDevice) {
    auto enrolment = hub->enrol(school, person, role);
    REQUIRE(enrolment);
    auto store = core::Store::create(":memory:", school, person, options_with(clock, next_site++));
    REQUIRE(store);
    return {std::move(store.value()), enrolment->token};
  }
  // A device whose date is `*skew` ms off the alliance's clock (a tablet set to the wrong year);
  // the test puts it right by setting *skew to 0.
  Device device_dated(const std::string& school, const std::string& person,
                      std::shared_ptr<int64_t> skew) {
    auto enrolment = hub->enrol(school, person, core::DeviceRole::kDevice);
    REQUIRE(enrolment);
    core::StoreOptions o = options_with(clock, next_site++);
    o.wall = [now = clock.now_ms, skew] {
      return static_cast<uint64_t>(static_cast<int64_t>(*now) + *skew);
    };
    auto store = core::Store::create(":memory:", school, person, o);
    REQUIRE(store);
    return {std::move(store.value()), enrolment->token};
  }

  // Runs one whole session; `cut_after` frames from the hub ends it early (a dropped link).
  sync::SyncReport sync(Device& d, int cut_after = -1, sync::ClientOptions options = {}) {
    if (options.token.empty()) options.token = d.token;
    sync::ClientSession client(*d.store, options);
    sync::HubSession session(*hub);
    sync::Frames to_hub{client.hello()};
    int hub_frames = 0;
    bytes_to_hub = bytes_to_device = 0;
    while (!to_hub.empty()) {
      sync::Frames to_client;
      for (const auto& f : to_hub) {
        // Every frame crosses the wire format, as it would over a socket.
        const std::string frame = sync::encode_frame(f);
        bytes_to_hub += frame.size();
        auto decoded = sync::decode_frame_body(frame.substr(sync::kFrameHeaderBytes));
        REQUIRE(decoded);
        for (auto& out : session.receive(*decoded)) to_client.push_back(std::move(out));
      }
      to_hub.clear();
      for (const auto& f : to_client) {
        if (cut_after >= 0 && hub_frames++ >= cut_after) return client.report();
        bytes_to_device += sync::encode_frame(f).size();
        for (auto& out : client.receive(f)) to_hub.push_back(std::move(out));
      }
    }
    last_status = client.status();
    REQUIRE(client.finished());
    return client.report();
  }
  core::Status last_status;
  // The frames' bytes each way in the last sync, headers included.
  size_t bytes_to_hub = 0;
  size_t bytes_to_device = 0;
};

inline core::FieldEdit put(std::string f, std::string v) {
  return {std::move(f), core::FieldEdit::Op::kAssign, std::move(v)};
}

inline bool holds(core::Store& s, const core::RecordId& id) {
  auto r = s.get(id);
  REQUIRE(r);
  return r->has_value() && !(*r)->is_deleted();
}

}  // namespace triad::testing
