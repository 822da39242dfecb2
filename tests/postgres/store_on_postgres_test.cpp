// core::Store on the PostgreSQL engine keeps the same rules as on SQLite: the same random batches
// applied to a hub's store on each give the same records, the same change sequence for every
// viewer (the audience index included), and the same answers to a teacher's edits and look-ups.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "postgres_database.h"
#include "test_support.h"
#include "triad/core/device_registry.h"
#include "triad/core/sharing.h"
#include "triad/core/store.h"
#include "triad/postgres/connection.h"
#include "triad/postgres/postgres_engine.h"

using namespace triad::core;
using namespace triad::testing;
using triad::postgres::PostgresEngine;

namespace {

FieldEdit set_field(std::string field, std::string value) {
  return {std::move(field), FieldEdit::Op::kAssign, std::move(value)};
}

std::unique_ptr<Store> create_on_postgres(const PostgresTestDatabase& db, StoreOptions o,
                                          const char* school = "The Mead",
                                          const char* person = "hub") {
  auto engine = PostgresEngine::open(db.conninfo());
  REQUIRE(engine);
  auto store = Store::create_on(std::move(engine.value()), school, person, std::move(o));
  INFO(store.status().message());
  REQUIRE(store);
  return std::move(store.value());
}

std::vector<RecordId> ids_for(Replica& r, const Viewer& v, size_t batch) {
  std::vector<RecordId> ids;
  uint64_t from = 0;
  for (bool more = true; more;) {
    auto b = r.changes({from, UINT64_MAX, batch, size_t{1} << 30, 0, &v});
    INFO(b.status().message());
    REQUIRE(b);
    for (const RecordState& s : b->records) ids.push_back(s.header.id);
    from = b->last_seq;
    more = b->more;
  }
  return ids;
}

}  // namespace

