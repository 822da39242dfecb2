// Fields of a kind this version does not know (written by a newer Triad): their values are kept as
// opaque bytes, merged by the rule every version shares, passed on unchanged by file merge, shown
// as unknown and never edited here. Randomised tests print their seed (TRIAD_SEED replays one).
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <random>

#include "record_codec.h"
#include "store_rows.h"
#include "test_support.h"
#include "triad/core/exchange.h"
#include "triad/core/export.h"
#include "triad/core/merge.h"

using namespace triad::core;
using triad::testing::ManualClock;
using triad::testing::TempDir;

namespace {

constexpr auto kNewKind = static_cast<FieldKind>(9);  // a kind of some later version

// Whether `by` was written by someone who had seen `v` (its seen entry for v's site covers it).
bool has_seen(const FieldVersion& by, const FieldVersion& v) {
  return by.stamp > v.stamp && std::any_of(by.seen.begin(), by.seen.end(), [&](const auto& e) {
           return e.first == v.stamp.site && e.second >= v.stamp.hlc;
         });
}

// A newer replica's write to a field of its kind, as the kind contract asks (field_kind_table.h):
// one version holding the kind's own bytes, having seen every version its replica holds.
void write_opaque(FieldState& f, std::string payload, Stamp stamp) {
  FieldVersion v{std::move(payload), stamp, {}};
  for (const FieldVersion& old : f.versions)
    v.seen.insert(v.seen.end(), old.seen.begin(), old.seen.end());
  v.seen.emplace_back(stamp.site, stamp.hlc);
  normalise_seen(v.seen);
  f.kind = kNewKind;
  std::erase_if(f.versions, [&](const FieldVersion& old) { return has_seen(v, old); });
  f.versions.insert(f.versions.begin(), std::move(v));
}

std::string random_bytes(std::mt19937_64& rng) {
  std::string out(rng() % 6, '\0');
  for (char& c : out) c = static_cast<char>(rng() % 4 == 0 ? 0xff : rng() % 3);  // NULs, 0xff
  return out;
}

// Random histories of several newer replicas writing and exchanging one field of a new kind.
std::vector<FieldState> history(uint64_t seed) {
  std::mt19937_64 rng(seed);
  const int sites = 2 + static_cast<int>(rng() % 4);
  std::vector<FieldState> at(sites, FieldState{kNewKind, {}, {}});
  std::vector<FieldState> snapshots;
  uint64_t clock = 10;
  for (int step = 0; step < 60; ++step) {
    const size_t s = rng() % sites;
    if (rng() % 2 == 0) {
      clock += 1 + rng() % 3;
      write_opaque(at[s], random_bytes(rng), {clock, static_cast<SiteId>(s + 1)});
    } else {
      at[s] = merge_field(at[s], at[rng() % sites]);
    }
    snapshots.push_back(at[s]);
  }
  return snapshots;
}

// What a corrupt or careless peer might send: any versions, any seen claims, repeated stamps;
// canonicalised as the store canonicalises every incoming record.
FieldState random_state(std::mt19937_64& rng) {
  RecordState r;
  FieldState& f = r.fields["sketch"];
  f.kind = kNewKind;
  for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) {
    FieldVersion v{random_bytes(rng), {1 + rng() % 6, 1 + rng() % 3}, {}};
    for (int k = 0, m = static_cast<int>(rng() % 3); k < m; ++k)
      v.seen.emplace_back(1 + rng() % 3, 1 + rng() % 6);
    f.versions.push_back(std::move(v));
  }
  if (rng() % 3 == 0) f.dots.push_back({"stray", {2, 2}, false});
  detail::canonicalise(r);
  return r.fields["sketch"];
}

void check_join(const FieldState& x, const FieldState& y, const FieldState& z) {
  const auto m = [](const FieldState& a, const FieldState& b) { return merge_field(a, b); };
  REQUIRE(m(x, y) == m(y, x));
  REQUIRE(m(m(x, y), z) == m(x, m(y, z)));
  REQUIRE(m(x, x) == x);
  REQUIRE(m(x, m(x, y)) == m(x, y));
  // Nothing is lost: a version survives unless a later version of the other side has seen it.
  for (const FieldState* side : {&x, &y})
    for (const FieldVersion& v : side->versions) {
      const auto merged = m(x, y).versions;  // a stamp names one write: kept under its stamp
      const bool kept = std::any_of(merged.begin(), merged.end(),
                                    [&](const FieldVersion& w) { return w.stamp == v.stamp; });
      const bool superseded = std::any_of(merged.begin(), merged.end(),
                                          [&](const FieldVersion& w) { return has_seen(w, v); });
      REQUIRE((kept || superseded));
    }
}

