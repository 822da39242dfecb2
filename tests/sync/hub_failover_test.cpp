// A device that knows several addresses of its alliance's hub (issue 14: several hub processes on
// one database) syncs with the first that answers (sync_with_hubs, sync/src/hub_failover.cpp):
// over real sockets on 127.0.0.1, in one process. An address that does not answer is passed over
// and named; a hub that answers and refuses ends the sync.
#include <catch2/catch.hpp>

#include "running_hub.h"

using namespace triad;
using namespace triad::testing;

namespace {

sync::HubAddress plain(const std::string& address) {
  return {address, "", true, std::chrono::seconds(5)};
}

sync::ClientOptions with_token(const Device& d) {
  sync::ClientOptions o;
  o.token = d.token;
  return o;
}

}  // namespace

TEST_CASE("an address nothing listens on is passed over for the next, and named",
          "[sync][transport][failover]") {
  RunningHub hub;
  Device ana = hub.alliance.device("Fortismere", "Ana Diaz");
  REQUIRE(
      ana.store->create_record("enquiry", {put("title", "Questioning"), put("scope", "alliance")}));
  const std::string down = address_nothing_listens_on();
  auto r = sync::sync_with_hubs(*ana.store, {plain(down), hub.address()}, with_token(ana));
  REQUIRE(r);
  CHECK(r->address == hub.address().address);
  CHECK(r->report.pushed >= 1);  // the enquiry, and the school and person it is made in
  CHECK(r->report.alliance == "The Mead");
  REQUIRE(r->skipped.size() == 1);
  CHECK(r->skipped[0].address == down);
  CHECK(r->skipped[0].why == "connection refused");

  // The first address that answers is the one synced with; the others are not tried.
  auto again = sync::sync_with_hubs(*ana.store, {hub.address(), plain(down)}, with_token(ana));
  REQUIRE(again);
  CHECK(again->address == hub.address().address);
  CHECK(again->skipped.empty());
}

TEST_CASE("when no address answers, the sync fails naming each and why",
          "[sync][transport][failover]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  const std::string first = address_nothing_listens_on(), second = address_nothing_listens_on();
  auto r = sync::sync_with_hubs(*ana.store, {plain(first), plain(second)}, with_token(ana));
  REQUIRE_FALSE(r);
  CHECK(r.status().code() == core::StatusCode::kUnavailable);
  CHECK(r.status().message() ==
        "none of the hub's addresses answered: " + first + " (connection refused), " + second +
            " (connection refused); nothing was exchanged: sync again once the network or a hub "
            "is back");
  // One address: the words of sync_with_hub, as before there were lists.
  auto one = sync::sync_with_hubs(*ana.store, {plain(first)}, with_token(ana));
  CHECK(one.status().code() == core::StatusCode::kUnavailable);
  CHECK(one.status().message() ==
        sync::sync_with_hub(*ana.store, plain(first), with_token(ana)).status().message());
  CHECK(sync::sync_with_hubs(*ana.store, {}, with_token(ana)).status().code() ==
        core::StatusCode::kInvalidArgument);
}

TEST_CASE("a hub that answers and refuses ends the sync: the next address is not tried",
          "[sync][transport][failover]") {
  RunningHub refusing, welcoming;  // two alliances: Ana's token is known to the second only
  Device ana = welcoming.alliance.device("Fortismere", "Ana Diaz");
  const std::string down = address_nothing_listens_on();
  auto r = sync::sync_with_hubs(*ana.store, {plain(down), refusing.address(), welcoming.address()},
                                with_token(ana));
  REQUIRE_FALSE(r);
  CHECK(r.status().code() == core::StatusCode::kUnauthenticated);
  CHECK_THAT(r.status().message(), Catch::Contains("(tried before it, and did not answer: " + down +
                                                   " (connection refused))"));
  // No session ran with the welcoming hub: Ana's store has no hub's state on record.
  CHECK(ana.store->peers().value().empty());
  auto later = sync::sync_with_hubs(*ana.store, {welcoming.address()}, with_token(ana));
  REQUIRE(later);  // as a check that the welcoming hub would have taken her
  CHECK(ana.store->peers().value().size() == 1);
}
