// Unit tests of each merge rule on hand-built states.
#include "triad/core/merge.h"

#include <catch2/catch.hpp>

#include "triad/core/field_ops.h"

using namespace triad::core;

namespace {

constexpr SiteId kA = 1, kB = 2;

FieldState reg(const std::string& v, uint64_t hlc, SiteId site) {
  FieldState f;
  assign_value(f, FieldKind::kRegister, v, {hlc, site});
  return f;
}

RecordState record_with(const std::string& field, FieldState f) {
  RecordState r;
  r.header.id = RecordId::derive("test", "record");
  r.header.type = "observation";
  r.header.created = {1, kA};
  r.fields[field] = std::move(f);
  return r;
}

}  // namespace

TEST_CASE("register: the later stamp wins, then the higher site", "[core][merge]") {
  CHECK(merge_field(reg("x", 1, kA), reg("y", 2, kA)).value() == "y");
  CHECK(merge_field(reg("y", 2, kA), reg("x", 1, kA)).value() == "y");
  CHECK(merge_field(reg("from a", 5, kA), reg("from b", 5, kB)).value() == "from b");
  CHECK(merge_field(reg("from b", 5, kB), reg("from a", 5, kA)).value() == "from b");
}

TEST_CASE("text: a concurrent overwrite is kept as a conflict", "[core][merge]") {
  FieldState base;
  assign_value(base, FieldKind::kText, "v1", {1, kA});
  FieldState a = base, b = base;
  assign_value(a, FieldKind::kText, "v2 by A", {2, kA});
  assign_value(b, FieldKind::kText, "v2 by B", {3, kB});
  const FieldState m = merge_field(a, b);
  REQUIRE(m.versions.size() == 2);
  CHECK(m.value() == "v2 by B");
  CHECK(m.versions[1].value == "v2 by A");
  CHECK(m.has_conflict());
  CHECK(merge_field(b, a) == m);
}

TEST_CASE("text: a write that has seen the other value replaces it without conflict",
          "[core][merge]") {
  FieldState a;
  assign_value(a, FieldKind::kText, "v1", {1, kA});
  FieldState b = a;
  assign_value(b, FieldKind::kText, "v2", {2, kB});  // B saw v1
  const FieldState m = merge_field(a, b);
  CHECK(m.versions.size() == 1);
  CHECK(m.value() == "v2");
}

TEST_CASE("text: resolving a conflict ends it everywhere, even where the loser is still held",
          "[core][merge]") {
  FieldState base;
  assign_value(base, FieldKind::kText, "v1", {1, kA});
  FieldState a = base, b = base;
  assign_value(a, FieldKind::kText, "A", {2, kA});
  assign_value(b, FieldKind::kText, "B", {3, kB});
  FieldState c = merge_field(a, b);  // a third replica holds the conflict
  FieldState resolved = c;
  assign_value(resolved, FieldKind::kText, "merged", {4, kA});
  // A replica that still holds only the old loser "A" must not bring it back.
  CHECK(merge_field(a, resolved).versions.size() == 1);
  CHECK(merge_field(c, resolved).value() == "merged");
  CHECK_FALSE(merge_field(merge_field(a, c), resolved).has_conflict());
}

TEST_CASE("set: concurrent adds are all kept", "[core][merge]") {
  FieldState base;
  add_element(base, "T1", {1, kA});
  FieldState a = base, b = base;
  add_element(a, "T2", {2, kA});
  add_element(b, "T3", {3, kB});
  CHECK(merge_field(a, b).elements() == std::vector<std::string>{"T1", "T2", "T3"});
}

TEST_CASE("set: an add wins over a concurrent remove of the same element", "[core][merge]") {
  FieldState base;
  add_element(base, "T1", {1, kA});
  add_element(base, "T2", {1, kA});
  FieldState a = base, b = base;
  CHECK(remove_element(a, "T2"));
  add_element(b, "T2", {2, kB});
  CHECK(merge_field(a, b).elements() == std::vector<std::string>{"T1", "T2"});
  CHECK(merge_field(b, a).elements() == std::vector<std::string>{"T1", "T2"});
}

TEST_CASE("set: a remove of an observed add removes it everywhere", "[core][merge]") {
  FieldState base;
  add_element(base, "T1", {1, kA});
  add_element(base, "T2", {1, kA});
  FieldState a = base;
  remove_element(a, "T2");
  CHECK(merge_field(a, base).elements() == std::vector<std::string>{"T1"});
  CHECK_FALSE(remove_element(a, "T2"));  // already gone
}

TEST_CASE("delete wins over a later concurrent edit and keeps no field value", "[core][merge]") {
  RecordState live = record_with("notes", reg("late edit", 9, kB));
  RecordState dead = record_with("notes", reg("old", 1, kA));
  dead.deleted = Stamp{2, kA};
  purge(dead);
  auto m = merge_record(live, dead);
  REQUIRE(m);
  CHECK(m->is_deleted());
  CHECK(m->fields.empty());
  CHECK(m->header.author.is_nil());
  CHECK(merge_record(dead, live).value() == m.value());
}

TEST_CASE("scope merges to the widest", "[core][merge]") {
  RecordState a = record_with("focus", reg("x", 1, kA)), b = a;
  a.scope = Scope::kSchool;
  b.scope = Scope::kAlliance;
  CHECK(merge_record(a, b)->scope == Scope::kAlliance);
  CHECK(merge_record(b, a)->scope == Scope::kAlliance);
}

TEST_CASE("different fields never conflict, unknown fields merge by their kind", "[core][merge]") {
  RecordState a = record_with("focus", reg("Differentiation", 2, kA));
  RecordState b = record_with("notes", reg("n", 3, kB));
  b.fields["mood"] = reg("calm", 3, kB);  // a field from a newer version
  auto m = merge_record(a, b);
  REQUIRE(m);
  CHECK(m->field("focus")->value() == "Differentiation");
  CHECK(m->field("notes")->value() == "n");
  CHECK(m->field("mood")->value() == "calm");
}

TEST_CASE("records with different ids or types are not merged", "[core][merge]") {
  RecordState a = record_with("focus", reg("x", 1, kA)), b = a;
  b.header.type = "lesson_study";
  CHECK(merge_record(a, b).status().code() == StatusCode::kInvalidArgument);
  b = a;
  b.header.id = RecordId::derive("test", "other");
  CHECK_FALSE(merge_record(a, b));
}

TEST_CASE("adding an element twice in one edit makes one live dot (found by triad-sim seed 1)",
          "[core][merge]") {
  FieldState f;
  add_element(f, "T1", {5, kA});
  add_element(f, "T1", {5, kA});  // the same element twice in one edit: the same stamp
  REQUIRE(f.dots.size() == 1);
  CHECK_FALSE(f.dots[0].removed);
  FieldState other;
  add_element(other, "T2", {6, kB});
  CHECK(merge_field(f, other) == merge_field(other, f));
  CHECK(merge_field(f, other).elements() == std::vector<std::string>{"T1", "T2"});
}
