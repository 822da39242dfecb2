// Merging text sent as changes (core/src/text/text_changes.h, issue 15 item 4): a push to a
// replica that received a record before sends each merging text field as the characters and
// erasures it lacks; the receiver rebuilds the field, or, lacking what the changes build on, takes
// nothing and gets the whole record in the same exchange. Run over random edits, sending changes
// ends every replica in exactly the state sending whole records does.
#include "text/text_changes.h"

#include <catch2/catch.hpp>
#include <random>

#include "lesson_plan.h"
#include "replica_trio.h"
#include "text/merging_text.h"
#include "triad/core/replication.h"

using namespace triad;
using namespace triad::core;
using namespace triad::testing;

namespace {

FieldEdit put(std::string f, std::string v) {
  return {std::move(f), FieldEdit::Op::kAssign, std::move(v)};
}

PushOptions options_for(Store& from, SiteId to, bool text_changes) {
  const PeerState held = from.peer(to).value();
  PushOptions o;
  o.from = held.pushed_seq;
  o.text_changes = text_changes;
  o.from_confirmed_at = held.confirmed_at;
  return o;
}

// One push exchange from `from` to `to` (which `from` knows as `as_site`: by default `to`'s own).
// Returns the batches sent, as sent.
// Versions every push() has sent as text changes, so a test knows they were sent at all.
size_t changes_sent = 0;

std::vector<OutgoingBatch> push(Store& from, Store& to, bool text_changes, SiteId as_site = 0) {
  const SiteId peer = as_site ? as_site : to.identity().site;
  PushSender sender(from, peer, "peer", options_for(from, peer, text_changes));
  PushReceiver receiver(to, from.identity().site, "sender", nullptr, false);
  std::vector<OutgoingBatch> sent;
  for (int round = 0; round < 100; ++round) {
    auto batch = sender.next();
    REQUIRE(batch);
    if (!batch->has_value()) {
      REQUIRE(receiver.sender_done(sender.checkpoint()).is_ok());
      return sent;
    }
    OutgoingBatch b = std::move(**batch);
    for (const RecordState& r : b.records) changes_sent += detail::has_text_changes(r);
    auto applied = receiver.receive(
        b.records, b.retry() ? std::nullopt : std::optional<uint64_t>(b.checkpoint));
    REQUIRE(applied);
    REQUIRE(sender.answered(b, applied->refused, applied->whole_needed).is_ok());
    sent.push_back(std::move(b));
  }
  FAIL("the push did not end");
  return sent;
}

const FieldVersion& plan_version(const OutgoingBatch& b, const RecordId& id) {
  for (const RecordState& r : b.records)
    if (r.header.id == id) return r.field("joint_plan")->versions.at(0);
  FAIL("the record was not sent");
  static FieldVersion none;
  return none;
}

RecordState state_of(Store& s, const RecordId& id) { return s.get(id).value().value(); }

// A long plan A wrote, which B received whole (in the batches `sent`).
RecordId plan_b_received(Trio& t, std::vector<OutgoingBatch>* sent = nullptr) {
  const RecordId study = t.a()
                             .create_record("lesson_study", {put("members", "Ana Diaz"),
                                                             put("joint_plan", long_plan())})
                             .value();
  auto batches = push(t.a(), t.b(), true);
  if (sent) *sent = std::move(batches);
  return study;
}

}  // namespace

