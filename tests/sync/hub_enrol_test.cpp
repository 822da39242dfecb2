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
