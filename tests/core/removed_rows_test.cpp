// Rows removed outright (a discarded record the hub never had: Store::take_peer_states' `gone`)
// leave no bytes, and their change numbers are not given again: a peer that confirmed a number
// would never be sent the row that took it over.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace triad::core;
using namespace triad::testing;

TEST_CASE("a row written after the newest row was removed gets a number no peer has confirmed",
          "[core][store]") {
  ManualClock clock;
  auto device = Store::create(":memory:", "Woodroffe", "Ben Lee", options_with(clock, 300)).value();
  const SiteId hub = 1;
  const FieldEdits title = {{"title", FieldEdit::Op::kAssign, "refused"}};
  auto refused = device->create_record("enquiry", title).value();  // the newest row
  const uint64_t sent = device->last_seq().value();
  REQUIRE(device->confirm_pushed(hub, "hub", sent));
  REQUIRE(device->note_refusals(hub, {{refused, failed_precondition("not yours")}}));
  REQUIRE(device->discard_refused(refused));
  REQUIRE(device->take_peer_states(hub, {}, {refused}));  // the hub never had it: removed
  CHECK_FALSE(device->get(refused).value().has_value());
  auto next = device->create_record("enquiry", {{"title", FieldEdit::Op::kAssign, "kept"}}).value();
  CHECK(device->last_seq().value() > sent);
  // What the device sends the hub next: everything after what the hub confirmed.
  const auto pending = device->changes_since(sent, 100, size_t{1} << 20).value().records;
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].header.id == next);
}
