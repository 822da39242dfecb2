// Merging text sent as changes between devices and their hub (sync.proto TEXT CHANGES, issue 15
// item 4): a one-sentence edit of a 10 KB joint plan crosses the wire as the sentence, in each
// direction, and the hub and devices end with equal states; a side that lacks what the changes
// build on gets the whole record in the same session. Run with the hub on SQLite and on
// PostgreSQL.
#include <catch2/catch.hpp>

#include "lesson_plan.h"
#include "sync_fixture.h"

using namespace triad;
using namespace triad::testing;

namespace {

core::RecordState state_of(core::Store& s, const core::RecordId& id) {
  auto r = s.get(id);
  REQUIRE(r);
  REQUIRE(r->has_value());
  return **r;
}

std::string joint_plan(core::Store& s, const core::RecordId& id) {
  return state_of(s, id).field("joint_plan")->value();
}

// Ana and Ben, of two schools, each knowing the other, and a long joint plan Ana wrote for a
// lesson study of hers (with Ben a member if `ben_member`), not yet synced.
struct TwoTeachers {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  core::RecordId study;

  explicit TwoTeachers(bool ben_member) {
    a.sync(ana);
    a.sync(ben);
    a.sync(ana);
    core::FieldEdits plan{put("members", "Ana Diaz"), put("joint_plan", long_plan())};
    if (ben_member) plan.push_back(put("members", "Ben Lee"));
    study = ana.store->create_record("lesson_study", plan).value();
  }
};

}  // namespace

TEST_CASE("a one-sentence change to a long joint plan crosses the wire as the sentence, both ways",
          "[sync][text]") {
  TwoTeachers t(true);
  Alliance& a = t.a;
  a.sync(t.ana);
  const size_t whole_up = a.bytes_to_hub;
  a.sync(t.ben);
  const size_t whole_down = a.bytes_to_device;
  CHECK(whole_up > 10'000);
  CHECK(whole_down > 10'000);

  REQUIRE(
      t.ana.store->update_record(t.study, {put("joint_plan", long_plan(57, "in threes"))}).is_ok());
  a.sync(t.ana);
  const size_t change_up = a.bytes_to_hub;
  a.sync(t.ben);
  const size_t change_down = a.bytes_to_device;
  REQUIRE(
      t.ben.store->update_record(t.study, {put("joint_plan", long_plan(57, "in threes, timed"))})
          .is_ok());
  a.sync(t.ben);
  const size_t reply_up = a.bytes_to_hub;
  a.sync(t.ana);
  const size_t reply_down = a.bytes_to_device;
  INFO("whole record: " << whole_up << " bytes up, " << whole_down << " down; one sentence: "
                        << change_up << " up, " << change_down << " down; the reply: " << reply_up
                        << " up, " << reply_down << " down (every frame of each session)");
  // Each session also carries its Hello, Welcome, Pull and Acks (about 300 bytes).
  CHECK(change_up < 1'000);
  CHECK(change_down < 1'000);
  CHECK(reply_up < 1'000);
  CHECK(reply_down < 1'000);
  CHECK(joint_plan(*t.ana.store, t.study) == long_plan(57, "in threes, timed"));
  CHECK(state_of(*t.ana.store, t.study) == state_of(a.hub->store(), t.study));
  CHECK(state_of(*t.ben.store, t.study) == state_of(a.hub->store(), t.study));
  CHECK(t.ana.store->status()->refusals.empty());
  CHECK(t.ben.store->status()->refusals.empty());
}

TEST_CASE("concurrent edits of one joint plan merge when both are sent as changes",
          "[sync][text]") {
  TwoTeachers t(true);
  Alliance& a = t.a;
  a.sync(t.ana);
  a.sync(t.ben);
  REQUIRE(t.ana.store
              ->update_record(t.study, {put("joint_plan", long_plan(4, "with mini whiteboards"))})
              .is_ok());
  REQUIRE(t.ben.store->update_record(t.study, {put("joint_plan", long_plan(90, "as a class"))})
              .is_ok());
  a.sync(t.ana);
  // The hub joins Ben's changes with Ana's version and sends Ben back only Ana's words: the row
  // remembers what Ben sent.
  a.sync(t.ben);
  CHECK(a.bytes_to_hub < 1'000);
  CHECK(a.bytes_to_device < 1'000);
  a.sync(t.ana);
  CHECK(a.bytes_to_device < 1'000);
  std::string both = long_plan(4, "with mini whiteboards");
  both.replace(both.find(plan_step(90)), plan_step(90).size(), plan_step(90, "as a class"));
  CHECK(joint_plan(a.hub->store(), t.study) == both);
  CHECK(state_of(*t.ana.store, t.study) == state_of(a.hub->store(), t.study));
  CHECK(state_of(*t.ben.store, t.study) == state_of(a.hub->store(), t.study));
}

TEST_CASE("a hub that lost a record gets it whole in the same session, not as changes",
          "[sync][text]") {
  TwoTeachers t(false);
  Alliance& a = t.a;
  a.sync(t.ana);
  // The hub loses the record (as a restore of an older copy of its store would), keeping its
  // record of what Ana's device sent.
  REQUIRE(a.hub->store().take_peer_states(0, {}, {t.study}).is_ok());
  REQUIRE_FALSE(holds(a.hub->store(), t.study));
  REQUIRE(t.ana.store
              ->update_record(t.study, {put("joint_plan", long_plan(12, "after a demonstration"))})
              .is_ok());
  const auto report = a.sync(t.ana);
  REQUIRE(a.last_status.is_ok());
  CHECK(a.bytes_to_hub > 10'000);  // the changes, then the whole record
  CHECK(state_of(a.hub->store(), t.study) == state_of(*t.ana.store, t.study));
  CHECK(t.ana.store->status()->refusals.empty());
  CHECK(report.refused == 0);
  // Written again into the device's stream (a session cut before the whole send would still
  // send it whole), it goes once more at the next session, then not again.
  CHECK(a.sync(t.ana).pushed == 1);
  CHECK(a.sync(t.ana).pushed == 0);
}

TEST_CASE("a device that may only now see a joint plan gets it whole, and its checkpoint moves",
          "[sync][text]") {
  TwoTeachers t(false);
  Alliance& a = t.a;
  a.sync(t.ana);
  a.sync(t.ben);  // Ben's checkpoint passes the plan, which he may not see
  REQUIRE_FALSE(holds(*t.ben.store, t.study));
  // Ana adds Ben and edits the plan in one save: the hub's row keeps the plan's earlier state as
  // its base, and Ben's checkpoint is past it, but Ben never had it.
  REQUIRE(t.ana.store
              ->update_record(t.study, {put("members", "Ana Diaz"), put("members", "Ben Lee"),
                                        put("joint_plan", long_plan(30, "silently first"))})
              .is_ok());
  a.sync(t.ana);
  const auto report = a.sync(t.ben);
  REQUIRE(a.last_status.is_ok());
  CHECK(a.bytes_to_device > 10'000);
  CHECK(report.refused_here == 0);
  CHECK(state_of(*t.ben.store, t.study) == state_of(a.hub->store(), t.study));
  CHECK(joint_plan(*t.ben.store, t.study) == long_plan(30, "silently first"));
  const auto again = a.sync(t.ben);  // the checkpoint moved past everything taken
  CHECK(again.pulled == 0);
}