RecordState observation_with_new_kind(const Store& author, uint64_t now_ms) {
  const Stamp created{make_hlc(now_ms, 0), 0xfeed};  // written on the author's newer tablet
  RecordState r;
  r.header = {RecordId::generate(now_ms, 7, 7), "observation", {}, author.identity().school,
              author.identity().person,         created};
  r.scope = Scope::kSchool;
  r.fields["focus"] = FieldState{FieldKind::kRegister, {{"Sketching", created, {}}}, {}};
  r.fields["observed_teacher"] =
      FieldState{FieldKind::kRegister, {{author.identity().person.to_string(), created, {}}}, {}};
  FieldState& sketch = r.fields["sketch"];
  FieldState other_tablet;  // written concurrently on a colleague's newer tablet
  write_opaque(sketch, std::string("\x00\xff\x01 strokes", 10), {created.hlc + 1, 0xfeed});
  write_opaque(other_tablet, std::string("\xfe\x00", 2), {created.hlc + 2, 0xbeef});
  sketch = merge_field(sketch, other_tablet);
  return r;
}

RecordState record_of_new_type(const Store& author, uint64_t now_ms) {
  RecordState r = observation_with_new_kind(author, now_ms);
  r.header.id = RecordId::generate(now_ms, 8, 8);
  r.header.type = "lesson_sketch";  // a record type of a later version
  r.scope = Scope::kAlliance;
  return r;
}

