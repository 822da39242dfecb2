// Records holding a field of a kind this version does not know, or of a type it does not know
// (written by a newer Triad), travel device -> hub -> device unchanged, byte for byte, through the
// session state machines with real stores; the hub still decides who may write them.
#include <catch2/catch.hpp>

#include "sync_fixture.h"
#include "triad/sync/codec.h"

using namespace triad;
using namespace triad::testing;

namespace {

constexpr uint32_t kNewKind = 9;                              // a kind of some later version
const std::string kStrokes("\x00\xff\x01 strokes \x80", 13);  // not UTF-8: opaque bytes
const std::string kEraser("\xfe\x00", 2);

void put_stamp(v1::Stamp& s, core::Stamp stamp) {
  s.set_hlc(stamp.hlc);
  s.set_site(stamp.site);
}

v1::Version* add_version(v1::Field& f, const std::string& payload, core::Stamp stamp) {
  v1::Version* v = f.add_versions();
  v->set_payload(payload);
  put_stamp(*v->mutable_stamp(), stamp);
  v->set_seen_own_at(1);  // it has seen only itself: two concurrent versions
  return v;
}

// A record as a newer Triad on Ana's new tablet sends it, field by field in the compact form of
// sync.proto: a lesson observation of Ben's lesson with a sketch field of a new kind.
v1::Record newer_observation(const core::Store& ana, const core::Store& ben, uint64_t now_ms) {
  const core::Stamp created{core::make_hlc(now_ms, 0), 0xfeed};
  v1::Record p;
  p.set_id(std::string(core::RecordId::generate(now_ms, 7, 7).bytes()));
  p.set_type("observation");
  p.set_school(std::string(ana.identity().school.bytes()));
  p.set_author(std::string(ana.identity().person.bytes()));
  put_stamp(*p.mutable_created(), created);
  p.set_scope(static_cast<uint32_t>(core::Scope::kParticipants));
  v1::Field* focus = p.add_fields();
  focus->set_name("focus");
  focus->set_kind(1);
  focus->add_versions()->set_value("Sketching");
  v1::Field* teacher = p.add_fields();
  teacher->set_name("observed_teacher");
  teacher->set_kind(1);
  teacher->add_versions()->set_value(ben.identity().person.to_string());
  v1::Field* sketch = p.add_fields();
  sketch->set_name("sketch");
  sketch->set_kind(kNewKind);
  add_version(*sketch, kEraser, {created.hlc + 2, 0xbeef});  // newest first
  add_version(*sketch, kStrokes, {created.hlc + 1, 0xfeed});
  return p;
}

// A record of a type this version does not know, holding a field of a new kind too.
v1::Record newer_type(const core::Store& ana, uint64_t now_ms) {
  v1::Record p;
  p.set_id(std::string(core::RecordId::generate(now_ms, 8, 8).bytes()));
  p.set_type("lesson_sketch");
  p.set_school(std::string(ana.identity().school.bytes()));
  p.set_author(std::string(ana.identity().person.bytes()));
  put_stamp(*p.mutable_created(), {core::make_hlc(now_ms, 0), 0xfeed});
  p.set_scope(static_cast<uint32_t>(core::Scope::kAlliance));
  v1::Field* sketch = p.add_fields();
  sketch->set_name("canvas");
  sketch->set_kind(kNewKind);
  sketch->add_versions()->set_payload(kStrokes);
  return p;
}

core::RecordState decoded(const v1::Record& p) {
  auto r = sync::from_proto(p);
  REQUIRE(r);
  return r.value();
}

std::string wire_bytes_at(core::Store& store, const core::RecordId& id) {
  auto r = store.get(id);
  REQUIRE(r);
  REQUIRE(r->has_value());
  v1::Record p;
  sync::to_proto(**r, p);
  return p.SerializeAsString();
}

}  // namespace

