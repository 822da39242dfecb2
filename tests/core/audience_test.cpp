// The audience index (sharing.h audience): a record's keys and a viewer's keys meet whenever the
// viewer may see the record (property over random records, parents and viewers), so a pull that
// reads only the viewer's keys never misses a record; and a store of format 8, which had no index,
// gets one that gives every viewer the same changes as before.
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "raw_sql.h"
#include "replica_trio.h"
#include "store_schema.h"
#include "test_support.h"
#include "triad/core/sharing.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

bool meet(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& k : a)
    if (std::find(b.begin(), b.end(), k) != b.end()) return true;
  return false;
}

}  // namespace

TEST_CASE("whoever may see a record shares a key of its audience", "[core][sharing][property]") {
  const uint64_t seed = test_seed("audience covers may_see");
  std::mt19937_64 rng(seed);
  const std::vector<RecordId> schools{RecordId::derive("school", "Fortismere"),
                                      RecordId::derive("school", "Woodroffe"),
                                      RecordId::derive("school", "Thornden")};
  std::vector<RecordId> people;
  for (int i = 0; i < 8; ++i) people.push_back(RecordId::derive("person", "p" + std::to_string(i)));
  const auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  size_t seen = 0, unseen = 0;
  for (int i = 0; i < 20'000; ++i) {
    const Stamp stamp{make_hlc(1'400'000'000'000ull, 0), 7};
    const auto make = [&](const char* type, const RecordId& parent) {
      RecordState r;
      r.header = {RecordId::generate(1'400'000'000'000ull, rng(), rng()),
                  type,
                  parent,
                  pick(schools),
                  pick(people),
                  stamp};
      r.scope = static_cast<Scope>(rng() % 4);
      return r;
    };
    RecordState session = make("coaching_session", RecordId());
    session.fields["coach"].versions = {{pick(people).to_string(), stamp, {}}};
    session.fields["coachee"].versions = {{pick(people).to_string(), stamp, {}}};
    RecordState note = make("coaching_note", session.header.id);
    note.fields["session"].versions = {{session.header.id.to_string(), stamp, {}}};
    RecordState observation = make("observation", RecordId());
    observation.fields["observed_teacher"].versions = {{pick(people).to_string(), stamp, {}}};
    if (rng() % 10 == 0) observation.deleted = stamp, observation.fields.clear();
    const Viewer viewer{pick(schools), pick(people), rng() % 5 == 0};
    using Case = std::pair<const RecordState*, const RecordState*>;  // a record and its parent
    for (auto [record, parent] :
         {Case{&session, nullptr}, Case{&note, &session}, Case{&observation, nullptr}}) {
      INFO("seed " << seed << ", case " << i << ", " << record->header.type << " scope "
                   << static_cast<int>(record->scope));
      const bool visible = may_see(viewer, *record, parent);
      if (visible) CHECK(meet(audience(*record, parent), audience_of(viewer)));
      (visible ? seen : unseen) += 1;
    }
  }
  CHECK(seen > 1000);  // both sides of the rule were met often
  CHECK(unseen > 1000);
}

