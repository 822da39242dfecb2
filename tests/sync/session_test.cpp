// The session state machines with real stores and no network.
#include <catch2/catch.hpp>

#include "sync_fixture.h"
#include "triad/core/exchange.h"

using namespace triad;
using namespace triad::testing;

TEST_CASE("devices exchange through the hub what each may see", "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  Device cara = a.device("Fortismere", "Cara Wu");
  for (Device* d : {&ana, &ben, &cara}) a.sync(*d);  // everyone learns the roster
  REQUIRE(a.last_status.is_ok());
  REQUIRE(
      holds(*ana.store,
            core::RecordId::derive(
                "person", core::RecordId::derive("school", "Woodroffe").to_string() + ":Ben Lee")));
  auto obs = ana.store
                 ->create_record("observation",
                                 {put("observed_teacher", "Ben Lee"), put("notes", "wait time")})
                 .value();
  auto enquiry =
      ana.store->create_record("enquiry", {put("title", "Questioning"), put("scope", "alliance")})
          .value();
  auto journal =
      ana.store->create_record("learning_log", {put("title", "Private journal")}).value();
  auto report = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK(report.refused == 0);
  a.sync(ben);
  a.sync(cara);
  CHECK(holds(*ben.store, obs));         // named in it
  CHECK_FALSE(holds(*cara.store, obs));  // not named
  CHECK(holds(*cara.store, enquiry));
  CHECK(holds(*ben.store, enquiry));
  CHECK_FALSE(
      a.hub->store().get(journal).value().has_value());  // private never leaves Ana's device
  CHECK_FALSE(ben.store->get(journal).value().has_value());
  // The private journal can never be sent, so it does not count as waiting to sync.
  CHECK(ana.store->status()->unsent_local_changes == 0);
}

TEST_CASE("concurrent edits of one lesson study converge through the hub", "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  a.sync(ana);
  a.sync(ben);
  auto study = ana.store
                   ->create_record("lesson_study", {put("members", "Ana Diaz"),
                                                    put("members", "Ben Lee"), put("review", "v1")})
                   .value();
  a.sync(ana);
  a.sync(ben);
  a.clock.advance(1000);
  REQUIRE(ana.store->update_record(study, {put("review", "Ana's review")}).is_ok());
  a.clock.advance(1000);
  REQUIRE(ben.store
              ->update_record(study, {put("review", "Ben's review"),
                                      {"targeted_pupils", core::FieldEdit::Op::kAdd, "Y4-07"}})
              .is_ok());
  for (int round = 0; round < 2; ++round) a.sync(ana), a.sync(ben);
  auto at_ana = ana.store->get(study).value().value();
  auto at_ben = ben.store->get(study).value().value();
  auto at_hub = a.hub->store().get(study).value().value();
  CHECK(at_ana == at_ben);
  CHECK(at_hub == at_ben);
  // The review merges: both rewrites of "v1" are kept whole, one after the other.
  const std::string review = at_ana.field("review")->value();
  CHECK((review == "Ana's reviewBen's review" || review == "Ben's reviewAna's review"));
  CHECK_FALSE(at_ana.field("review")->has_conflict());
  CHECK(at_ana.field("targeted_pupils")->elements() == std::vector<std::string>{"Y4-07"});
}

TEST_CASE("the hub refuses what a device may not write, and the device keeps and shows it",
          "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  a.sync(ana);
  a.sync(ben);
  auto enquiry = ana.store
                     ->create_record("enquiry", {put("title", "Fortismere's enquiry"),
                                                 put("scope", "alliance")})
                     .value();
  a.sync(ana);
  a.sync(ben);
  // Ben's app refuses the edit before writing it (the same rule as the hub's)...
  auto local = ben.store->update_record(enquiry, {put("title", "renamed by Ben")});
  CHECK(local.code() == core::StatusCode::kFailedPrecondition);
  CHECK_THAT(local.message(), Catch::Contains("may not change") && Catch::Contains("Not saved"));
  CHECK(ben.store->get(enquiry).value()->field("title")->value() == "Fortismere's enquiry");
  // ...and an app that does not (an older version, a tampered one) meets the hub's refusal.
  core::StoreOptions unchecked = options_with(a.clock, 777);
  unchecked.check_write_rules = false;
  ben.store = core::Store::create(":memory:", "Woodroffe", "Ben Lee", unchecked).value();
  REQUIRE(
      a.hub->release_device(ben.token.substr(0, ben.token.find('.'))).is_ok());  // Ben's new tablet
  a.sync(ben);
  REQUIRE(ben.store->update_record(enquiry, {put("title", "renamed by Ben")}).is_ok());
  auto report = a.sync(ben);
  CHECK(report.refused == 1);
  CHECK(a.hub->store().get(enquiry).value()->field("title")->value() == "Fortismere's enquiry");
  auto refusals = ben.store->status()->refusals;
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0].record == enquiry);
  CHECK_THAT(refusals[0].reason, Catch::Contains("may not change"));
  // Offered again at the next session (and refused again), never silently dropped.
  CHECK(a.sync(ben).refused == 1);
  CHECK(ben.store->status()->refusals.size() == 1);
}