TEST_CASE("a field of an unknown kind decodes and encodes to the same bytes", "[sync][codec]") {
  ManualClock clock;
  auto ana = core::Store::create(":memory:", "Fortismere", "Ana Diaz", options_with(clock, 1));
  auto ben = core::Store::create(":memory:", "Woodroffe", "Ben Lee", options_with(clock, 2));
  REQUIRE((ana && ben));
  for (const v1::Record& p :
       {newer_observation(**ana, **ben, *clock.now_ms), newer_type(**ana, *clock.now_ms)}) {
    v1::Record again;
    sync::to_proto(decoded(p), again);
    CHECK(again.SerializeAsString() == p.SerializeAsString());
  }
  v1::Record p = newer_type(**ana, *clock.now_ms);
  const core::FieldState canvas = decoded(p).fields.at("canvas");
  CHECK(static_cast<uint32_t>(canvas.kind) == kNewKind);
  CHECK(canvas.value() == kStrokes);  // the payload, kept as it came
  SECTION("kind 0 and kinds over 255 are malformed") {
    for (uint32_t kind : {0u, 256u}) {
      p.mutable_fields(0)->set_kind(kind);
      CHECK_FALSE(sync::from_proto(p));
    }
  }
  SECTION("a version of a new kind holds its value in payload, never in value") {
    p.mutable_fields(0)->mutable_versions(0)->set_value("text");
    CHECK_FALSE(sync::from_proto(p));
  }
}

TEST_CASE("a record with a field of an unknown kind survives device, hub and device unchanged",
          "[sync][session]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  Device dev = a.device("Hornsey", "Dev Shah");
  for (Device* d : {&ana, &ben, &dev}) a.sync(*d);
  const v1::Record observation = newer_observation(*ana.store, *ben.store, *a.clock.now_ms);
  const v1::Record lesson_sketch = newer_type(*ana.store, *a.clock.now_ms);
  const core::RecordId obs_id = decoded(observation).header.id;
  const core::RecordId sketch_id = decoded(lesson_sketch).header.id;
  // Ana's laptop takes both from her newer tablet (a file merge), then syncs.
  auto applied = ana.store->apply({decoded(observation), decoded(lesson_sketch)}, 0xfeed,
                                  "Ana's tablet", std::nullopt);
  REQUIRE(applied);
  REQUIRE(applied->refused.empty());
  auto pushed = a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  CHECK(pushed.refused == 0);
  auto pulled = a.sync(ben);
  REQUIRE(a.last_status.is_ok());
  CHECK(pulled.refused_here == 0);
  for (core::Store* s : {ana.store.get(), &a.hub->store(), ben.store.get()}) {
    CHECK(wire_bytes_at(*s, obs_id) == observation.SerializeAsString());
    CHECK(wire_bytes_at(*s, sketch_id) == lesson_sketch.SerializeAsString());
  }

  // The other way: Ben, named in it, changes the focus; the sketch comes back to Ana untouched.
  a.clock.advance(1000);
  REQUIRE(ben.store->update_record(obs_id, {put("focus", "Ink")}).is_ok());
  a.sync(ben);
  a.sync(ana);
  REQUIRE(a.last_status.is_ok());
  v1::Record expected = observation;
  v1::Record at_ana;
  sync::to_proto(ana.store->get(obs_id).value().value(), at_ana);
  CHECK(at_ana.fields(0).versions(0).value() == "Ink");
  *expected.mutable_fields(0) = at_ana.fields(0);
  CHECK(at_ana.SerializeAsString() == expected.SerializeAsString());

  // The hub still decides who may write it: Dev, at another school and not named, may not.
  core::RecordState forged = decoded(observation);
  forged.fields["sketch"].versions.front().stamp.hlc += 5000;
  REQUIRE(dev.store->apply({forged}, 0xfeed, "a tablet", std::nullopt));
  auto refused = a.sync(dev);
  CHECK(refused.refused == 1);
  CHECK(wire_bytes_at(a.hub->store(), obs_id) == at_ana.SerializeAsString());
}
