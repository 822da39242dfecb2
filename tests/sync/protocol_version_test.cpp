// Protocol versions and features (sync.proto, VERSIONS AND FEATURES): what a hub does with an old
// client, what a client does with an old or newer hub, and that both ends then speak what they
// agreed. Old peers are the current sessions with their Hello or Welcome rewritten as the old
// code wrote it: every 1.1 peer is this code base, with a 1.1 version and no feature list.
#include <catch2/catch.hpp>
#include <functional>

#include "sync_fixture.h"
#include "triad/core/store_format.h"
#include "triad/hub/hub_session.h"
#include "triad/sync/codec.h"

using namespace triad;
using namespace triad::testing;

namespace {

std::string token_id(const Device& d) { return d.token.substr(0, d.token.find('.')); }

sync::ClientOptions with_token(const Device& d) {
  sync::ClientOptions o;
  o.token = d.token;
  return o;
}

std::string ours() {
  return std::to_string(sync::kProtocolMajor) + "." + std::to_string(sync::kProtocolMinor);
}

// A Hello as a client of protocol 1.`minor` sent it, before features were listed (1.0 and 1.1
// clients sent store format 3 whatever their format was).
void as_old_client(v1::Hello& h, uint32_t minor) {
  h.mutable_version()->set_minor(minor);
  h.clear_features();
  h.set_schema_version(3);
}

// A Welcome as a hub of protocol 1.`minor` sent it, before features were listed.
void as_old_hub(v1::Welcome& w, uint32_t minor) {
  w.mutable_version()->set_minor(minor);
  w.clear_features();
}

v1::Envelope wire(const v1::Envelope& f) {  // every frame crosses the wire format
  auto decoded = sync::decode_frame_body(sync::encode_frame(f).substr(sync::kFrameHeaderBytes));
  REQUIRE(decoded);
  return *decoded;
}

struct Rewrite {
  std::function<void(v1::Hello&)> hello;
  std::function<void(v1::Welcome&)> welcome;
};

struct Exchange {
  std::vector<v1::Envelope> client_sent;
  std::vector<v1::Envelope> hub_sent;
};

// One whole session between `client` and `hub`, its Hello and Welcome rewritten on the way.
Exchange run(sync::ClientSession& client, sync::HubSession& hub, const Rewrite& rewrite = {}) {
  Exchange x;
  sync::Frames to_hub{client.hello()};
  if (rewrite.hello) rewrite.hello(*to_hub[0].mutable_hello());
  while (!to_hub.empty()) {
    sync::Frames to_client;
    for (const auto& f : to_hub) {
      x.client_sent.push_back(f);
      for (auto& out : hub.receive(wire(f))) to_client.push_back(std::move(out));
    }
    to_hub.clear();
    for (auto& f : to_client) {
      if (f.has_welcome() && rewrite.welcome) rewrite.welcome(*f.mutable_welcome());
      x.hub_sent.push_back(f);
      for (auto& out : client.receive(wire(f))) to_hub.push_back(std::move(out));
    }
  }
  return x;
}

core::RecordId write_enquiry(core::Store& store, const std::string& title) {
  auto id = store.create_record("enquiry", {put("title", title),
                                            put("scope", "alliance"),
                                            put("research_question", "Does " + title + " help?"),
                                            {"interventions", core::FieldEdit::Op::kAdd, "pairs"}});
  REQUIRE(id);
  REQUIRE(store.update_record(*id, {{"interventions", core::FieldEdit::Op::kAdd, "wait time"}})
              .is_ok());
  return *id;
}

core::RecordState state_of(core::Store& store, const core::RecordId& id) {
  auto r = store.get(id);
  REQUIRE(r);
  REQUIRE(r->has_value());
  return **r;
}

const sync::FeatureSet kAll = sync::kSpokenFeatures;
// What a 1.1 peer speaks: all but text changes, which came in 1.2 (a 1.1 peer is sent every text
// field whole).
const sync::FeatureSet kOf11{v1::FEATURE_COMPACT_STAMPS, v1::FEATURE_GENERATIONS,
                             v1::FEATURE_REFETCH};

}  // namespace

