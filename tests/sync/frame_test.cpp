// Framing and the record codec.
#include "triad/sync/frame.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "test_support.h"
#include "triad/core/field_ops.h"
#include "triad/sync/codec.h"

using namespace triad;

TEST_CASE("records round-trip through protobuf", "[sync][codec]") {
  core::RecordState r;
  r.header = {core::RecordId::generate(1),           "observation",
              core::RecordId::generate(2),           core::RecordId::derive("school", "x"),
              core::RecordId::derive("person", "y"), {77, 3}};
  r.scope = core::Scope::kSchool;
  core::assign_value(r.fields["notes"], core::FieldKind::kText, "n\xc3\xa9", {80, 3});
  r.fields["notes"].versions.push_back({"old", {79, 4}, {{4, 79}}});
  core::add_element(r.fields["tags"], "a", {81, 3});
  core::assign_value(r.fields["mood"], core::FieldKind::kRegister, "calm", {82, 3});
  v1::Record p;
  sync::to_proto(r, p);
  CHECK(sync::from_proto(p).value() == r);
  r.deleted = core::Stamp{90, 3};
  r.fields.clear();
  sync::to_proto(r, p = {});
  CHECK(sync::from_proto(p).value() == r);
}

TEST_CASE("records that do not decode are refused whole", "[sync][codec]") {
  core::RecordState r;
  r.header = {core::RecordId::generate(1), "observation", {}, core::RecordId::generate(2),
              core::RecordId::generate(3), {1, 1}};
  v1::Record p;
  sync::to_proto(r, p);
  v1::Record bad = p;
  bad.set_id("123");
  CHECK_FALSE(sync::from_proto(bad));
  bad = p;
  bad.set_scope(9);
  CHECK_FALSE(sync::from_proto(bad));
  bad = p;
  bad.add_fields()->set_kind(0);  // no kind (kinds 4-255 are those of later versions)
  CHECK_FALSE(sync::from_proto(bad));
  bad = p;
  bad.add_fields()->set_name("x"), bad.mutable_fields(0)->set_kind(1);
  bad.add_fields()->set_name("x"), bad.mutable_fields(1)->set_kind(1);
  CHECK_FALSE(sync::from_proto(bad));
}

TEST_CASE("frames split anywhere reassemble, bad frames stop the stream", "[sync][frame]") {
  v1::Envelope hello;
  hello.mutable_hello()->set_site_id(9);
  v1::Envelope bye;
  bye.mutable_bye();
  const std::string stream = sync::encode_frame(hello) + sync::encode_frame(bye);
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    sync::FrameDecoder d;
    d.feed(stream.substr(0, cut));
    std::vector<v1::Envelope> got;
    for (auto e = d.next(); e && e->has_value(); e = d.next()) got.push_back(**e);
    d.feed(stream.substr(cut));
    for (auto e = d.next(); e && e->has_value(); e = d.next()) got.push_back(**e);
    REQUIRE(got.size() == 2);
    CHECK(got[0].hello().site_id() == 9);
    CHECK(got[1].has_bye());
  }
  SECTION("oversized") {
    sync::FrameDecoder d(16);
    d.feed(std::string("\x00\x00\x01\x00", 4));
    auto e = d.next();
    REQUIRE_FALSE(e);
    CHECK_THAT(e.status().message(), Catch::Contains("over the limit"));
    CHECK_FALSE(d.next());
  }
  SECTION("empty") {
    sync::FrameDecoder d;
    d.feed(std::string("\x00\x00\x00\x00", 4));
    CHECK_FALSE(d.next());
  }
  SECTION("garbage") {
    sync::FrameDecoder d;
    d.feed(std::string("\x00\x00\x00\x03\xff\xff\xff", 7));
    CHECK_FALSE(d.next());
  }
  SECTION("no message kind") { CHECK_FALSE(sync::decode_frame_body("")); }
}

TEST_CASE("compact stamps round-trip exactly, whatever the stamps and seen lists",
          "[sync][codec][property]") {
  const uint64_t seed = triad::testing::test_seed("compact stamps");
  std::mt19937_64 rng(seed);
  const core::Stamp created{core::make_hlc(1'700'000'000'000, 0), 7};
  // Stamps drawn from a small pool, so equal-to-created, zero and own-in-seen cases all occur.
  const std::vector<core::Stamp> pool{
      created, {0, 0}, {created.hlc, 8}, {created.hlc + 1, 7}, {5, 9}};
  const auto stamp = [&] { return pool[rng() % pool.size()]; };
  for (int i = 0; i < 2000; ++i) {
    core::RecordState r;
    r.header = {core::RecordId::generate(1), "observation", {}, core::RecordId::generate(2),
                core::RecordId::generate(3), created};
    r.scope = core::Scope::kAlliance;
    for (int f = 0; f < 3; ++f) {
      core::FieldState field;
      field.kind = static_cast<core::FieldKind>(1 + rng() % 3);
      for (int v = 0, n = static_cast<int>(rng() % 3); v < n; ++v) {
        core::FieldVersion version{"value " + std::to_string(v), stamp(), {}};
        for (int k = 0, m = static_cast<int>(rng() % 4); k < m; ++k) {
          const core::Stamp seen = rng() % 2 ? version.stamp : stamp();
          version.seen.emplace_back(seen.site, seen.hlc);
        }
        field.versions.push_back(std::move(version));
      }
      for (int d = 0, n = static_cast<int>(rng() % 3); d < n; ++d)
        field.dots.push_back({"tag" + std::to_string(d), stamp(), rng() % 2 == 0});
      r.fields["field" + std::to_string(f)] = std::move(field);
    }
    if (rng() % 10 == 0) r.deleted = stamp();
    v1::Record p;
    sync::to_proto(r, p);
    auto back = sync::from_proto(p);
    REQUIRE(back);
    REQUIRE(back.value() == r);
  }
}

TEST_CASE("stamps equal to the created stamp are not sent", "[sync][codec]") {
  core::RecordState r;
  const core::Stamp created{core::make_hlc(1'700'000'000'000, 0), 0x7000};
  r.header = {core::RecordId::generate(1), "observation", {}, core::RecordId::generate(2),
              core::RecordId::generate(3), created};
  core::assign_value(r.fields["focus"], core::FieldKind::kRegister, "questioning", created);
  core::assign_value(r.fields["notes"], core::FieldKind::kText, "Wait time of 3-5 s.", created);
  core::add_element(r.fields["tags"], "maths", created);
  v1::Record compact;
  sync::to_proto(r, compact);
  for (const v1::Field& f : compact.fields()) {
    for (const v1::Version& v : f.versions()) CHECK_FALSE(v.has_stamp());
    for (const v1::Dot& d : f.dots()) CHECK_FALSE(d.has_added());
  }
  const v1::Field& notes = *std::find_if(compact.fields().begin(), compact.fields().end(),
                                         [](const v1::Field& f) { return f.name() == "notes"; });
  CHECK(notes.versions(0).seen_size() == 0);  // its own stamp, the only one seen, is implied
  CHECK(notes.versions(0).seen_own_at() == 1);
  CHECK(sync::from_proto(compact).value() == r);
}