// The `body` column of a record, read with SQLite itself.
std::string stored_body(const std::string& path, const RecordId& id) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT body FROM record WHERE id = ?", -1, &st, nullptr) ==
          SQLITE_OK);
  sqlite3_bind_blob(st, 1, id.bytes().data(), static_cast<int>(id.bytes().size()), SQLITE_STATIC);
  std::string body;
  if (sqlite3_step(st) == SQLITE_ROW)
    body.assign(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                static_cast<size_t>(sqlite3_column_bytes(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return body;
}

}  // namespace

TEST_CASE("merging fields of an unknown kind is commutative, associative and idempotent",
          "[core][merge][property]") {
  const uint64_t seed = triad::testing::test_seed("unknown kind merge properties");
  std::mt19937_64 seeds(seed);
  for (int run = 0; run < 200; ++run) {
    const uint64_t run_seed = seeds();
    INFO("seed " << seed << ", run " << run << " (run seed " << run_seed << ")");
    const auto snaps = history(run_seed);
    std::mt19937_64 rng(run_seed);
    for (int trial = 0; trial < 50; ++trial)
      check_join(snaps[rng() % snaps.size()], snaps[rng() % snaps.size()],
                 snaps[rng() % snaps.size()]);
    for (int trial = 0; trial < 20; ++trial) {
      // From a corrupt peer, seen claims need not hang together: order still does not matter.
      const FieldState x = random_state(rng), y = random_state(rng);
      REQUIRE(merge_field(x, y) == merge_field(y, x));
      REQUIRE(merge_field(x, x) == x);
    }
  }
}

TEST_CASE("a field of an unknown kind is encoded in a record's body as opaque bytes",
          "[core][codec]") {
  std::map<std::string, FieldState> fields;
  write_opaque(fields["sketch"], std::string("\x00\xff\x80", 3), {5, 1});
  write_opaque(fields["sketch"], "", {6, 2});
  fields["sketch"].versions.push_back({std::string("\x01", 1), {4, 3}, {{3, 4}}});
  auto decoded = detail::decode_fields(detail::encode_fields(fields));
  REQUIRE(decoded);
  CHECK(decoded.value() == fields);
}

TEST_CASE("a record with a field of an unknown kind passes through a file merge unchanged",
          "[core][exchange]") {
  TempDir dir;
  ManualClock clock;
  auto ana = Store::create(dir.file("ana.db"), "Fortismere", "Ana Diaz",
                           triad::testing::options_with(clock, 1))
                 .value();
  auto cara = Store::create(dir.file("cara.db"), "Fortismere", "Cara Wu",
                            triad::testing::options_with(clock, 2))
                  .value();
  const RecordState observation = observation_with_new_kind(*ana, *clock.now_ms);
  const RecordState new_type = record_of_new_type(*ana, *clock.now_ms);
  // Ana's laptop takes them from her newer tablet, then merges files with Cara's.
  auto applied = ana->apply({observation, new_type}, 0xfeed, "Ana's tablet", std::nullopt);
  REQUIRE(applied);
  CHECK(applied->refused.empty());
  auto merged = merge_stores(*ana, *cara);
  REQUIRE(merged);
  CHECK(merged->into_b.refused == 0);
  for (const RecordState* original : {&observation, &new_type}) {
    CHECK(ana->get(original->header.id).value() == *original);
    CHECK(cara->get(original->header.id).value() == *original);
    const std::string body = detail::encode_fields(original->fields);
    CHECK(stored_body(dir.file("ana.db"), original->header.id) == body);
    CHECK(stored_body(dir.file("cara.db"), original->header.id) == body);
  }
  // Cara changes what she may; the field of the new kind comes back to Ana as it was.
  clock.advance(1000);
  REQUIRE(cara->update_record(observation.header.id, {{"focus", FieldEdit::Op::kAssign, "Ink"}})
              .is_ok());
  REQUIRE(merge_stores(*ana, *cara));
  const RecordState back = ana->get(observation.header.id).value().value();
  CHECK(back.field("focus")->value() == "Ink");
  CHECK(*back.field("sketch") == *observation.field("sketch"));
}

TEST_CASE("a field of an unknown kind is not edited here, with a reason", "[core][store]") {
  ManualClock clock;
  auto ana =
      Store::create(":memory:", "Fortismere", "Ana Diaz", triad::testing::options_with(clock, 1))
          .value();
  const RecordState observation = observation_with_new_kind(*ana, *clock.now_ms);
  REQUIRE(ana->apply({observation}, 0xfeed, "Ana's tablet", std::nullopt));
  const RecordId id = observation.header.id;
  for (FieldEdit::Op op : {FieldEdit::Op::kAssign, FieldEdit::Op::kAdd, FieldEdit::Op::kRemove}) {
    Status s = ana->update_record(id, {{"sketch", op, "x"}});
    CHECK(s.code() == StatusCode::kFailedPrecondition);
    CHECK_THAT(s.message(), Catch::Contains("observation.sketch") &&
                                Catch::Contains("newer version of Triad") &&
                                Catch::Contains("update Triad"));
  }
  Status resolve = ana->resolve_conflict(id, "sketch", std::string("x"));
  CHECK(resolve.code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(resolve.message(), Catch::Contains("newer version of Triad"));
  REQUIRE(ana->update_record(id, {{"focus", FieldEdit::Op::kAssign, "Ink"}}).is_ok());
  CHECK(*ana->get(id).value()->field("sketch") == *observation.field("sketch"));
}

TEST_CASE("a field of an unknown kind is exported as unknown, not as its bytes", "[core][export]") {
  ManualClock clock;
  auto ana =
      Store::create(":memory:", "Fortismere", "Ana Diaz", triad::testing::options_with(clock, 1))
          .value();
  const RecordState observation = observation_with_new_kind(*ana, *clock.now_ms);
  const std::string json = record_to_json(observation);
  CHECK_THAT(json, Catch::Contains(
                       "\"unknown_fields\":{\"sketch\":\"unknown (a kind of field from a newer "
                       "version of Triad, kept and passed on unchanged)\"}"));
  CHECK_THAT(json, !Catch::Contains("strokes"));
  CHECK(json.find('\xff') == std::string::npos);
  REQUIRE(ana->apply({observation}, 0xfeed, "Ana's tablet", std::nullopt));
  auto csv = export_csv(*ana, "observation");
  REQUIRE(csv);
  CHECK_THAT(*csv, Catch::Contains("Sketching") && !Catch::Contains("strokes"));
}
