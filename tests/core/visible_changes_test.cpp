// Replica::changes with a viewer returns exactly what may_see() lets through (property over random
// records and viewers): no caller checks again. Read a batch at a time, it fills every batch but
// the last, reading past what the viewer may not see, and its checkpoints cover everything. The
// records' audiences change as the rounds go (a wider scope, another coach), so the audience index
// is checked as it is kept up to date, not only as first written.
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "test_support.h"
#include "triad/core/sharing.h"

using namespace triad::core;
using namespace triad::testing;

TEST_CASE("changes for a viewer are exactly the records the viewer may see",
          "[core][sharing][property]") {
  const uint64_t seed = test_seed("visible-to filter");
  std::mt19937_64 rng(seed);
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.enrol_identity = false;
  auto hub = Store::create(":memory:", "The Mead", "hub", o).value();
  const std::vector<RecordId> schools{RecordId::derive("school", "Fortismere"),
                                      RecordId::derive("school", "Woodroffe")};
  std::vector<RecordId> people;
  for (int i = 0; i < 6; ++i) people.push_back(RecordId::derive("person", "p" + std::to_string(i)));
  const auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  uint64_t hlc = make_hlc(1'400'000'000'000ull - 1000, 0);
  std::vector<RecordState> sessions;
  for (int round = 0; round < 20; ++round) {
    std::vector<RecordState> batch;
    for (int i = 0; i < 20; ++i) {
      const Stamp stamp{++hlc, 50};
      RecordState r;
      const bool note = !sessions.empty() && rng() % 4 == 0;
      const char* type = note ? "coaching_note" : rng() % 2 ? "coaching_session" : "observation";
      r.header = {RecordId::generate(1'400'000'000'000ull, rng(), rng()),
                  type,
                  note ? pick(sessions).header.id : RecordId(),
                  pick(schools),
                  pick(people),
                  stamp};
      r.scope = static_cast<Scope>(
          1 + rng() % 3);  // participants, school, alliance (a hub holds no private ones)
      const auto person_field = [&](const char* name) {
        r.fields[name].versions = {{pick(people).to_string(), stamp, {}}};
      };
      if (r.header.type == "coaching_session") person_field("coach"), person_field("coachee");
      if (r.header.type == "observation") person_field("observed_teacher");
      if (r.header.type == "coaching_note")
        r.fields["session"].versions = {{r.header.parent.to_string(), stamp, {}}};
      if (rng() % 8 == 0) r.deleted = Stamp{++hlc, 50}, r.fields.clear();
      if (r.header.type == "coaching_session" && !r.deleted) sessions.push_back(r);
      batch.push_back(std::move(r));
    }
    auto applied = hub->apply(batch, 50, "school", std::nullopt);
    REQUIRE(applied);
    // Some sessions change their audience (a wider scope, another coach): their notes follow.
    std::vector<RecordState> changed;
    for (int i = 0; i < 3 && !sessions.empty(); ++i) {
      RecordState s = pick(sessions);
      const Stamp stamp{++hlc, 50};
      if (rng() % 2)
        s.scope = static_cast<Scope>(std::min(3, static_cast<int>(s.scope) + 1));
      else
        s.fields["coach"].versions = {{pick(people).to_string(), stamp, {}}};
      changed.push_back(std::move(s));
    }
    REQUIRE(hub->apply(changed, 50, "school", std::nullopt));
  }
  const auto all = hub->changes_since(0, 100'000, size_t{1} << 30).value().records;
  const auto visible = [&](const Viewer& v, const std::vector<RecordState>& records) {
    std::set<RecordId> ids;
    for (const RecordState& r : records) {
      std::optional<RecordState> parent;
      if (!r.header.parent.is_nil()) parent = hub->get(r.header.parent).value();
      if (may_see(v, r, parent ? &*parent : nullptr)) ids.insert(r.header.id);
    }
    return ids;
  };
  size_t skipped = 0;
  for (const RecordId& school : schools)
    for (const RecordId& person : people)
      for (bool alliance_only : {false, true}) {
        const Viewer viewer{school, person, alliance_only};
        const auto filtered =
            hub->changes({0, UINT64_MAX, 100'000, size_t{1} << 30, 0, &viewer, true}).value();
        std::set<RecordId> returned;
        for (const RecordState& r : filtered.records) returned.insert(r.header.id);
        CHECK(returned == visible(viewer, all));
        CHECK(filtered.records.size() + filtered.withheld == all.size());
        CHECK(filtered.last_seq ==
              hub->status()->last_seq);  // the checkpoint still covers everything
        skipped += all.size() - filtered.records.size();
        // A batch at a time: every batch but the last is full, and together they are the same.
        std::set<RecordId> paged;
        uint64_t from = 0;
        for (bool more = true; more;) {
          auto batch = hub->changes({from, UINT64_MAX, 7, size_t{1} << 30, 0, &viewer}).value();
          if (batch.more) CHECK(batch.records.size() == 7);
          for (const RecordState& r : batch.records) paged.insert(r.header.id);
          REQUIRE(batch.last_seq >= from);
          from = batch.last_seq;
          more = batch.more;
        }
        CHECK(paged == returned);
      }
  CHECK(skipped > 0);  // the filter does skip what viewers may not see
}
