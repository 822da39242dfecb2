// The sequence site a store's saves of merging text type as (merging_text.h, typing_site_of): one
// per open store, so an app's many saves of one note do not each add a site, and never an
// operation number given twice, even after a refused change was discarded for the hub's state.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "triad/core/exchange.h"
#include "triad/core/text_sequence.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

FieldEdit put(std::string f, std::string v) {
  return {std::move(f), FieldEdit::Op::kAssign, std::move(v)};
}

// The sites of the field's (one) sequence version.
size_t sites_of(Store& store, const RecordId& id, const std::string& field) {
  const RecordState r = store.get(id).value().value();
  REQUIRE(r.field(field)->versions.size() == 1);
  return TextSequence::load(r.field(field)->versions[0].value).value().version().size();
}

}  // namespace

TEST_CASE("an open store's saves of one note type as one site", "[core][text][store]") {
  TempDir dir;
  ManualClock clock;
  const std::string path = dir.file("ana.db");
  auto ana = Store::create(path, "Fortismere", "Ana Diaz", options_with(clock, 1)).value();
  auto id = ana->create_record("enquiry", {put("title", "t"), put("baseline", "Draft.")}).value();
  std::string text = "Draft.";
  for (int i = 0; i < 50; ++i) {  // an app saving as the teacher types
    text += " w" + std::to_string(i);
    REQUIRE(ana->update_record(id, {put("baseline", text)}).is_ok());
  }
  CHECK(sites_of(*ana, id, "baseline") == 1);
  // Another open of the same store (the next app session, a CLI command) types as another site.
  auto again = Store::open(path).value();
  REQUIRE(again->update_record(id, {put("baseline", text + " Later.")}).is_ok());
  CHECK(sites_of(*again, id, "baseline") == 2);
  CHECK(again->get(id).value()->field("baseline")->value() == text + " Later.");
}

TEST_CASE("a save after a discarded change types as a new site, never reusing numbers",
          "[core][text][store]") {
  ManualClock clock;
  auto ana = Store::create(":memory:", "Fortismere", "Ana Diaz", options_with(clock, 1)).value();
  auto ben = Store::create(":memory:", "Fortismere", "Ben Lee", options_with(clock, 2)).value();
  auto id = ana->create_record("enquiry", {put("title", "t"), put("baseline", "Start.")}).value();
  const RecordState hub_state = ana->get(id).value().value();  // what the hub will hold
  REQUIRE(ana->update_record(id, {put("baseline", "Start. Refused words.")}).is_ok());
  REQUIRE(merge_stores(*ben, *ana));  // a colleague took the change by a file merge
  REQUIRE(ben->update_record(id, {put("baseline", "Start. Refused words. Ben's words.")}).is_ok());
  // The hub refused it and Ana discards it: she takes the hub's state, without her words.
  const SiteId hub = 9;
  REQUIRE(ana->note_refusals(hub, {{id, failed_precondition("not yours")}}));
  REQUIRE(ana->discard_refused(id));
  REQUIRE(ana->take_peer_states(hub, {hub_state}, {}));
  REQUIRE(ana->get(id).value()->field("baseline")->value() == "Start.");
  // Her next save must not number its characters as the discarded words were numbered.
  REQUIRE(ana->update_record(id, {put("baseline", "Start. New words.")}).is_ok());
  auto merged = merge_stores(*ana, *ben);
  REQUIRE(merged);
  CHECK(merged->into_a.refused == 0);
  CHECK(merged->into_b.refused == 0);
  const std::string text = ana->get(id).value()->field("baseline")->value();
  CHECK(text == ben->get(id).value()->field("baseline")->value());
  // Ben's version kept the words Ana discarded (he had built on them); each character once.
  // (Two insertions at one place go in the order of their sequence sites: either order.)
  CHECK((text == "Start. New words. Refused words. Ben's words." ||
         text == "Start. Refused words. Ben's words. New words."));
}