TEST_CASE("a 1.0 client is refused with a message to update Triad, and nothing of it is stored",
          "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  const core::RecordId enquiry = write_enquiry(*ana.store, "Questioning");
  const uint64_t hub_seq = a.hub->store().last_seq().value();
  sync::ClientSession client(*ana.store, with_token(ana));
  sync::HubSession hub(*a.hub);
  const Exchange x = run(client, hub, {[](v1::Hello& h) { as_old_client(h, 0); }, nullptr});

  REQUIRE(x.hub_sent.size() == 1);
  REQUIRE(x.hub_sent[0].has_error());
  CHECK(x.hub_sent[0].error().code() == v1::UNSUPPORTED_VERSION);
  const std::string& said = x.hub_sent[0].error().message();
  INFO(said);
  CHECK_THAT(said, Catch::Contains("protocol version " + ours()));
  CHECK_THAT(said, Catch::Contains("speaks 1.0"));
  CHECK_THAT(said, Catch::Contains("compact stamps"));
  CHECK_THAT(said, Catch::Contains("Update Triad on this device"));
  CHECK(hub.finished());
  // The device shows the hub's words; it sent no record, and the hub stored nothing of it.
  CHECK_THAT(client.status().message(), Catch::Contains("Update Triad on this device"));
  CHECK(x.client_sent.size() == 1);
  CHECK(a.hub->store().last_seq().value() == hub_seq);
  auto device = a.hub->devices().find(token_id(ana)).value();
  REQUIRE(device);
  CHECK(device->last_sync_ms == 0);
  CHECK(device->bound_site == 0);
  CHECK(device->pending_generation == 0);
  // A Push the old client might send anyway is not read.
  v1::Envelope push;
  push.mutable_push()->set_batch_seq(1);
  push.mutable_push()->set_push_number(1);
  sync::to_proto(state_of(*ana.store, enquiry), *push.mutable_push()->add_records());
  CHECK(hub.receive(push).empty());
  CHECK_FALSE(a.hub->store().get(enquiry).value().has_value());
}

TEST_CASE("a 1.1 client is accepted at minor 1 with the features 1.1 implies, and syncs",
          "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  const core::RecordId anas = write_enquiry(*ana.store, "Questioning");
  const Rewrite old{[](v1::Hello& h) { as_old_client(h, 1); }, nullptr};
  {
    sync::ClientSession client(*ana.store, with_token(ana));
    sync::HubSession hub(*a.hub);
    const Exchange x = run(client, hub, old);
    REQUIRE(client.status().is_ok());
    REQUIRE(x.hub_sent.at(0).has_welcome());
    const v1::Welcome& w = x.hub_sent[0].welcome();
    CHECK(w.version().major() == sync::kProtocolMajor);
    CHECK(w.version().minor() == 1);
    // The hub says what it speaks; a 1.1 client ignores the list.
    CHECK(sync::features_of(2, w.features()) == kAll);
    CHECK(w.features_size() == static_cast<int>(kAll.members().size()));
    CHECK(hub.protocol() == sync::SessionProtocol{1, kOf11});
  }
  // Its record, compact stamps and all, reached the hub whole, and goes on to a current device.
  CHECK(state_of(a.hub->store(), anas) == state_of(*ana.store, anas));
  a.sync(ben);
  REQUIRE(a.last_status.is_ok());
  CHECK(state_of(*ben.store, anas) == state_of(*ana.store, anas));
  // What the current device writes reaches the 1.1 client the same way.
  const core::RecordId bens = write_enquiry(*ben.store, "Wait time");
  a.sync(ben);
  sync::ClientSession client(*ana.store, with_token(ana));
  sync::HubSession hub(*a.hub);
  run(client, hub, old);
  REQUIRE(client.status().is_ok());
  CHECK(state_of(*ana.store, bens) == state_of(*ben.store, bens));
}

