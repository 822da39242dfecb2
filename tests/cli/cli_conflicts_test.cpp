// triad conflicts | resolve: concurrent edits of a text field made in two stores and merged stay
// visible as a conflict until a person resolves it, and the resolution reaches the other store.
#include <catch2/catch.hpp>

#include "cli_scenarios.h"

using namespace triad::testing;
using nlohmann::json;

namespace {

// The value after `label` on its line in `conflicts` output.
std::string after(const std::string& text, const std::string& label) {
  for (const std::string& line : lines_of(text))
    if (line.rfind(label, 0) == 0) return line.substr(label.size());
  return "<no line starting '" + label + "'>";
}

}  // namespace

TEST_CASE("conflicts is empty on a fresh store", "[cli][conflicts]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  CHECK(ws.ok({"conflicts"}) == "no conflicts\n");
  CHECK(status_field(ws.ok({"status"}), "conflicts") == "0");
}

TEST_CASE("concurrent edits of notes in two stores show as a conflict in both",
          "[cli][conflicts]") {
  NotesConflict c;
  const std::string out_a = c.ws.ok_on(c.a, {"conflicts"});
  const std::string out_b = c.ws.ok_on(c.b, {"conflicts"});
  CHECK(out_a == out_b);  // converged
  CHECK(first_line(out_a) == "observation " + c.id + " (Questioning), field notes:");
  const std::string current = after(out_a, "  current value: ");
  const std::string overwritten = after(out_a, "  overwritten concurrent value: ");
  // Which edit wins depends on the clocks; both must be there, one as each.
  CHECK(((current == "notes by A" && overwritten == "notes by B") ||
         (current == "notes by B" && overwritten == "notes by A")));
  CHECK(contains(out_a, "triad resolve " + c.id + " notes\n"));
  CHECK(contains(out_a, "triad resolve " + c.id + " notes --value"));

  for (const std::string& db : {c.a, c.b}) {
    INFO(db);
    const json j = get_json(c.ws, db, c.id);
    CHECK(j["fields"]["notes"] == current);
    CHECK(j["conflicts"]["notes"] == json::array({overwritten}));
    CHECK(contains(c.ws.ok_on(db, {"get", c.id}),
                   "  ! notes conflict, overwritten concurrent value: " + overwritten));
    CHECK(contains(c.ws.ok_on(db, {"list", "observation"}),
                   c.id + "  observation  Questioning  [conflict]"));
    CHECK(status_field(c.ws.ok_on(db, {"status"}), "conflicts") == "1 (see: triad conflicts)");
  }
  CHECK(c.ws.export_json(c.a) == c.ws.export_json(c.b));
}

TEST_CASE("resolve keeps the current value and ends the conflict everywhere", "[cli][conflicts]") {
  NotesConflict c;
  const std::string current = get_json(c.ws, c.a, c.id)["fields"]["notes"];
  CHECK(c.ws.ok_on(c.a, {"resolve", c.id, "notes"}) == "");
  CHECK(c.ws.ok_on(c.a, {"conflicts"}) == "no conflicts\n");
  json j = get_json(c.ws, c.a, c.id);
  CHECK(j["fields"]["notes"] == current);
  CHECK_FALSE(j.contains("conflicts"));
  CHECK_FALSE(contains(c.ws.ok_on(c.a, {"list"}), "[conflict]"));

  REQUIRE(c.ws.ok_on(c.b, {"conflicts"}) != "no conflicts\n");  // until it hears of it
  c.ws.ok_on(c.b, {"merge", c.a});
  CHECK(c.ws.ok_on(c.b, {"conflicts"}) == "no conflicts\n");
  CHECK(get_json(c.ws, c.b, c.id)["fields"]["notes"] == current);
  CHECK(c.ws.export_json(c.a) == c.ws.export_json(c.b));
}

TEST_CASE("resolve with --value writes the merged text", "[cli][conflicts]") {
  NotesConflict c;
  c.ws.ok_on(c.b, {"resolve", c.id, "notes", "--value", "notes by A\nand notes by B"});
  CHECK(c.ws.ok_on(c.b, {"conflicts"}) == "no conflicts\n");
  CHECK(get_json(c.ws, c.b, c.id)["fields"]["notes"] == "notes by A\nand notes by B");
  c.ws.ok_on(c.a, {"merge", c.b});
  CHECK(c.ws.ok_on(c.a, {"conflicts"}) == "no conflicts\n");
  CHECK(get_json(c.ws, c.a, c.id)["fields"]["notes"] == "notes by A\nand notes by B");
  CHECK(status_field(c.ws.ok_on(c.a, {"status"}), "conflicts") == "0");
}

TEST_CASE("an edit made after seeing the other value leaves no conflict", "[cli][conflicts]") {
  TwoSchools s;
  const std::string id = shared_observation(s, {"notes=v1"});
  s.ws.ok_on(s.a, {"merge", s.b});
  s.ws.ok_on(s.b, {"set", id, "notes=v2 by B"});
  s.ws.ok_on(s.a, {"merge", s.b});  // A has now seen B's value
  s.ws.ok_on(s.a, {"set", id, "notes=v3 by A"});
  s.ws.ok_on(s.b, {"merge", s.a});
  for (const std::string& db : {s.a, s.b}) {
    INFO(db);
    CHECK(s.ws.ok_on(db, {"conflicts"}) == "no conflicts\n");
    CHECK(get_json(s.ws, db, id)["fields"]["notes"] == "v3 by A");
  }
}

TEST_CASE("concurrent edits of different fields never conflict", "[cli][conflicts]") {
  TwoSchools s;
  const std::string id = shared_observation(s, {"focus=Questioning"});
  s.ws.ok_on(s.a, {"merge", s.b});
  s.ws.ok_on(s.a, {"set", id, "focus=Wait time"});
  s.ws.ok_on(s.b, {"set", id, "notes=Notes by B"});
  s.ws.ok_on(s.b, {"merge", s.a});
  for (const std::string& db : {s.a, s.b}) {
    INFO(db);
    CHECK(s.ws.ok_on(db, {"conflicts"}) == "no conflicts\n");
    const json j = get_json(s.ws, db, id);
    CHECK(j["fields"]["focus"] == "Wait time");
    CHECK(j["fields"]["notes"] == "Notes by B");
  }
}