TEST_CASE("a hub's store on PostgreSQL applies, numbers and serves changes as on SQLite",
          "[postgres][store][property]") {
  const uint64_t seed = test_seed("store on PostgreSQL");
  std::mt19937_64 rng(seed);
  PostgresTestDatabase db;
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.enrol_identity = false;
  auto pg = create_on_postgres(db, o);
  auto lite = Store::create(":memory:", "The Mead", "hub", o).value();
  const std::vector<RecordId> schools{RecordId::derive("school", "Fortismere"),
                                      RecordId::derive("school", "Woodroffe")};
  std::vector<RecordId> people;
  for (int i = 0; i < 5; ++i) people.push_back(RecordId::derive("person", "p" + std::to_string(i)));
  const auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  uint64_t hlc = make_hlc(1'400'000'000'000ull - 1000, 0);
  std::vector<RecordState> sessions;
  for (int round = 0; round < 12; ++round) {
    std::vector<RecordState> batch;
    for (int i = 0; i < 15; ++i) {
      const Stamp stamp{++hlc, 50};
      RecordState r;
      const bool note = !sessions.empty() && rng() % 4 == 0;
      r.header = {RecordId::generate(1'400'000'000'000ull, rng(), rng()),
                  note ? "coaching_note" : "coaching_session",
                  note ? pick(sessions).header.id : RecordId(),
                  pick(schools),
                  pick(people),
                  stamp};
      r.scope = static_cast<Scope>(1 + rng() % 3);
      if (note) {
        r.fields["session"].versions = {{r.header.parent.to_string(), stamp, {}}};
      } else {
        r.fields["coach"].versions = {{pick(people).to_string(), stamp, {}}};
        r.fields["coachee"].versions = {{pick(people).to_string(), stamp, {}}};
      }
      if (rng() % 8 == 0) r.deleted = Stamp{++hlc, 50}, r.fields.clear();
      if (!note && !r.deleted) sessions.push_back(r);
      batch.push_back(std::move(r));
    }
    if (!sessions.empty() && rng() % 2) {  // an audience that changes: another coach
      RecordState s = pick(sessions);
      s.fields["coach"].versions = {{pick(people).to_string(), Stamp{++hlc, 50}, {}}};
      batch.push_back(std::move(s));
    }
    auto a = pg->apply(batch, 50, "school", round + 1);
    INFO("seed " << seed << ": " << a.status().message());
    REQUIRE(a);
    auto b = lite->apply(batch, 50, "school", round + 1);
    REQUIRE(b);
    CHECK(a->changed == b->changed);
    CHECK(a->unchanged == b->unchanged);
  }
  INFO("seed " << seed);
  CHECK(pg->last_seq().value() == lite->last_seq().value());
  const auto all_pg = pg->changes_since(0, 100'000, size_t{1} << 30).value().records;
  const auto all_lite = lite->changes_since(0, 100'000, size_t{1} << 30).value().records;
  CHECK(all_pg == all_lite);
  CHECK(pg->peer(50).value().pulled_seq == 12);
  for (const RecordId& school : schools)
    for (const RecordId& person : people)
      for (bool alliance_only : {false, true}) {
        const Viewer v{school, person, alliance_only};
        CHECK(ids_for(*pg, v, 7) == ids_for(*lite, v, 7));
      }
}

TEST_CASE("a teacher's edits and look-ups on a PostgreSQL store answer as on SQLite",
          "[postgres][store]") {
  PostgresTestDatabase db;
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  auto pg = create_on_postgres(db, o, "Fortismere", "Ana Diaz");
  auto lite = Store::create(":memory:", "Fortismere", "Ana Diaz", o).value();
  for (Store* s : {pg.get(), lite.get()}) {
    auto ben = s->create_record("person",
                                {set_field("name", "Zoë Ben"), set_field("school", "Fortismere")});
    REQUIRE(ben);
    auto obs = s->create_record("observation",
                                {set_field("observed_teacher", ben->to_string()),
                                 set_field("focus", "Questioning"), set_field("scope", "school")});
    REQUIRE(obs);
    REQUIRE(s->update_record(*obs, {set_field("focus", "Wait time")}));
    auto log = s->create_record("learning_log", {set_field("title", "Journal")});
    REQUIRE(log);
    REQUIRE(s->create_record("log_entry",
                             {set_field("log", log->to_string()), set_field("date", "2014-03-10"),
                              set_field("text", "pupils paired")}));
    REQUIRE(s->delete_record(*log));  // a cascade: its entry goes too
    CHECK(s->resolve("person", "ZOË BEN").value() == *ben);
    CHECK(s->resolve("", obs->to_string().substr(0, 13)).value() == *obs);  // an id prefix
    CHECK(s->find_named("person", "zoë ben", s->identity().school).value() == ben.value());
  }
  // New ids are random, so the two stores are compared by what they hold, not by id.
  const auto shape = [](const std::vector<RecordState>& records) {
    std::vector<std::pair<std::string, size_t>> out;
    for (const RecordState& r : records)
      out.emplace_back(r.header.type + (r.is_deleted() ? " deleted" : ""), r.fields.size());
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(shape(pg->list("").value()) == shape(lite->list("").value()));
  CHECK(shape(pg->changes_since(0, 1000, size_t{1} << 30).value().records) ==
        shape(lite->changes_since(0, 1000, size_t{1} << 30).value().records));
  const auto a = pg->status().value(), b = lite->status().value();
  CHECK(a.live_records_by_type == b.live_records_by_type);
  CHECK(a.deleted_records == b.deleted_records);
  CHECK(a.last_seq == b.last_seq);
}

TEST_CASE("a PostgreSQL database holds one hub's store: made once, opened after",
          "[postgres][store]") {
  PostgresTestDatabase db;
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.enrol_identity = false;
  {
    auto engine = PostgresEngine::open(db.conninfo()).value();
    auto none = Store::open_on(std::move(engine), o);
    CHECK(none.status().code() == StatusCode::kNotFound);
    auto check = triad::postgres::Connection::open(db.conninfo()).value();
    auto tables = check->query(
        "counting tables", "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
    REQUIRE(tables);
    CHECK(tables->int64(0, 0) == 0);  // opening it changed nothing
  }
  auto hub = create_on_postgres(db, o);
  REQUIRE(create_hub_registry(*hub, "North Star Alliance"));
  const SiteId site = hub->identity().site;
  hub.reset();
  auto again = PostgresEngine::open(db.conninfo()).value();
  auto twice = Store::create_on(std::move(again), "The Mead", "hub", o);
  CHECK(twice.status().code() == StatusCode::kFailedPrecondition);
  auto opened = Store::open_on(PostgresEngine::open(db.conninfo()).value(), o);
  INFO(opened.status().message());
  REQUIRE(opened);
  CHECK((*opened)->identity().site == site);
  auto registry = open_hub_registry(**opened);
  REQUIRE(registry);
  CHECK((*registry)->alliance() == "North Star Alliance");
}

TEST_CASE("a statement PostgreSQL refuses fails the whole apply, never a silent rollback",
          "[postgres][store]") {
  PostgresTestDatabase db;
  ManualClock clock;
  StoreOptions o = options_with(clock, 1);
  o.enrol_identity = false;
  auto hub = create_on_postgres(db, o);
  const Stamp stamp{make_hlc(1'400'000'000'000ull, 0), 50};
  const auto record = [&](std::string type, uint64_t n) {
    RecordState r;
    r.header = {RecordId::generate(1'400'000'000'000ull, n, n),
                std::move(type),
                RecordId(),
                RecordId::derive("school", "Fortismere"),
                RecordId::derive("person", "ana"),
                stamp};
    r.scope = Scope::kAlliance;
    return r;
  };
  // A type with a NUL byte: SQLite stores it; PostgreSQL's text refuses it (22021).
  const RecordState good = record("enquiry", 1), bad = record(std::string("enq\0uiry", 8), 2);
  auto applied = hub->apply({good, bad}, 50, "school", 1);
  if (applied.is_ok()) {  // then what it says it stored is stored
    CHECK(hub->get(good.header.id).value().has_value());
  } else {
    CHECK(applied.status().code() == StatusCode::kStoreError);
    CHECK_FALSE(hub->get(good.header.id).value().has_value());
  }
  // The connection is not left in a failed transaction: the next batch goes in.
  auto next = hub->apply({record("enquiry", 3)}, 50, "school", 2);
  INFO(next.status().message());
  CHECK(next.is_ok());
}
