// "Discard my change" (issue 12, item 3): a change the hub refused can be dropped; the device then
// takes the hub's state of the record back at its next sync, or removes a record the hub never
// had, and the refusal is gone. Changes refused before the local check existed (an older app)
// are the ones this is for.
#include <catch2/catch.hpp>

#include "sync_fixture.h"

using namespace triad;
using namespace triad::testing;

namespace {

// A device of an app without the local check: its edits reach the hub, which refuses them.
Device unchecked_device(Alliance& a, const std::string& school, const std::string& person,
                        core::SiteId site) {
  auto enrolment = a.hub->enrol(school, person, core::DeviceRole::kDevice);
  REQUIRE(enrolment);
  core::StoreOptions o = options_with(a.clock, site);
  o.check_write_rules = false;
  return {core::Store::create(":memory:", school, person, o).value(), enrolment->token};
}

}  // namespace

TEST_CASE("a refused change is discarded: the hub's state comes back and the refusal goes",
          "[sync][discard]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = unchecked_device(a, "Woodroffe", "Ben Lee", 300);
  auto enquiry =
      ana.store->create_record("enquiry", {put("title", "Fortismere's"), put("scope", "alliance")})
          .value();
  a.sync(ana);
  a.sync(ben);
  // Ben's old app let him rename another school's enquiry and delete a colleague from the roster:
  // both are refused and kept.
  REQUIRE(ben.store->update_record(enquiry, {put("title", "renamed by Ben")}).is_ok());
  auto ana_person = ben.store->resolve("person", "Ana Diaz").value();
  REQUIRE(ben.store->delete_record(ana_person).is_ok());
  CHECK(a.sync(ben).refused == 2);
  CHECK(a.sync(ben).refused == 2);  // offered again, refused again: stuck until discarded
  for (const auto& id : {enquiry, ana_person}) REQUIRE(ben.store->discard_refused(id).is_ok());
  auto report = a.sync(ben);
  REQUIRE(a.last_status.is_ok());
  CHECK(report.discarded == 2);
  CHECK(report.refused == 0);
  CHECK(ben.store->status()->refusals.empty());
  CHECK(ben.store->get(enquiry).value().value() == a.hub->store().get(enquiry).value().value());
  CHECK(holds(*ben.store, ana_person));  // the roster person can be named again
  CHECK(ben.store->resolve("person", "Ana Diaz").is_ok());
  auto later = a.sync(ben);
  CHECK(later.pushed == 0);
  CHECK(later.refused == 0);
}

TEST_CASE("only a refused change can be discarded", "[sync][discard]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  auto enquiry = ana.store->create_record("enquiry", {put("title", "mine")}).value();
  CHECK(ana.store->discard_refused(enquiry).code() == core::StatusCode::kNotFound);
}

TEST_CASE("a hub sends a discarded record's state only to a device that may see it",
          "[sync][discard]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = unchecked_device(a, "Woodroffe", "Ben Lee", 300);
  a.sync(ana);
  a.sync(ben);
  auto secret = ana.store
                    ->create_record("observation",
                                    {put("observed_teacher", "Ana Diaz"), put("notes", "secret")})
                    .value();
  a.sync(ana);
  // A crafted request for a record Ben may not see: the hub answers "gone", never the record.
  sync::ClientSession client(*ben.store, {ben.token});
  sync::HubSession session(*a.hub);
  (void)client.receive(session.receive(client.hello()).at(0));
  v1::Envelope pull;
  pull.mutable_pull()->set_after_seq(0);
  pull.mutable_pull()->add_refetch(std::string(secret.bytes()));
  auto out = session.receive(pull);
  REQUIRE(out.at(0).has_changes());
  CHECK(out[0].changes().replace_size() == 0);
  REQUIRE(out[0].changes().gone_size() == 1);
  for (const auto& r : out[0].changes().records()) CHECK(r.id() != std::string(secret.bytes()));
}

TEST_CASE("the hub's answer to discarded changes stays within a batch's bytes (review)",
          "[sync][discard]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  const std::string big(190'000, 'x');
  std::vector<core::RecordId> ids;
  for (int i = 0; i < 12; ++i)
    ids.push_back(
        ana.store
            ->create_record("enquiry",
                            {put("title", "long " + std::to_string(i)), put("scope", "alliance"),
                             put("research_question", big), put("baseline", big)})
            .value());
  a.sync(ana);
  sync::ClientSession client(*ana.store, {ana.token});
  sync::HubSession session(*a.hub);
  (void)client.receive(session.receive(client.hello()).at(0));  // commits the generation
  v1::Envelope pull;
  for (int i = 0; i < 30; ++i)  // the same one again and again, and all twelve
    pull.mutable_pull()->add_refetch(std::string(ids[0].bytes()));
  for (const auto& id : ids) pull.mutable_pull()->add_refetch(std::string(id.bytes()));
  auto out = session.receive(pull);
  size_t replaced = 0;
  for (int batch = 0; batch < 20 && !out.empty() && out.at(0).has_changes(); ++batch) {
    const v1::Changes& c = out[0].changes();
    CHECK(out[0].ByteSizeLong() <= 2 * a.hub->limits().max_batch_bytes);  // not 12 x 380 KB, nor 42
    replaced += c.replace_size();
    if (!c.more()) break;
    v1::Envelope ack;
    ack.mutable_ack()->set_batch_seq(c.batch_seq());
    out = session.receive(ack);
  }
  CHECK(replaced == ids.size());  // each once, over several batches
}
