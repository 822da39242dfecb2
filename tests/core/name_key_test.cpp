// How typed names compare (core/src/name_key.h): case-insensitively for accented and non-Latin
// capitals too, so "ZOË" finds "Zoë" and is refused as a second person, while ids stay derived as
// they always were (README, Design: "Names and ids").
#include "name_key.h"

#include <catch2/catch.hpp>

#include "replica_trio.h"

using namespace triad::core;
using namespace triad::testing;

TEST_CASE("names compare ignoring case, accented capitals included, and runs of spaces",
          "[core][names]") {
  using detail::name_key;
  CHECK(name_key("  ZOË   Brontë ") == "zoë brontë");
  CHECK(name_key("Zoë Brontë") == name_key("ZOË BRONTË"));
  CHECK(name_key("ÉCOLE JAURÈS") == name_key("École Jaurès"));
  CHECK(name_key("ŁUKASZ ŻÓŁW") == name_key("łukasz żółw"));
  CHECK(name_key("ΣΟΦΊΑ") == name_key("σοφία"));
  CHECK(name_key("ИВАН ПЕТРОВ") == name_key("иван петров"));
  CHECK(name_key("ĲSSEL") == name_key("ĳssel"));
  CHECK(name_key("Zoë") != name_key("Zoe"));          // another letter, not another case
  CHECK(name_key("Ana\xff Diaz") == "ana\xff diaz");  // bytes that are not UTF-8 are kept
  CHECK(detail::has_non_ascii("Zoë"));
  CHECK_FALSE(detail::has_non_ascii("Zoe Bronte"));
}

TEST_CASE("a person or school named again with other accented capitals is found, not duplicated",
          "[core][names]") {
  ManualClock clock;
  auto s = Store::create(":memory:", "École Jaurès", "Zoë Brontë", options_with(clock, 1)).value();
  const RecordId school = s->identity().school;
  CHECK(s->find_named("school", "ÉCOLE JAURÈS").value() == school);
  CHECK(s->find_named("person", "ZOË BRONTË", school).value() == s->identity().person);
  CHECK(s->find_named("person", "ZOË BRONTË", RecordId::derive("school", "Elsewhere")).value() ==
        std::nullopt);
  CHECK(s->find_named("person", "Zoe Bronte", school).value() == std::nullopt);
  CHECK(s->resolve("person", "ZOË BRONTË").value() == s->identity().person);
  auto again = s->create_record("person", {{"name", FieldEdit::Op::kAssign, "ZOË BRONTË"},
                                           {"school", FieldEdit::Op::kAssign, school.to_string()}});
  CHECK(again.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(again.status().message(), Catch::Contains("already exists as 'Zoë Brontë'"));
  // The derivation of ids is unchanged: ids already in stores name the same people as before.
  CHECK(RecordId::derive("school", "ÉCOLE JAURÈS") != RecordId::derive("school", "École Jaurès"));
}

TEST_CASE("a renamed school or person is found under the new name, not made again",
          "[core][names]") {
  ManualClock clock;
  auto s =
      Store::create(":memory:", "Fortismere School", "Ana Diaz", options_with(clock, 1)).value();
  const RecordId school = s->identity().school;
  REQUIRE(s->update_record(school, {{"name", FieldEdit::Op::kAssign, "Fortismere Academy"}}));
  // Its id derives from the old name; the new one, in any capitals, finds it all the same.
  CHECK(s->find_named("school", "Fortismere Academy").value() == school);
  CHECK(s->find_named("school", "FORTISMERE  academy").value() == school);
  CHECK(s->find_named("school", "Fortismere School").value() == school);  // its id's name
  auto second =
      s->create_record("school", {{"name", FieldEdit::Op::kAssign, "Fortismere Academy"}});
  CHECK(second.status().code() == StatusCode::kFailedPrecondition);
  REQUIRE(
      s->update_record(s->identity().person, {{"name", FieldEdit::Op::kAssign, "Ana Diaz-Lee"}}));
  CHECK(s->find_named("person", "ana diaz-lee", school).value() == s->identity().person);
  CHECK(s->find_named("person", "Ana Diaz-Lee", RecordId::derive("school", "Elsewhere")).value() ==
        std::nullopt);
}
