// The hub session against scripted peers that break the protocol.
#include <catch2/catch.hpp>

#include "sync_fixture.h"

using namespace triad;
using namespace triad::testing;

namespace {

v1::Envelope hello_with(const std::string& token, uint32_t major = sync::kProtocolMajor) {
  v1::Envelope e;
  sync::state_protocol(*e.mutable_hello());
  e.mutable_hello()->mutable_version()->set_major(major);
  e.mutable_hello()->set_site_id(42);
  e.mutable_hello()->set_device_token(token);
  return e;
}

}  // namespace

TEST_CASE("a session must open with Hello", "[sync][session][scripted]") {
  Alliance a;
  sync::HubSession session(*a.hub);
  v1::Envelope pull;
  pull.mutable_pull()->set_after_seq(0);
  auto out = session.receive(pull);
  REQUIRE(out.size() == 1);
  CHECK(out[0].error().code() == v1::UNEXPECTED_MESSAGE);
  CHECK(session.finished());
  CHECK(session.receive(pull).empty());  // nothing more once closed
}

TEST_CASE("a newer protocol version is refused with a clear error", "[sync][session][scripted]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  sync::HubSession session(*a.hub);
  auto out = session.receive(hello_with(ana.token, 2));
  REQUIRE(out.size() == 1);
  CHECK(out[0].error().code() == v1::UNSUPPORTED_VERSION);
  CHECK_THAT(out[0].error().message(), Catch::Contains("version"));
}

TEST_CASE("messages out of turn end the session", "[sync][session][scripted]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  sync::HubSession session(*a.hub);
  REQUIRE(session.receive(hello_with(ana.token)).at(0).has_welcome());
  v1::Envelope stray_ack;
  stray_ack.mutable_ack()->set_batch_seq(7);  // an Ack with no Changes in flight
  auto out = session.receive(stray_ack);
  REQUIRE(out.size() == 1);
  CHECK(out[0].error().code() == v1::UNEXPECTED_MESSAGE);
}

TEST_CASE("a push with records that do not decode refuses those records only",
          "[sync][session][scripted]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  sync::HubSession session(*a.hub);
  REQUIRE(session.receive(hello_with(ana.token)).at(0).has_welcome());
  const uint64_t before = a.hub->store().status()->last_seq;
  v1::Envelope push;
  push.mutable_push()->set_batch_seq(1);
  v1::Record* bad = push.mutable_push()->add_records();
  bad->set_id("short");
  bad->set_type("observation");
  auto out = session.receive(push);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].has_ack());
  REQUIRE(out[0].ack().refused_size() == 1);
  CHECK(out[0].ack().refused(0).code() == v1::INVALID_RECORD);
  CHECK(a.hub->store().status()->last_seq == before);
}

TEST_CASE("the client refuses a hub that answers out of turn", "[sync][session][scripted]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  sync::ClientOptions o;
  o.token = ana.token;
  sync::ClientSession client(*ana.store, o);
  v1::Envelope changes;
  changes.mutable_changes()->set_batch_seq(5);
  auto out = client.receive(changes);  // before any Welcome
  CHECK(client.finished());
  CHECK_FALSE(client.status().is_ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].has_error());
  CHECK(ana.store->peer(1)->pulled_seq == 0);
}

TEST_CASE(
    "a duplicated Ack for one retry batch is not taken for the next (found by triad-sim seed 9540)",
    "[sync][session][scripted]") {
  Alliance a;
  a.hub->limits().max_batch_records = 1;  // one record per retry batch
  auto skew = std::make_shared<int64_t>(0);
  Device ana = a.device_dated("Fortismere", "Ana Diaz", skew);
  a.sync(ana);
  *skew = 3650ll * 24 * 3600 * 1000;  // a date ten years ahead, left wrong
  REQUIRE(ana.store->create_record("enquiry", {put("title", "A"), put("scope", "alliance")}));
  REQUIRE(ana.store->create_record("enquiry", {put("title", "B"), put("scope", "alliance")}));
  a.sync(ana);
  REQUIRE(ana.store->status()->refusals.size() == 2);
  sync::ClientOptions o;
  o.token = ana.token;
  sync::ClientSession client(*ana.store, o);
  sync::HubSession session(*a.hub);
  auto welcome = session.receive(client.hello());
  auto first_push = client.receive(welcome.at(0));
  REQUIRE(first_push.at(0).has_push());
  auto first_ack = session.receive(first_push.at(0));
  REQUIRE(first_ack.at(0).has_ack());
  auto second_push = client.receive(first_ack.at(0));
  REQUIRE(second_push.at(0).has_push());  // the second retry batch is now in flight, unanswered
  client.receive(first_ack.at(0));        // the first Ack again
  CHECK(ana.store->status()->refusals.size() ==
        2);  // A refused again; B not answered yet, so it stands
}
