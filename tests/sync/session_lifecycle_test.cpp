// A session's life at the hub (issue 12, items 6, 8 and 12): a revoked token ends a session that
// is already open, a second session of one token supersedes the first, a Pull from beyond the
// hub's sequence is an Error, and deletes are not echoed back and forth.
#include <catch2/catch.hpp>

#include "sync_fixture.h"

using namespace triad;
using namespace triad::testing;

namespace {

std::string token_id(const Device& d) { return d.token.substr(0, d.token.find('.')); }

}  // namespace

TEST_CASE("revoking a token ends the session it has open at its next frame", "[sync][lifecycle]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  for (int i = 0; i < 3; ++i)
    REQUIRE(ana.store->create_record(
        "enquiry", {put("title", "E" + std::to_string(i)), put("scope", "alliance")}));
  sync::ClientOptions o;
  o.token = ana.token;
  o.max_batch_records = 1;
  sync::ClientSession client(*ana.store, o);
  sync::HubSession session(*a.hub);
  auto push = client.receive(session.receive(client.hello()).at(0));
  auto ack = session.receive(push.at(0));
  REQUIRE(ack.at(0).has_ack());  // one record in; the session is open and pushing
  REQUIRE(
      a.hub->devices().revoke(token_id(ana)).is_ok());  // triad-hub revoke, from another process
  auto next = session.receive(client.receive(ack.at(0)).at(0));
  REQUIRE(next.size() == 1);
  CHECK(next[0].has_error());
  CHECK(next[0].error().code() == v1::UNAUTHENTICATED);
  CHECK_THAT(next[0].error().message(), Catch::Contains("revoked"));
  CHECK(session.finished());
  CHECK(a.hub->store().status()->live_records_by_type.size() > 0);
  size_t enquiries = a.hub->store().list("enquiry")->size();
  CHECK(enquiries == 1);  // nothing after the revocation was taken
}

TEST_CASE("a second session with one token supersedes the first", "[sync][lifecycle]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  REQUIRE(ana.store->create_record("enquiry", {put("title", "E"), put("scope", "alliance")}));
  sync::ClientSession first(*ana.store, {ana.token});
  sync::HubSession first_at_hub(*a.hub);
  auto first_push = first.receive(first_at_hub.receive(first.hello()).at(0));
  auto second = a.sync(ana);  // a retry (or a copy) starts and finishes meanwhile
  REQUIRE(a.last_status.is_ok());
  CHECK(second.pushed == 1);
  auto out = first_at_hub.receive(first_push.at(0));
  REQUIRE(out.size() == 1);
  CHECK(out[0].error().code() == v1::SUPERSEDED);
  CHECK(first.receive(out[0]).empty());
  CHECK(first.status().code() == core::StatusCode::kUnavailable);  // retried later, not given up
  CHECK_FALSE(a.sync(ana).took_new_site);                          // the store is still the device
}

TEST_CASE("a Pull from beyond the hub's last change is an Error and stores no checkpoint",
          "[sync][lifecycle]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  for (uint64_t after :
       {uint64_t{1} << 63, uint64_t{1} << 40, a.hub->store().last_seq().value() + 1}) {
    sync::ClientSession client(*ana.store, {ana.token});
    sync::HubSession session(*a.hub);
    (void)client.receive(session.receive(client.hello()).at(0));
    v1::Envelope pull;
    pull.mutable_pull()->set_after_seq(after);
    auto out = session.receive(pull);
    REQUIRE(out.size() == 1);
    CHECK(out[0].error().code() == v1::BAD_FRAME);
    CHECK_THAT(out[0].error().message(), Catch::Contains("beyond the hub's last change"));
    CHECK(a.hub->store().peer(ana.store->identity().site)->pushed_seq <=
          a.hub->store().last_seq().value());
  }
}

TEST_CASE(
    "a delete is not echoed: not pushed back by the device that pulled it, nor sent back to its "
    "maker",
    "[sync][lifecycle]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device cara = a.device("Fortismere", "Cara Wu");
  auto enquiry =
      ana.store->create_record("enquiry", {put("title", "to go"), put("scope", "alliance")})
          .value();
  for (int round = 0; round < 2; ++round) a.sync(ana), a.sync(cara);  // both hold everything
  REQUIRE(ana.store->delete_record(enquiry).is_ok());
  auto deleted = a.sync(ana);
  CHECK(deleted.pushed == 1);
  CHECK(deleted.pulled == 0);  // before: the hub sent the tombstone back to its maker
  auto pulled = a.sync(cara);
  CHECK(pulled.pulled == 1);
  CHECK(cara.store->get(enquiry).value()->is_deleted());
  auto next = a.sync(cara);
  CHECK(next.pushed == 0);  // before: the pulled tombstone was pushed back at the next sync
  CHECK(a.sync(ana).pulled == 0);
}