TEST_CASE("a current client and hub agree on the current minor and every feature",
          "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  sync::ClientSession client(*ana.store, with_token(ana));
  sync::HubSession hub(*a.hub);
  const Exchange x = run(client, hub);
  REQUIRE(client.status().is_ok());
  const v1::Hello& hello = x.client_sent.at(0).hello();
  CHECK(hello.version().minor() == sync::kProtocolMinor);
  CHECK(sync::features_of(sync::kProtocolMinor, hello.features()) == kAll);
  CHECK(hello.schema_version() == core::store_format_version());  // the real one, not 3
  const sync::SessionProtocol current{sync::kProtocolMinor, kAll};
  CHECK(hub.protocol() == current);
  CHECK(client.protocol() == current);
  CHECK(x.hub_sent.at(0).welcome().version().minor() == sync::kProtocolMinor);
}

TEST_CASE(
    "a client of a later minor is answered at this hub's minor; features unknown here are "
    "left out",
    "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  sync::ClientSession client(*ana.store, with_token(ana));
  sync::HubSession hub(*a.hub);
  v1::Envelope hello = client.hello();
  hello.mutable_hello()->mutable_version()->set_minor(sync::kProtocolMinor + 3);
  hello.mutable_hello()->add_features(static_cast<v1::Feature>(41));  // a later feature
  auto out = hub.receive(wire(hello));
  REQUIRE(out.at(0).has_welcome());
  CHECK(out[0].welcome().version().minor() == sync::kProtocolMinor);
  CHECK(hub.protocol() == sync::SessionProtocol{sync::kProtocolMinor, kAll});
  CHECK(sync::features_of(sync::kProtocolMinor, out[0].welcome().features()) == kAll);
}

TEST_CASE("a client that lacks an optional feature is accepted, and the hub reads none of it",
          "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  const auto unknown = core::RecordId::derive("enquiry", "never written");
  const auto ask_again = [&](bool speaks_refetch) {
    sync::ClientSession client(*ana.store, with_token(ana));
    sync::HubSession hub(*a.hub);
    v1::Envelope hello = client.hello();
    if (!speaks_refetch) {
      hello.mutable_hello()->clear_features();
      for (v1::Feature f : (kAll - sync::FeatureSet{v1::FEATURE_REFETCH}).members())
        hello.mutable_hello()->add_features(f);
    }
    auto welcome = hub.receive(hello);
    REQUIRE(welcome.at(0).has_welcome());
    const sync::FeatureSet expected =
        speaks_refetch ? kAll : kAll - sync::FeatureSet{v1::FEATURE_REFETCH};
    CHECK(hub.protocol() == sync::SessionProtocol{sync::kProtocolMinor, expected});
    v1::Envelope pull;
    pull.mutable_pull()->set_after_seq(0);
    pull.mutable_pull()->add_refetch(std::string(unknown.bytes()));
    auto changes = hub.receive(pull);
    REQUIRE(changes.at(0).has_changes());
    return changes[0].changes().gone_size();
  };
  CHECK(ask_again(true) == 1);   // a client that speaks it is told the record is gone
  CHECK(ask_again(false) == 0);  // one that does not never asked: nothing is read or answered
}

TEST_CASE("a hub refuses another major and says which side to update", "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  for (const auto& [major, who] : {std::pair<uint32_t, const char*>{2, "update Triad on the hub"},
                                   {0, "update Triad on this device"}}) {
    sync::ClientSession client(*ana.store, with_token(ana));
    sync::HubSession hub(*a.hub);
    v1::Envelope hello = client.hello();
    hello.mutable_hello()->mutable_version()->set_major(major);
    auto out = hub.receive(hello);
    REQUIRE(out.size() == 1);
    CHECK(out[0].error().code() == v1::UNSUPPORTED_VERSION);
    CHECK_THAT(out[0].error().message(), Catch::Contains(who));
    CHECK_THAT(out[0].error().message(), Catch::Contains(std::to_string(major) + "."));
  }
}

