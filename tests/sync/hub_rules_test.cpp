// What an enrolled device may not do to the hub, whatever it sends (from the security review).
#include <catch2/catch.hpp>

#include "sync_fixture.h"
#include "triad/core/field_ops.h"
#include "triad/core/merge.h"
#include "triad/hub/hub_session.h"
#include "triad/sync/codec.h"

using namespace triad;
using namespace triad::testing;

namespace {

// Pushes `records` as `d` in a session of its own, returns the refusal messages.
std::vector<std::string> push_as(Alliance& a, Device& d,
                                 const std::vector<core::RecordState>& records) {
  sync::HubSession session(*a.hub);
  sync::ClientSession client(*d.store, {d.token});
  auto welcome = session.receive(client.hello());
  REQUIRE(welcome.at(0).has_welcome());
  (void)client.receive(
      welcome.at(0));  // the store takes the session's generation; its own push is not sent
  v1::Envelope push;
  push.mutable_push()->set_batch_seq(0);
  for (const auto& r : records) sync::to_proto(r, *push.mutable_push()->add_records());
  auto out = session.receive(push);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].has_ack());
  std::vector<std::string> refused;
  for (const auto& r : out[0].ack().refused()) refused.push_back(r.message());
  return refused;
}

core::RecordState at_hub(Alliance& a, const core::RecordId& id) {
  return a.hub->store().get(id).value().value();
}

}  // namespace

TEST_CASE("a device cannot change, or read by changing, a record it may not see",
          "[sync][hub-rules]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  Device cara = a.device("Fortismere", "Cara Wu");
  for (Device* d : {&ana, &ben, &cara}) a.sync(*d);
  auto obs = ana.store
                 ->create_record("observation",
                                 {put("observed_teacher", "Ben Lee"), put("notes", "confidential")})
                 .value();
  a.sync(ana);
  // Cara, at the same school but not named, rebuilds the record and adds herself as an observer.
  core::RecordState forged = at_hub(a, obs);
  core::add_element(forged.fields["observers"], cara.store->identity().person.to_string(),
                    {forged.max_hlc() + 1, 999});
  auto refused = push_as(a, cara, {forged});
  REQUIRE(refused.size() == 1);
  CHECK_THAT(refused[0], Catch::Contains("may not change"));
  a.sync(cara);
  CHECK_FALSE(cara.store->get(obs).value().has_value());
}

TEST_CASE("the roster is neither deleted nor taken over from another school's device",
          "[sync][hub-rules]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  a.sync(ana);
  a.sync(ben);
  const core::RecordId ana_person = ana.store->identity().person;
  core::RecordState deleted = at_hub(a, ana_person);
  deleted.deleted = core::Stamp{deleted.max_hlc() + 1, 999};
  core::purge(deleted);
  core::RecordState renamed = at_hub(a, ana_person);
  renamed.header.created = {1, 1};
  renamed.header.school = ben.store->identity().school;
  core::assign_value(renamed.fields["name"], core::FieldKind::kRegister, "Mallory",
                     {renamed.max_hlc() + 1, 999});
  CHECK(push_as(a, ben, {deleted}).size() == 1);
  CHECK(push_as(a, ben, {renamed}).size() == 1);
  const core::RecordState held = at_hub(a, ana_person);
  CHECK_FALSE(held.is_deleted());
  CHECK(held.field("name")->value() == "Ana Diaz");
  CHECK(held.header.school != ben.store->identity().school);
}