TEST_CASE("a store of format 8 gets an audience index giving every viewer what it gave before",
          "[core][store][sharing][migration]") {
  TempDir dir;
  const std::string path = dir.file("hub.db");
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.check_write_rules = false;  // a hub's store holds every teacher's records
  std::vector<Viewer> viewers;
  std::vector<std::vector<RecordId>> before;
  {
    auto hub = Store::create(path, "Fortismere", "Ana Diaz", o).value();
    const RecordId fortismere = hub->find_named("school", "Fortismere").value().value();
    const RecordId ana = hub->find_named("person", "Ana Diaz", fortismere).value().value();
    REQUIRE(hub->create_record("school", {set_field("name", "Woodroffe")}));
    auto made_ben = hub->create_record(
        "person", {set_field("name", "Ben Lee"), set_field("school", "Woodroffe")});
    INFO(made_ben.status().message());
    REQUIRE(made_ben);
    const RecordId ben = *made_ben;
    viewers = {{fortismere, ana},
               {fortismere, ben},
               {RecordId::derive("school", "Woodroffe"), ben},
               {fortismere, ana, true}};
    for (const char* scope : {"participants", "school", "alliance"})
      for (const RecordId& teacher : {ana, ben}) {
        auto made = hub->create_record(
            "observation", {set_field("observed_teacher", teacher.to_string()),
                            set_field("focus", "Questioning"), set_field("scope", scope)});
        INFO(made.status().message());
        REQUIRE(made);
        auto session = hub->create_record(
            "coaching_session", {set_field("coach", teacher.to_string()),
                                 set_field("coachee", ana.to_string()), set_field("scope", scope)});
        REQUIRE(session);
        REQUIRE(hub->create_record("coaching_note", {set_field("session", session->to_string()),
                                                     set_field("text", "wait time")}));
      }
    for (const Viewer& v : viewers) {
      std::vector<RecordId> ids;
      for (const RecordState& r :
           hub->changes({0, UINT64_MAX, 1000, size_t{1} << 30, 0, &v}).value().records)
        ids.push_back(r.header.id);
      before.push_back(ids);
    }
  }
  sql(path, "DROP TABLE audience; PRAGMA user_version = 8;");
  auto hub = Store::open(path, o).value();
  REQUIRE(rows(path, "PRAGMA user_version").at(0) ==
          std::to_string(detail::current_schema_version()));
  for (size_t i = 0; i < viewers.size(); ++i) {
    std::vector<RecordId> ids;
    for (const RecordState& r :
         hub->changes({0, UINT64_MAX, 1000, size_t{1} << 30, 0, &viewers[i]}).value().records)
      ids.push_back(r.header.id);
    CHECK(ids == before[i]);
    CHECK_FALSE(ids.empty());
    // And both are what may_see allows, so the rebuilt index is checked against the rule itself.
    std::vector<RecordId> allowed;
    for (const RecordState& r : hub->changes_since(0, 1000, size_t{1} << 30).value().records) {
      std::optional<RecordState> parent;
      if (!r.header.parent.is_nil()) parent = hub->get(r.header.parent).value();
      if (may_see(viewers[i], r, parent ? &*parent : nullptr)) allowed.push_back(r.header.id);
    }
    CHECK(ids == allowed);
  }
}

TEST_CASE("children that arrive before their parent are filed under the parent's people",
          "[core][store][sharing]") {
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.enrol_identity = false;
  auto hub = Store::create(":memory:", "The Mead", "hub", o).value();
  const RecordId school = RecordId::derive("school", "Fortismere");
  const RecordId ana = RecordId::derive("person", "ana"), ben = RecordId::derive("person", "ben");
  const Stamp stamp{make_hlc(1'400'000'000'000ull, 0), 50};
  RecordState session;
  session.header = {RecordId::generate(1'400'000'000'000ull, 1, 2),
                    "coaching_session",
                    RecordId(),
                    school,
                    ana,
                    stamp};
  session.scope = Scope::kParticipants;
  session.fields["coach"].versions = {{ana.to_string(), stamp, {}}};
  session.fields["coachee"].versions = {{ben.to_string(), stamp, {}}};
  RecordState note;
  note.header = {RecordId::generate(1'400'000'000'000ull, 3, 4),
                 "coaching_note",
                 session.header.id,
                 school,
                 ana,
                 stamp};
  note.scope = Scope::kParticipants;
  note.fields["session"].versions = {{session.header.id.to_string(), stamp, {}}};
  REQUIRE(hub->apply({note}, 50, "school", std::nullopt));  // the note first, then its session
  REQUIRE(hub->apply({session}, 50, "school", std::nullopt));
  const Viewer coachee{RecordId::derive("school", "Woodroffe"), ben};
  std::vector<RecordId> ids;
  for (const RecordState& r :
       hub->changes({0, UINT64_MAX, 100, size_t{1} << 30, 0, &coachee}).value().records)
    ids.push_back(r.header.id);
  CHECK(ids == std::vector<RecordId>{session.header.id, note.header.id});
}