TEST_CASE("a device's change stamped ten years ahead is refused by the hub", "[sync][session]") {
  Alliance a;
  auto skew = std::make_shared<int64_t>(0);
  Device ana = a.device_dated("Fortismere", "Ana Diaz", skew);
  a.sync(ana);
  *skew = 3650ll * 24 * 3600 * 1000;  // the tablet's date jumps ten years ahead
  auto enquiry =
      ana.store
          ->create_record("enquiry", {put("title", "From the future"), put("scope", "alliance")})
          .value();
  auto report = a.sync(ana);
  CHECK(report.refused == 1);
  CHECK(report.clock_off_ms == *skew);  // the person is told the date looks wrong
  CHECK(report.clock_repaired == 0);    // and nothing is re-stamped while it is
  CHECK_FALSE(a.hub->store().get(enquiry).value().has_value());
  CHECK_THAT(ana.store->status()->refusals.at(0).reason, Catch::Contains("ahead"));
}

TEST_CASE("wrong, malformed and revoked tokens are refused and store nothing", "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  REQUIRE(ana.store->create_record("enquiry", {put("title", "x"), put("scope", "alliance")}));
  const uint64_t hub_seq = a.hub->store().status()->last_seq;
  sync::ClientOptions wrong;
  SECTION("a wrong secret") { wrong.token = ana.token.substr(0, 9) + std::string(32, '0'); }
  SECTION("not a token") { wrong.token = "let-me-in"; }
  SECTION("a revoked token") {
    REQUIRE(a.hub->devices().revoke(ana.token.substr(0, 8)).is_ok());
    wrong.token = ana.token;
  }
  a.sync(ana, -1, wrong);
  CHECK_FALSE(a.last_status.is_ok());
  CHECK_THAT(a.last_status.message(), Catch::Contains("token"));
  CHECK(a.hub->store().status()->last_seq == hub_seq);
}

TEST_CASE("an interrupted session resumes without resending what was acknowledged",
          "[sync][session]") {
  Alliance a;
  a.hub->limits().max_batch_records = 10;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  for (int i = 0; i < 35; ++i)
    REQUIRE(ana.store->create_record(
        "enquiry", {put("title", "E" + std::to_string(i)), put("scope", "alliance")}));
  a.sync(ana, /*cut_after=*/3);  // Welcome, then two Acks: the link drops
  auto resumed = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK(resumed.pushed == 15);
  CHECK(a.hub->store().list("enquiry")->size() == 35);
}

TEST_CASE("a large pull arrives in bounded batches, each committed with its checkpoint",
          "[sync][session]") {
  Alliance a;
  a.hub->limits().max_batch_records = 100;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  a.sync(ana);
  for (int i = 0; i < 450; ++i)
    REQUIRE(ana.store->create_record(
        "enquiry", {put("title", "E" + std::to_string(i)), put("scope", "alliance")}));
  a.sync(ana);
  auto first = a.sync(ben, /*cut_after=*/3);  // a few frames in, the link drops
  const size_t kept = ben.store->list("enquiry")->size();
  CHECK(kept >= 98);  // at least one whole batch was committed with its checkpoint
  CHECK(kept < 450);
  CHECK(first.pull_batches >= 1);
  auto rest = a.sync(ben);
  REQUIRE(a.last_status.is_ok());
  CHECK(rest.changed == rest.pulled);  // every record pulled after the drop was new here
  CHECK(rest.pulled >= 450 - kept);
  CHECK(rest.pull_batches >= 3);
  CHECK(ben.store->list("enquiry")->size() == 450);
}

TEST_CASE("a lower hub passes only alliance-scope records up to a regional hub",
          "[sync][session][hub-to-hub]") {
  Alliance alliance;  // the alliance hub and its teachers
  Alliance region;    // the regional cluster's hub
  Device ana = alliance.device("Fortismere", "Ana Diaz");
  alliance.sync(ana);
  auto shared =
      ana.store
          ->create_record("enquiry", {put("title", "For the region"), put("scope", "alliance")})
          .value();
  auto school_only =
      ana.store->create_record("enquiry", {put("title", "Fortismere only"), put("scope", "school")})
          .value();
  alliance.sync(ana);
  auto upward = region.hub->enrol("The Mead", "alliance hub", core::DeviceRole::kHub).value();
  sync::ClientOptions up;
  up.token = upward.token;
  up.alliance_only = true;
  sync::ClientSession client(alliance.hub->store(), up);
  sync::HubSession session(*region.hub);
  sync::Frames to_region{client.hello()};
  while (!to_region.empty()) {
    sync::Frames back;
    for (auto& f : to_region)
      for (auto& o : session.receive(f)) back.push_back(o);
    to_region.clear();
    for (auto& f : back)
      for (auto& o : client.receive(f)) to_region.push_back(o);
  }
  REQUIRE(client.status().is_ok());
  CHECK(holds(region.hub->store(), shared));
  CHECK_FALSE(region.hub->store().get(school_only).value().has_value());
}