TEST_CASE("known fields keep their kind and child records their declared parents",
          "[sync][hub-rules]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  auto enquiry =
      ana.store->create_record("enquiry", {put("title", "E"), put("scope", "alliance")}).value();
  a.sync(ana);
  core::RecordState poisoned = at_hub(a, enquiry);
  poisoned.fields["focus"].kind =
      core::FieldKind::kSet;  // would silence every later register write
  core::add_element(poisoned.fields["focus"], "x", {poisoned.max_hlc() + 1, 999});
  CHECK(push_as(a, ana, {poisoned}).size() == 1);
  // A chain of records of a made-up type, each the parent of the next: refused, no deep cascade.
  core::RecordState link;
  link.header = {core::RecordId::generate(1, 1, 1), "zz",
                 core::RecordId::generate(1, 2, 2), ana.store->identity().school,
                 ana.store->identity().person,      {core::make_hlc(*a.clock.now_ms, 0), 999}};
  link.scope = core::Scope::kAlliance;
  CHECK(push_as(a, ana, {link}).size() == 1);
  core::RecordState orphan_entry;  // a log entry whose log is not at the hub
  orphan_entry.header = {
      core::RecordId::generate(1, 3, 3), "evidence",
      core::RecordId::generate(1, 4, 4), ana.store->identity().school,
      ana.store->identity().person,      {core::make_hlc(*a.clock.now_ms, 0), 999}};
  orphan_entry.scope = core::Scope::kAlliance;
  CHECK(push_as(a, ana, {orphan_entry}).size() == 1);
}

TEST_CASE("oversized records are refused before they are merged (review #2, #3)",
          "[sync][hub-rules]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  core::RecordState heavy;
  heavy.header = {core::RecordId::generate(1, 5, 5),
                  "enquiry",
                  {},
                  ana.store->identity().school,
                  ana.store->identity().person,
                  {core::make_hlc(*a.clock.now_ms, 0), 999}};
  heavy.scope = core::Scope::kAlliance;
  core::FieldState notes{core::FieldKind::kText, {}, {}};
  for (uint64_t i = 0; i < 5000; ++i)
    notes.versions.push_back({"", {i + 1, i + 1}, {}});  // quadratic to merge
  heavy.fields["baseline"] = notes;
  const auto start = std::chrono::steady_clock::now();
  auto refused = push_as(a, ana, {heavy});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  REQUIRE(refused.size() == 1);
  CHECK_THAT(refused[0], Catch::Contains("versions"));
  core::RecordState big = heavy;
  big.header.id = core::RecordId::generate(1, 6, 6);
  big.fields.clear();
  core::FieldState tags{core::FieldKind::kSet, {}, {}};
  for (uint64_t i = 0; i < 9000; ++i)
    tags.dots.push_back({std::string(100, 'x') + std::to_string(i), {i + 1, 7}, false});
  big.fields["interventions"] = tags;
  refused = push_as(a, ana, {big});
  REQUIRE(refused.size() == 1);
  CHECK_THAT(refused[0], Catch::Contains("KiB"));
}

TEST_CASE("a store syncing with another device's token gets a site id of its own (review #6)",
          "[sync][hub-rules]") {
  // A site id names one replica: a store under a second token (a copy enrolled as a new device, or
  // one pretending to be another) would share its checkpoints and its echo filter with the first.
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  a.sync(ana);
  const core::SiteId ana_site = ana.store->identity().site;
  const uint64_t ana_checkpoint = a.hub->store().peer(ana_site)->pulled_seq;
  sync::ClientOptions as_ben;
  as_ben.token = ben.token;  // Ben's token, but Ana's store (and so Ana's site id)
  auto report = a.sync(ana, -1, as_ben);
  REQUIRE(a.last_status.is_ok());
  CHECK(report.took_new_site);
  CHECK(ana.store->identity().site != ana_site);
  CHECK(a.hub->store().peer(ana_site)->pulled_seq ==
        ana_checkpoint);  // the first's checkpoints untouched
  a.sync(ana, -1, as_ben);
  CHECK(a.last_status.is_ok());
  a.sync(ana);  // and Ana's own token is now bound to another store: refused, with what to do
  CHECK_FALSE(a.last_status.is_ok());
  CHECK_THAT(a.last_status.message(), Catch::Contains("another copy of this store"));
}

