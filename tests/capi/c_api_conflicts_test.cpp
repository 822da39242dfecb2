// The C API's conflicts say who wrote each version ("who", from person.devices), as a native app
// reads them: the conflict is made with core's C++ API and the test support's older Triad (which
// the C API cannot do, by design), then read and resolved through triad.h alone.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "older_triad.h"
#include "test_support.h"
#include "triad.h"
#include "triad/core/exchange.h"

namespace {

using Op = triad::core::FieldEdit::Op;

struct Owned {
  char* text = nullptr;
  ~Owned() { triad_free(text); }
  std::string str() const { return text ? text : ""; }
};

}  // namespace

TEST_CASE("the C API's conflicts name who wrote each version and on which device", "[capi]") {
  triad::testing::TempDir dir;
  const std::string ana_path = dir.file("ana.db");
  triad::core::RecordId observation;
  std::string ana_site, ben_site;
  {
    // Ana's observation, whose notes Ben's laptop overwrote as a Triad from before text merged.
    auto ana = triad::core::Store::create(ana_path, "Fortismere", "Ana Diaz");
    auto ben = triad::core::Store::create(dir.file("ben.db"), "Fortismere", "Ben Lee");
    REQUIRE(ana.is_ok());
    REQUIRE(ben.is_ok());
    REQUIRE(triad::core::merge_stores(**ana, **ben).is_ok());  // each knows the other now
    auto made = (*ana)->create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                                      {"notes", Op::kAssign, "Wait time short."}});
    REQUIRE(made.is_ok());
    observation = *made;
    REQUIRE(triad::core::merge_stores(**ana, **ben).is_ok());
    REQUIRE((*ana)->update_record(observation, {{"notes", Op::kAssign, "Three seconds."}}).is_ok());
    REQUIRE(
        triad::testing::write_as_older_triad(**ben, observation, "notes", "Single words.").is_ok());
    REQUIRE(triad::core::merge_stores(**ana, **ben).is_ok());
    ana_site = triad::core::site_text((*ana)->identity().site);
    ben_site = triad::core::site_text((*ben)->identity().site);
  }

  triad_store* store = nullptr;
  Owned error;
  REQUIRE(triad_store_open(ana_path.c_str(), &store, &error.text) == TRIAD_OK);
  Owned json;
  REQUIRE(triad_conflicts(store, &json.text, &error.text) == TRIAD_OK);
  INFO(json.str());
  const auto conflicts = nlohmann::json::parse(json.str());
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0]["record"] == observation.to_string());
  CHECK(conflicts[0]["field"] == "notes");
  const auto& versions = conflicts[0]["versions"];
  REQUIRE(versions.size() == 2);
  std::map<std::string, std::string> who_on;  // device -> who
  for (const auto& v : versions) who_on[v["device"].get<std::string>()] = v["who"];
  CHECK(who_on[ana_site] == "Ana Diaz");
  CHECK(who_on[ben_site] == "Ben Lee");
  CHECK(versions[0]["kept"] == true);
  CHECK(versions[1]["kept"] == false);

  REQUIRE(triad_conflict_resolve(store, observation.to_string().c_str(), "notes",
                                 "Three seconds; single words.", &error.text) == TRIAD_OK);
  Owned after;
  REQUIRE(triad_conflicts(store, &after.text, &error.text) == TRIAD_OK);
  CHECK(after.str() == "[]");
  triad_store_close(store);
}