TEST_CASE("text changes: a one-sentence edit of a long plan is sent as the sentence",
          "[core][text][sync]") {
  Trio t;
  std::vector<OutgoingBatch> first;
  const RecordId study = plan_b_received(t, &first);
  REQUIRE(first.size() == 1);
  const size_t whole = plan_version(first[0], study).value.size();
  CHECK(whole > 10'000);

  REQUIRE(t.a().update_record(study, {put("joint_plan", long_plan(57, "in threes"))}).is_ok());
  const auto second = push(t.a(), t.b(), true);
  REQUIRE(second.size() == 1);
  const std::string& sent = plan_version(second[0], study).value;
  INFO("whole state " << whole << " bytes, changes " << sent.size() << " bytes");
  CHECK(sent[0] == detail::kTextChanges);
  CHECK(sent.size() < 120);
  CHECK(state_of(t.b(), study) == state_of(t.a(), study));
  CHECK(t.b().get(study).value()->field("joint_plan")->value() == long_plan(57, "in threes"));
  CHECK(t.a().refusals(0).value().empty());
}

TEST_CASE("text changes: saves between two exchanges send the changes since the receiver's state",
          "[core][text][sync]") {
  Trio t;
  const RecordId study = plan_b_received(t);
  // Three saves while away from the receiver: the row's text base stays the state it received.
  REQUIRE(t.a().update_record(study, {put("joint_plan", long_plan(10, "aloud"))}).is_ok());
  REQUIRE(t.a()
              .update_record(study, {put("joint_plan", long_plan(10, "aloud, then in pairs"))})
              .is_ok());
  REQUIRE(t.a().update_record(study, {put("focus", "Questioning")}).is_ok());
  const auto sent = push(t.a(), t.b(), true);
  REQUIRE(sent.size() == 1);
  CHECK(plan_version(sent[0], study).value[0] == detail::kTextChanges);
  CHECK(plan_version(sent[0], study).value.size() < 200);
  CHECK(state_of(t.b(), study) == state_of(t.a(), study));
}

TEST_CASE("text changes: a receiver without their base takes nothing, then the whole record",
          "[core][text][sync]") {
  Trio t;
  const RecordId study = plan_b_received(t);
  REQUIRE(t.a().update_record(study, {put("joint_plan", long_plan(3, "with a timer"))}).is_ok());
  // C stands in for B having lost the record (a restored copy): A believes it holds the base.
  const auto sent = push(t.a(), t.c(), true, t.b().identity().site);
  // The record is also written again into A's stream with its text bases forgotten, so an
  // exchange cut before the whole send still sends it whole; this exchange, unbounded, does.
  REQUIRE(sent.size() == 3);
  CHECK(plan_version(sent[0], study).value[0] == detail::kTextChanges);
  CHECK(sent[1].retry());  // the same exchange sends it again, whole
  CHECK(plan_version(sent[1], study).value[0] == detail::kSequenceVersion);
  CHECK(plan_version(sent[2], study).value[0] == detail::kSequenceVersion);
  CHECK(state_of(t.c(), study) == state_of(t.a(), study));
  CHECK(t.a().refusals(0).value().empty());
}

TEST_CASE("text changes: applied without their base, nothing is taken and the checkpoint holds",
          "[core][text][sync]") {
  Trio t;
  const RecordId study = plan_b_received(t);
  REQUIRE(t.a().update_record(study, {put("joint_plan", long_plan(3, "with a timer"))}).is_ok());
  const std::vector<Delivery> delivered{{t.a().last_seq().value(), 0}};
  ChangeQuery q;
  q.deliveries = &delivered;
  auto batch = t.a().changes(q);
  REQUIRE(batch);
  REQUIRE(detail::has_text_changes(batch->records.back()));
  auto applied = t.c().apply(batch->records, t.a().identity().site, "a", batch->last_seq, nullptr,
                             CheckpointPolicy::kHoldOnRefusal);
  REQUIRE(applied);
  CHECK(applied->whole_needed == std::vector<RecordId>{study});
  CHECK(applied->refused.empty());
  CHECK_FALSE(t.c().get(study).value().has_value());
  CHECK(t.c().peer(t.a().identity().site).value().pulled_seq == 0);
  // B holds the base: the same batch is rebuilt there, byte for byte.
  auto taken = t.b().apply(batch->records, t.a().identity().site, "a", batch->last_seq);
  REQUIRE(taken);
  CHECK(taken->whole_needed.empty());
  CHECK(state_of(t.b(), study) == state_of(t.a(), study));
}

namespace {

// Three replicas of one teacher, as Trio's, whose record ids and typing sites come from `seed`:
// two worlds made from one seed make the same records.
struct World {
  std::array<ManualClock, 3> clocks;
  std::array<std::unique_ptr<Store>, 3> stores;
  explicit World(uint64_t seed) {
    for (int i = 0; i < 3; ++i) {
      clocks[i].set(kT1);
      StoreOptions o = options_with(clocks[i], kSiteA + i);
      auto random = std::make_shared<std::mt19937_64>(seed * 31 + i);
      o.random = [random] { return (*random)(); };
      stores[i] = Store::create(":memory:", "The Mead", "Ana Diaz", o).value();
    }
  }
};

}  // namespace

TEST_CASE("text changes: over random concurrent edits, every replica ends as with whole records",
          "[core][text][sync][property]") {
  const uint64_t seed = test_seed("text changes vs whole records");
  changes_sent = 0;
  for (uint64_t run = 0; run < 12; ++run) {
    // Two worlds driven by one sequence of random choices: one sends changes, the other whole
    // records. After every step both hold the same states.
    std::mt19937_64 choices(seed + run);
    std::array<std::unique_ptr<World>, 2> worlds{std::make_unique<World>(seed + run),
                                                 std::make_unique<World>(seed + run)};
    RecordId study;
    for (int w = 0; w < 2; ++w) {
      Store& a = *worlds[w]->stores[0];
      study = a.create_record("lesson_study",
                              {put("members", "Ana Diaz"), put("joint_plan", long_plan())})
                  .value();
      push(a, *worlds[w]->stores[1], w == 0);
      push(a, *worlds[w]->stores[2], w == 0);
    }
    for (int step = 0; step < 40; ++step) {
      const bool edit = choices() % 3 == 0;
      const int i = static_cast<int>(choices() % 3);
      const int j = static_cast<int>((i + 1 + choices() % 2) % 3);
      const std::string step_name = "Step " + std::to_string(choices() % 100) + ":";
      for (int w = 0; w < 2; ++w) {
        Store& s = *worlds[w]->stores[i];
        worlds[w]->clocks[i].advance(1000);
        if (edit) {  // one sentence of what this replica holds, rewritten
          std::string text = s.get(study).value()->field("joint_plan")->value();
          const size_t at = text.find(step_name);
          if (at == std::string::npos) continue;
          const size_t end = text.find(". ", at);
          text.replace(at, end - at, step_name + " rewritten at step " + std::to_string(step));
          REQUIRE(s.update_record(study, {put("joint_plan", text)}).is_ok());
        } else {
          push(s, *worlds[w]->stores[j], w == 0);
        }
      }
      for (int k = 0; k < 3; ++k) {
        INFO("seed " << seed + run << ", step " << step << ", replica " << k);
        REQUIRE(full_state(*worlds[0]->stores[k]) == full_state(*worlds[1]->stores[k]));
      }
    }
    for (int round = 0; round < 2; ++round)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          if (i != j) push(*worlds[0]->stores[i], *worlds[0]->stores[j], true);
    INFO("seed " << seed + run);
    CHECK(full_state(*worlds[0]->stores[0]) == full_state(*worlds[0]->stores[1]));
    CHECK(full_state(*worlds[0]->stores[0]) == full_state(*worlds[0]->stores[2]));
  }
  CHECK(changes_sent > 0);  // the world that may send changes did: the comparison is not empty
}
