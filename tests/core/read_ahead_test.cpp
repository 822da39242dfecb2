// Store::apply reads a batch's stored rows, their parents and which have children ahead, in a few
// statements (store_read_ahead.cpp). What it reads ahead must never stand in for what the batch
// itself wrote: a batch merged in one apply leaves exactly what its records merged one apply at a
// time leave, however the batch repeats a record, brings a child before its parent, or deletes a
// parent and then sends its child.
#include <catch2/catch.hpp>
#include <random>

#include "test_support.h"
#include "triad/core/sharing.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

struct Pools {
  std::vector<RecordId> schools{RecordId::derive("school", "Fortismere"),
                                RecordId::derive("school", "Woodroffe")};
  std::vector<RecordId> people, sessions, notes;
  std::vector<RecordId> note_session;  // each note's parent, fixed
};

// A new version of a record from the pools: a session or a note under its session, with new values,
// sometimes deleted. The same ids come back, so a batch repeats records and meets its own writes.
RecordState next_version(std::mt19937_64& rng, const Pools& p, uint64_t& hlc) {
  const auto pick = [&](const std::vector<RecordId>& v) { return v[rng() % v.size()]; };
  const bool note = rng() % 2;
  const size_t i = rng() % (note ? p.notes.size() : p.sessions.size());
  const Stamp stamp{++hlc, 50};
  RecordState r;
  r.header = {note ? p.notes[i] : p.sessions[i],
              note ? "coaching_note" : "coaching_session",
              note ? p.note_session[i] : RecordId(),
              p.schools[i % 2],
              p.people[i % p.people.size()],
              Stamp{make_hlc(1'400'000'000'000ull - 100'000, i), 50}};
  r.scope = static_cast<Scope>(1 + rng() % 3);
  if (note) {
    r.fields["session"].versions = {{r.header.parent.to_string(), stamp, {}}};
    r.fields["text"].versions = {{"note " + std::to_string(hlc), stamp, {}}};
  } else {
    r.fields["coach"].versions = {{pick(p.people).to_string(), stamp, {}}};
    r.fields["coachee"].versions = {{pick(p.people).to_string(), stamp, {}}};
  }
  if (rng() % 7 == 0) r.deleted = stamp, r.fields.clear();
  return r;
}

}  // namespace

TEST_CASE("a batch merged in one apply leaves what its records merged one by one leave",
          "[core][store][property]") {
  const uint64_t seed = test_seed("read ahead");
  std::mt19937_64 rng(seed);
  INFO("seed " << seed);
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.enrol_identity = false;
  auto batched = Store::create(":memory:", "The Mead", "hub", o).value();
  auto single = Store::create(":memory:", "The Mead", "hub", o).value();
  Pools p;
  for (int i = 0; i < 4; ++i)
    p.people.push_back(RecordId::derive("person", "p" + std::to_string(i)));
  for (uint64_t i = 0; i < 5; ++i)
    p.sessions.push_back(RecordId::generate(1'300'000'000'000ull, i, 7));
  for (uint64_t i = 0; i < 9; ++i) {
    p.notes.push_back(RecordId::generate(1'300'000'000'000ull, i, 8));
    p.note_session.push_back(p.sessions[rng() % p.sessions.size()]);
  }
  uint64_t hlc = make_hlc(1'400'000'000'000ull - 50'000, 0);
  for (int round = 1; round <= 40; ++round) {
    std::vector<RecordState> batch;
    const size_t n = 1 + rng() % 90;  // past one read of 64
    for (size_t i = 0; i < n; ++i) batch.push_back(next_version(rng, p, hlc));
    auto whole = batched->apply(batch, 50, "school", round);
    REQUIRE(whole);
    size_t changed = 0, unchanged = 0;
    for (const RecordState& r : batch) {
      auto one = single->apply({r}, 50, "school", std::nullopt);
      REQUIRE(one);
      changed += one->changed, unchanged += one->unchanged;
    }
    INFO("round " << round << " of " << n << " records");
    CHECK(whole->changed == changed);
    CHECK(whole->unchanged == unchanged);
    CHECK(whole->refused.empty());
    const auto a = batched->changes_since(0, 100'000, size_t{1} << 30).value().records;
    const auto b = single->changes_since(0, 100'000, size_t{1} << 30).value().records;
    REQUIRE(a == b);  // the same states, numbered in the same order
  }
  CHECK(batched->last_seq().value() == single->last_seq().value());
  for (const RecordId& school : p.schools)
    for (const RecordId& person : p.people) {
      const Viewer v{school, person, false};
      const auto seen = [&](Store& s) {
        std::vector<RecordId> ids;
        auto batch = s.changes({0, UINT64_MAX, 100'000, size_t{1} << 30, 0, &v});
        REQUIRE(batch);
        for (const RecordState& r : batch->records) ids.push_back(r.header.id);
        return ids;
      };
      CHECK(seen(*batched) == seen(*single));
    }
}