TEST_CASE("a very deep chain of child records is deleted without recursion", "[core][store]") {
  ManualClock clock;
  auto s =
      core::Store::create(":memory:", "Fortismere", "Ana Diaz", options_with(clock, 1)).value();
  std::vector<core::RecordState> chain;
  core::RecordId parent;
  for (int i = 0; i < 50'000;
       ++i) {  // records of a type from a newer version, each the child of the last
    core::RecordState r;
    r.header = {core::RecordId::generate(1, 9, static_cast<uint64_t>(i)),
                "future_note",
                parent,
                s->identity().school,
                s->identity().person,
                {core::make_hlc(*clock.now_ms, 0), 7}};
    r.scope = core::Scope::kAlliance;
    parent = r.header.id;
    chain.push_back(std::move(r));
  }
  REQUIRE(s->apply(chain, 7, "newer", std::nullopt));
  core::RecordState top = chain.front();
  top.deleted = core::Stamp{core::make_hlc(*clock.now_ms, 1), 7};
  REQUIRE(s->apply({top}, 7, "newer", std::nullopt));
  CHECK(s->get(chain.back().header.id).value()->is_deleted());
}

TEST_CASE(
    "a device adds no one at another school, and enrolment corrects a claim made before it (item "
    "7)",
    "[sync][hub-rules]") {
  Alliance a;
  core::StoreOptions unchecked = options_with(a.clock, 700);
  unchecked.check_write_rules = false;  // a device that skips its own check, or a hostile one
  auto enrolment = a.hub->enrol("Fortismere", "Ana Diaz", core::DeviceRole::kDevice).value();
  Device ana{core::Store::create(":memory:", "Fortismere", "Ana Diaz", unchecked).value(),
             enrolment.token};
  a.sync(ana);
  REQUIRE(ana.store->create_record("school", {put("name", "Woodroffe")}));
  auto ben =
      ana.store->create_record("person", {put("name", "Ben Lee"), put("school", "Woodroffe")})
          .value();
  auto refused = push_as(a, ana, {ana.store->get(ben).value().value()});
  REQUIRE(refused.size() == 1);
  CHECK_THAT(refused[0], Catch::Contains("own school"));
  // The same name-derived id, claimed for Ana's own school before Ben is enrolled at his.
  REQUIRE(ana.store->update_record(ben, {put("school", "Fortismere")}).is_ok());
  CHECK(push_as(a, ana, {ana.store->get(ben).value().value()}).empty());
  REQUIRE(a.hub->enrol("Woodroffe", "Ben Lee", core::DeviceRole::kDevice));
  const core::RecordId woodroffe = core::RecordId::derive("school", "Woodroffe");
  CHECK(at_hub(a, ben).field("school")->value() == woodroffe.to_string());
  a.sync(ana);
  CHECK(ana.store->get(ben).value()->field("school")->value() == woodroffe.to_string());
}

namespace {

// hub_binding.cpp's generation: a counter and a tag of the token id (which is not secret).
uint64_t forged_generation(const std::string& token, uint64_t counter) {
  const std::string id = token.substr(0, token.find('.'));
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
  return (counter << 24) | (h & 0xffffff);
}

}  // namespace

TEST_CASE(
    "a device is never served as another device's site id, whatever generation it shows (review)",
    "[sync][hub-rules]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Fortismere", "Ben Lee");
  a.sync(ana);
  a.sync(ben);
  const core::SiteId ana_site = ana.store->identity().site;
  auto bens = ben.store->create_record("enquiry", {put("title", "Ben's"), put("scope", "alliance")})
                  .value();
  for (uint64_t counter :
       {uint64_t{1000}, (uint64_t{1} << 40) - 1}) {  // ahead of the hub; about to wrap
    sync::HubSession session(*a.hub);
    v1::Envelope hello;
    v1::Hello* h = hello.mutable_hello();
    sync::state_protocol(*h);
    h->set_site_id(ana_site);
    h->set_device_token(ben.token);
    h->set_generation(forged_generation(ben.token, counter));
    auto welcome = session.receive(hello);
    REQUIRE(welcome.size() == 1);
    if (!welcome[0].has_welcome()) continue;  // refused: fine too
    CHECK(welcome[0].welcome().new_site_id() != 0);
    CHECK(welcome[0].welcome().new_site_id() != ana_site);
    v1::Envelope push;
    push.mutable_push()->set_batch_seq(1);
    push.mutable_push()->set_push_number(1);
    sync::to_proto(ben.store->get(bens).value().value(), *push.mutable_push()->add_records());
    REQUIRE(session.receive(push).at(0).has_ack());
  }
  a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK(holds(*ana.store, bens));  // before: the row was taken for Ana's own echo, never sent her
}
