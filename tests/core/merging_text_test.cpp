// Fields of kind kMergingText (core/src/text/merging_text.h): concurrent writes of a whole text
// merge word by word; a text field written before it merged is carried over, its conflicts kept
// visible until a write resolves them; replicas converting one state independently agree.
#include <catch2/catch.hpp>

#include "triad/core/field_kind.h"
#include "triad/core/field_ops.h"
#include "triad/core/merge.h"

using namespace triad::core;

namespace {

constexpr SiteId kA = 0xA, kB = 0xB, kC = 0xC;

FieldState merged(const FieldState& x, const FieldState& y) {
  const FieldState xy = merge_field(x, y), yx = merge_field(y, x);
  REQUIRE(xy == yx);
  REQUIRE(merge_field(xy, x) == xy);  // idempotent
  return xy;
}

FieldState text_field(const std::string& value, Stamp stamp) {
  FieldState f;
  assign_value(f, FieldKind::kText, value, stamp);
  return f;
}

}  // namespace

TEST_CASE("merging text: concurrent saves of the whole field keep both people's edits",
          "[core][text][merge]") {
  FieldState given;
  assign_value(given, FieldKind::kMergingText, "Plan: starter, paired work, plenary.", {10, kA});
  FieldState a = given, b = given;
  assign_value(a, FieldKind::kMergingText, "Plan: fractions starter, paired work, plenary.",
               {20, kA});
  assign_value(b, FieldKind::kMergingText, "Plan: starter, paired work, plenary with exit tickets.",
               {30, kB});
  const FieldState m = merged(a, b);
  CHECK(m.value() == "Plan: fractions starter, paired work, plenary with exit tickets.");
  CHECK_FALSE(m.has_conflict());
  CHECK(show_field(m).values == std::vector<std::string>{m.value()});
  // A write after the merge supersedes both versions.
  FieldState later = m;
  assign_value(later, FieldKind::kMergingText, "Plan: done.", {40, kA});
  CHECK(later.versions.size() == 1);
  CHECK(merged(later, b).value() == "Plan: done.");
}

TEST_CASE("merging text: an erased passage is gone from the merged text and the writer's version",
          "[core][text][merge]") {
  FieldState given;
  assign_value(given, FieldKind::kMergingText, "Y4-07 (Tomasz) was unsettled.", {10, kA});
  FieldState a = given;
  assign_value(a, FieldKind::kMergingText, "Y4-07 was unsettled.", {20, kA});
  REQUIRE(a.versions.size() == 1);
  CHECK(a.versions[0].value.find("Tomasz") == std::string::npos);
  CHECK(merged(a, given).value() == "Y4-07 was unsettled.");
}

TEST_CASE("merging text: a passage erased while a colleague edited the field keeps no byte",
          "[core][text][merge][privacy]") {
  FieldState given;
  assign_value(given, FieldKind::kMergingText, "Y4-07 (Tomasz) was unsettled. Plenary ran over.",
               {10, kA});
  FieldState a = given, b = given;
  assign_value(a, FieldKind::kMergingText, "Y4-07 was unsettled. Plenary ran over.", {20, kA});
  assign_value(b, FieldKind::kMergingText,
               "Y4-07 (Tomasz) was unsettled. Plenary ran over: exit tickets next time.", {30, kB});
  const FieldState m = merged(a, b);
  CHECK(m.value() == "Y4-07 was unsettled. Plenary ran over: exit tickets next time.");
  REQUIRE(m.versions.size() == 1);  // the two versions joined: none keeps the name
  CHECK(m.versions[0].value.find("Tomasz") == std::string::npos);
  // Shown as written by the newest write it joins, on that writer's device.
  CHECK(readable_versions(m).front().stamp == Stamp{30, kB});
  // The join has seen both writes, and a write over it supersedes it.
  FieldState later = m;
  assign_value(later, FieldKind::kMergingText, "Done.", {m.versions[0].stamp.hlc + 1, kC});
  CHECK(merged(later, a) == later);
  CHECK(merged(later, b) == later);
}