TEST_CASE("a record created and deleted offline reaches the hub as a tombstone without a refusal",
          "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  auto draft =
      ana.store->create_record("enquiry", {put("title", "Draft"), put("scope", "alliance")})
          .value();
  REQUIRE(ana.store->delete_record(draft).is_ok());
  auto report = a.sync(ana);
  CHECK(report.refused == 0);
  CHECK(ana.store->status()->refusals.empty());
  auto at_hub = a.hub->store().get(draft).value();
  REQUIRE(at_hub.has_value());
  CHECK(at_hub->is_deleted());
}

TEST_CASE("a record a device refuses on arrival comes again once it can be accepted (review #7)",
          "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  a.sync(ana);
  a.sync(ben);
  const uint64_t now = *a.clock.now_ms;
  auto early =
      ana.store->create_record("enquiry", {put("title", "before"), put("scope", "alliance")})
          .value();
  a.clock.set(now + 2 * 3600'000);  // Ana writes two hours later...
  auto late =
      ana.store->create_record("enquiry", {put("title", "two hours on"), put("scope", "alliance")})
          .value();
  a.sync(ana);
  a.clock.set(now);
  // ...and Ben's device, 23 hours behind, sees that as more than a day ahead.
  core::StoreOptions behind = options_with(a.clock, 555);
  behind.wall = [&a] { return *a.clock.now_ms - 23 * 3600'000; };
  auto reopened_ben = core::Store::create(":memory:", "Woodroffe", "Ben Lee", behind).value();
  REQUIRE(
      a.hub->release_device(ben.token.substr(0, ben.token.find('.'))).is_ok());  // Ben's new tablet
  Device slow{std::move(reopened_ben), ben.token};
  auto first = a.sync(slow);
  CHECK(first.refused_here >= 1);
  CHECK(holds(*slow.store, early));
  CHECK_FALSE(holds(*slow.store, late));
  a.clock.set(now + 24 * 3600'000);  // the clock is put right (a day has passed)
  auto second = a.sync(slow);
  CHECK(second.refused_here == 0);
  CHECK(holds(*slow.store, late));
}

TEST_CASE("hundreds of refused records are offered again in batches within the limit (review #9)",
          "[sync][session]") {
  Alliance a;
  a.hub->limits().max_batch_records = 50;
  auto skew = std::make_shared<int64_t>(0);
  Device ana = a.device_dated("Fortismere", "Ana Diaz", skew);
  a.sync(ana);
  *skew = 3650ll * 24 * 3600 * 1000;  // a date ten years ahead, left wrong
  for (int i = 0; i < 120; ++i)
    REQUIRE(ana.store->create_record(
        "enquiry", {put("title", "E" + std::to_string(i)), put("scope", "alliance")}));
  CHECK(a.sync(ana).refused == 120);
  auto again = a.sync(ana);  // over the batch limit: must be paged, not refused as a whole
  REQUIRE(a.last_status.is_ok());
  CHECK(again.refused == 120);
  Device ben =
      a.device("Woodroffe", "Ben Lee");  // and the rest of the session still runs: Ana pulls
  a.sync(ben);
  auto from_ben =
      ben.store->create_record("enquiry", {put("title", "from Ben"), put("scope", "alliance")})
          .value();
  a.sync(ben);
  a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK(holds(*ana.store, from_ben));
}

TEST_CASE("a private edit, which never leaves the device, makes no later session send again",
          "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  REQUIRE(ana.store->create_record("learning_log", {put("title", "Private journal")}));
  const auto first = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK_FALSE(first.resent);
  const auto second = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  // The hub's checkpoint of Ana's changes moved past the journal she held back: nothing is sent
  // again, and the session does not tell her the hub had lost anything.
  CHECK_FALSE(second.resent);
  CHECK(second.pushed == 0);
  CHECK(a.hub->store().peer(ana.store->identity().site)->pulled_seq ==
        ana.store->last_seq().value());
}

TEST_CASE("a store merged from a school named like a hub is not taken for the hub",
          "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  auto odd =
      core::Store::create(":memory:", "hub of The Mead", "Ben Lee", options_with(a.clock, 77));
  REQUIRE(odd);
  REQUIRE(core::merge_stores(*ana.store, **odd));
  // Ana never synced with a hub: her Hello carries no session of one, so the hub binds her token
  // to her store as a first use, not as a copy of a store it has seen.
  sync::ClientSession client(*ana.store, {ana.token});
  const v1::Envelope hello = client.hello();
  CHECK(hello.hello().generation() == 0);
  CHECK(hello.hello().pushed_seq() == 0);
  CHECK(hello.hello().pulled_seq() == 0);
  const auto report = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK_FALSE(report.took_new_site);
}
