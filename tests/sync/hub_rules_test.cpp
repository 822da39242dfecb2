// What an enrolled device may not do to the hub, whatever it sends (from the security review).
#include <catch2/catch.hpp>

#include "sync_fixture.h"
#include "triad/core/field_ops.h"
#include "triad/core/merge.h"
#include "triad/sync/codec.h"

using namespace triad;
using namespace triad::testing;

namespace {

// Pushes `records` as `d` in a session of its own, returns the refusal messages.
std::vector<std::string> push_as(Alliance& a, Device& d, const std::vector<core::RecordState>& records) {
  sync::HubSession session(*a.hub);
  sync::ClientSession client(*d.store, {d.token});
  REQUIRE(session.receive(client.hello()).at(0).has_welcome());
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

core::RecordState at_hub(Alliance& a, const core::RecordId& id) { return a.hub->store().get(id).value().value(); }

}  // namespace

TEST_CASE("a device cannot change, or read by changing, a record it may not see", "[sync][hub-rules]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  Device cara = a.device("Fortismere", "Cara Wu");
  for (Device* d : {&ana, &ben, &cara}) a.sync(*d);
  auto obs = ana.store->create_record("observation", {put("observed_teacher", "Ben Lee"), put("notes", "confidential")}).value();
  a.sync(ana);
  // Cara, at the same school but not named, rebuilds the record and adds herself as an observer.
  core::RecordState forged = at_hub(a, obs);
  core::add_element(forged.fields["observers"], cara.store->identity().person.to_string(), {forged.max_hlc() + 1, 999});
  auto refused = push_as(a, cara, {forged});
  REQUIRE(refused.size() == 1);
  CHECK_THAT(refused[0], Catch::Contains("may not change"));
  a.sync(cara);
  CHECK_FALSE(cara.store->get(obs).value().has_value());
}

TEST_CASE("the roster is neither deleted nor taken over from another school's device", "[sync][hub-rules]") {
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
  core::assign_value(renamed.fields["name"], core::FieldKind::kRegister, "Mallory", {renamed.max_hlc() + 1, 999});
  CHECK(push_as(a, ben, {deleted}).size() == 1);
  CHECK(push_as(a, ben, {renamed}).size() == 1);
  const core::RecordState held = at_hub(a, ana_person);
  CHECK_FALSE(held.is_deleted());
  CHECK(held.field("name")->value() == "Ana Diaz");
  CHECK(held.header.school != ben.store->identity().school);
}

TEST_CASE("known fields keep their kind and child records their declared parents", "[sync][hub-rules]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  auto enquiry = ana.store->create_record("enquiry", {put("title", "E"), put("scope", "alliance")}).value();
  a.sync(ana);
  core::RecordState poisoned = at_hub(a, enquiry);
  poisoned.fields["focus"].kind = core::FieldKind::kSet;  // would silence every later register write
  core::add_element(poisoned.fields["focus"], "x", {poisoned.max_hlc() + 1, 999});
  CHECK(push_as(a, ana, {poisoned}).size() == 1);
  // A chain of records of a made-up type, each the parent of the next: refused, no deep cascade.
  core::RecordState link;
  link.header = {core::RecordId::generate(1, 1, 1), "zz", core::RecordId::generate(1, 2, 2), ana.store->identity().school,
                 ana.store->identity().person, {core::make_hlc(*a.clock.now_ms, 0), 999}};
  link.scope = core::Scope::kAlliance;
  CHECK(push_as(a, ana, {link}).size() == 1);
  core::RecordState orphan_entry;  // a log entry whose log is not at the hub
  orphan_entry.header = {core::RecordId::generate(1, 3, 3), "evidence", core::RecordId::generate(1, 4, 4),
                         ana.store->identity().school, ana.store->identity().person, {core::make_hlc(*a.clock.now_ms, 0), 999}};
  orphan_entry.scope = core::Scope::kAlliance;
  CHECK(push_as(a, ana, {orphan_entry}).size() == 1);
}