TEST_CASE("merging text: concurrent versions joined in any order or grouping give one state",
          "[core][text][merge]") {
  FieldState given;
  assign_value(given, FieldKind::kMergingText, "one two three four", {10, kA});
  FieldState a = given, b = given, c = given;
  assign_value(a, FieldKind::kMergingText, "one 2 two three four", {20, kA});
  assign_value(b, FieldKind::kMergingText, "one two three 3 four", {21, kB});
  assign_value(c, FieldKind::kMergingText, "one two four", {22, kC});
  const FieldState ab_c = merged(merged(a, b), c);
  const FieldState a_bc = merged(a, merged(b, c));
  const FieldState ac_b = merged(merged(a, c), b);
  CHECK(ab_c == a_bc);
  CHECK(ab_c == ac_b);
  CHECK(ab_c.value() == "one 2 two 3 four");
  REQUIRE(ab_c.versions.size() == 1);
  CHECK(ab_c.versions[0].stamp.hlc == 23);  // one after the newest write it joins
  // A join met again with what it joined, or with an earlier join, changes nothing.
  CHECK(merged(ab_c, merged(a, b)) == ab_c);
}

TEST_CASE("merging text: versions that cannot be joined are kept apart, their text kept",
          "[core][text][merge]") {
  // Found by a review: a join named the writes of a version whose bytes did not merge (damaged,
  // or together past the most characters a text may hold) and so dropped its text.
  FieldState given;
  assign_value(given, FieldKind::kMergingText, "Notes.", {10, kA});
  FieldState a = given, b = given;
  assign_value(a, FieldKind::kMergingText, "Notes. From Ana.", {20, kA});
  assign_value(b, FieldKind::kMergingText, "Notes. From Ben.", {21, kB});
  b.versions[0].value.resize(b.versions[0].value.size() - 3);  // damaged on the way
  const FieldState m = merged(a, b);
  CHECK(m.versions.size() == 2);
  CHECK(m.value() == "Notes. From Ana.");
}

TEST_CASE("merging text: joins do not pile up in the writers a field names",
          "[core][text][merge]") {
  // Two teachers co-edit one joint plan for a year, concurrently every time: each join of their
  // versions must not stay named in later writes, or the field would soon name more writers than
  // a record may carry (record_limits.h) and every later edit of it would be refused.
  FieldState a;
  assign_value(a, FieldKind::kMergingText, "Plan.", {10, kA});
  FieldState b = a;
  uint64_t hlc = 10;
  for (int round = 0; round < 300; ++round) {
    hlc = std::max(hlc, std::max(a.versions[0].stamp.hlc, b.versions[0].stamp.hlc)) + 1;
    assign_value(a, FieldKind::kMergingText, a.value() + " a" + std::to_string(round), {hlc, kA});
    assign_value(b, FieldKind::kMergingText, b.value() + " b" + std::to_string(round), {hlc, kB});
    a = merged(a, b);
    b = a;
  }
  REQUIRE(a.versions.size() == 1);
  CHECK(a.versions[0].seen.size() <= 3);  // Ana, Ben and the join itself
  CHECK(a.value().find(" a299") != std::string::npos);
  CHECK(a.value().find(" b299") != std::string::npos);
}

TEST_CASE("merging text: an older Triad keeping versions apart drops those a join has seen",
          "[core][text][merge][upgrade]") {
  FieldState given;
  assign_value(given, FieldKind::kMergingText, "Notes.", {10, kA});
  FieldState a = given, b = given;
  assign_value(a, FieldKind::kMergingText, "Notes. From Ana.", {20, kA});
  assign_value(b, FieldKind::kMergingText, "Notes. From Ben.", {21, kB});
  // An older Triad merged the two by the text rule, which keeps concurrent versions apart.
  FieldState older = a;
  older.kind = FieldKind::kText;
  FieldState b_as_text = b;
  b_as_text.kind = FieldKind::kText;
  older = merge_field(older, b_as_text);
  REQUIRE(older.versions.size() == 2);
  // It then meets the join made here, by the same rule: only the join is left.
  FieldState join = merged(a, b);
  join.kind = FieldKind::kText;
  FieldState kept = merge_field(older, join);
  REQUIRE(kept.versions.size() == 1);
  CHECK(kept.versions[0] == join.versions[0]);
  // And its two versions, passed on to this version, join into the same state.
  older.kind = FieldKind::kMergingText;
  join.kind = FieldKind::kMergingText;
  CHECK(merged(older, given) == join);
}