TEST_CASE("a client ends a session with a hub of a newer major before taking anything from it",
          "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  write_enquiry(*ana.store, "Questioning");
  sync::ClientSession client(*ana.store, with_token(ana));
  sync::HubSession hub(*a.hub);
  const Exchange x =
      run(client, hub, {nullptr, [](v1::Welcome& w) { w.mutable_version()->set_major(2); }});
  CHECK(x.client_sent.size() == 1);  // the Hello: nothing sent in a protocol it does not speak
  CHECK(client.finished());
  CHECK(client.status().code() == core::StatusCode::kFailedPrecondition);
  CHECK_THAT(client.status().message(), Catch::Contains("protocol version 2."));
  CHECK_THAT(client.status().message(), Catch::Contains("update Triad on this device"));
  CHECK(ana.store->peers().value().empty());  // no generation, no hub taken from that Welcome
}

TEST_CASE("a client ends a session with a hub that lacks a feature it needs: update the hub",
          "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  write_enquiry(*ana.store, "Questioning");
  sync::ClientSession client(*ana.store, with_token(ana));
  sync::HubSession hub(*a.hub);
  const Exchange x = run(client, hub, {nullptr, [](v1::Welcome& w) { as_old_hub(w, 0); }});
  REQUIRE(x.client_sent.size() == 2);  // Hello, then the Error that tells the hub why
  REQUIRE(x.client_sent[1].has_error());
  CHECK(x.client_sent[1].error().code() == v1::UNSUPPORTED_VERSION);
  CHECK(client.status().code() == core::StatusCode::kFailedPrecondition);
  const std::string& said = client.status().message();
  INFO(said);
  CHECK_THAT(said, Catch::Contains("protocol version 1.0"));
  CHECK_THAT(said, Catch::Contains("compact stamps"));
  CHECK_THAT(said, Catch::Contains("update Triad on the hub"));
  CHECK(ana.store->peers().value().empty());
  CHECK(hub.finished());
}

TEST_CASE("a client syncs with a 1.1 hub, which speaks what the client needs", "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  const core::RecordId anas = write_enquiry(*ana.store, "Questioning");
  sync::ClientSession client(*ana.store, with_token(ana));
  sync::HubSession hub(*a.hub);
  run(client, hub, {nullptr, [](v1::Welcome& w) { as_old_hub(w, 1); }});
  REQUIRE(client.status().is_ok());
  CHECK(client.protocol() == sync::SessionProtocol{1, kOf11});
  CHECK(state_of(a.hub->store(), anas) == state_of(*ana.store, anas));
}

TEST_CASE("a client keeps a discarded change for a hub that speaks refetch", "[sync][protocol]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  auto enrolment = a.hub->enrol("Woodroffe", "Ben Lee", core::DeviceRole::kDevice);
  REQUIRE(enrolment);
  core::StoreOptions o = options_with(a.clock, 300);
  o.check_write_rules = false;  // an older app: its edit reaches the hub, which refuses it
  Device ben{core::Store::create(":memory:", "Woodroffe", "Ben Lee", o).value(), enrolment->token};
  const core::RecordId anas = write_enquiry(*ana.store, "Questioning");
  a.sync(ana);
  a.sync(ben);
  REQUIRE(ben.store->update_record(anas, {put("title", "renamed by Ben")}).is_ok());
  REQUIRE(a.sync(ben).refused == 1);
  REQUIRE(ben.store->discard_refused(anas).is_ok());
  {  // a hub that does not speak refetch: nothing asked, the discard waits
    sync::ClientSession client(*ben.store, with_token(ben));
    sync::HubSession hub(*a.hub);
    const Exchange x = run(client, hub, {nullptr, [](v1::Welcome& w) {
                                           w.clear_features();  // 1.2 implies no refetch
                                         }});
    REQUIRE(client.status().is_ok());
    CHECK_FALSE(client.protocol().features.has(v1::FEATURE_REFETCH));
    for (const auto& f : x.client_sent)
      if (f.has_pull()) CHECK(f.pull().refetch_size() == 0);
    CHECK(client.report().discarded == 0);
    CHECK(ben.store->status()->refusals.size() == 1);
  }
  auto report = a.sync(ben);  // a hub that does
  REQUIRE(a.last_status.is_ok());
  CHECK(report.discarded == 1);
  CHECK(ben.store->status()->refusals.empty());
  CHECK(state_of(*ben.store, anas) == state_of(a.hub->store(), anas));
}
