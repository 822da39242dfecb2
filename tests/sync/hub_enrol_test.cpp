// Enrolment by name (sync/hub/src/hub.cpp): a teacher enrolled again with other capitals, accented
// ones included ("ZOË BRONTË" for "Zoë Brontë"), is the person the roster already has.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "triad/hub/hub.h"

using namespace triad;

TEST_CASE("enrolling a name again with other accented capitals binds the same person",
          "[sync][hub]") {
  testing::TempDir dir;
  auto hub = sync::Hub::init(dir.file("hub.db"), "The Mead").value();
  auto first = hub->enrol("École Jaurès", "Zoë Brontë", core::DeviceRole::kDevice);
  REQUIRE(first);
  auto again = hub->enrol("ÉCOLE JAURÈS", "ZOË BRONTË", core::DeviceRole::kDevice);
  INFO(again.status().message());
  REQUIRE(again);
  CHECK(again->device.school == first->device.school);
  CHECK(again->device.person == first->device.person);
  CHECK(hub->store().list("person")->size() == 1);
  CHECK(hub->store().list("school")->size() == 1);
}

TEST_CASE("an enrolment whose token id is already enrolled draws another id", "[sync][hub]") {
  testing::TempDir dir;
  core::StoreOptions options;
  // Every id drawn is the same until the fourth draw: 32-bit ids meet among thousands of devices.
  int draws = 0;
  options.random = [&draws]() -> uint64_t { return ++draws < 4 ? 7 : 8; };
  auto hub = sync::Hub::init(dir.file("hub.db"), "The Mead", options).value();
  draws = 0;
  auto first = hub->enrol("Fortismere", "Ana Diaz", core::DeviceRole::kDevice);
  INFO(first.status().message());
  REQUIRE(first);
  auto second = hub->enrol("Fortismere", "Ben Okoro", core::DeviceRole::kDevice);
  INFO(second.status().message());
  REQUIRE(second);
  CHECK(first->device.token_id == "00000007");
  CHECK(second->device.token_id == "00000008");
  CHECK(hub->devices().devices()->size() == 2);
}