TEST_CASE("merging text: replicas converting one text field each start from the same characters",
          "[core][text][merge]") {
  // Written before the field merged, then edited on two upgraded replicas at once.
  const FieldState old = text_field("The class read. The class wrote.", {10, kC});
  FieldState a = old, b = old;
  assign_value(a, FieldKind::kMergingText, "The whole class read. The class wrote.", {20, kA});
  assign_value(b, FieldKind::kMergingText, "The class read. The class wrote poems.", {30, kB});
  const FieldState m = merged(a, b);
  CHECK(m.value() == "The whole class read. The class wrote poems.");
  CHECK_FALSE(m.has_conflict());
  // An old replica's copy of the text field merges in without changing anything.
  CHECK(merged(m, old) == m);
}

TEST_CASE("merging text: an old replica's concurrent write stays a visible conflict until resolved",
          "[core][text][merge]") {
  const FieldState old = text_field("v1", {10, kC});
  FieldState upgraded = old;
  assign_value(upgraded, FieldKind::kMergingText, "v2 by A", {20, kA});
  FieldState not_upgraded = old;
  assign_value(not_upgraded, FieldKind::kText, "v2 by B", {30, kB});
  const FieldState m = merged(upgraded, not_upgraded);
  CHECK(m.kind == FieldKind::kMergingText);
  CHECK(m.value() == "v2 by A");
  REQUIRE(m.has_conflict());
  const std::vector<FieldVersion> versions = readable_versions(m);
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].value == "v2 by A");
  CHECK(versions[1].value == "v2 by B");
  CHECK(versions[1].stamp == Stamp{30, kB});
  // Resolving: a write that has seen both.
  FieldState resolved = m;
  assign_value(resolved, FieldKind::kMergingText, "v2 by B", {40, kA});
  CHECK_FALSE(resolved.has_conflict());
  CHECK(merged(resolved, not_upgraded).value() == "v2 by B");
  CHECK_FALSE(merged(resolved, m).has_conflict());
}

TEST_CASE("merging text: a text field with conflicts stays as it was until written",
          "[core][text][merge]") {
  FieldState x = text_field("v2 by A", {20, kA});
  FieldState y = text_field("v2 by B", {30, kB});
  const FieldState conflicted = merge_field(x, y);
  REQUIRE(conflicted.has_conflict());
  const FieldState carried = merged(conflicted, FieldState{FieldKind::kMergingText, {}, {}});
  CHECK(carried.value() == "v2 by B");
  CHECK(carried.has_conflict());
  CHECK(readable_versions(carried).size() == 2);
}

TEST_CASE("merging text: two writes under one site id never number characters alike",
          "[core][text][merge]") {
  // A store restored from a backup writes again under its old site id (until the hub gives it a
  // new one) what its original had written differently after the backup.
  FieldState backup;
  assign_value(backup, FieldKind::kMergingText, "q0", {10, kA});
  FieldState original = backup, copy = backup;
  assign_value(original, FieldKind::kMergingText, "from the original", {20, kA});
  assign_value(copy, FieldKind::kMergingText, "from the copy", {30, kA});
  // At its next sync the copy takes a new site and its write is stamped again under it
  // (core/src/restamp.cpp); the characters it typed keep their ids.
  copy.versions[0].stamp = {31, kB};
  copy.versions[0].seen = {{kA, 10}, {kB, 31}};
  const std::string merged_text = merged(original, copy).value();
  CHECK((merged_text == "from the originalfrom the copy" ||
         merged_text == "from the copyfrom the original"));
}
