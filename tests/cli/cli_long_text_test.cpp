// Long text from a file or standard input (`notes=@notes.txt`, `notes=@-`, `@@` for a literal
// leading @), and the way out of a merged record that grew over the size limit.
#include <catch2/catch.hpp>

#include "cli_scenarios.h"

using namespace triad::testing;

namespace {

constexpr int kBadInput = 2;

std::string notes_of(const CliWorkspace& ws, const std::string& db, const std::string& id) {
  return get_json(ws, db, id)["fields"]["notes"].get<std::string>();
}

}  // namespace

TEST_CASE("a field value is read from a file with @FILE", "[cli][long-text]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string text =
      "Wait time of 3-5 s.\nPupils answered \"why\" questions, with reasons.\n\nSecond part.";
  write_bytes(ws.file("notes.txt"),
              text + "\n");  // an editor's final newline is not part of the text
  const std::string id =
      ws.add("observation", {"observed_teacher=Ana Diaz", "notes=@" + ws.file("notes.txt")});
  CHECK(notes_of(ws, ws.db(), id) == text);
  write_bytes(ws.file("focus.txt"), "Questioning\r\n");
  ws.ok({"set", id, "focus=@" + ws.file("focus.txt")});
  CHECK(get_json(ws, ws.db(), id)["fields"]["focus"] == "Questioning");
}

TEST_CASE("a field value is read from standard input with @-", "[cli][long-text]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id = ws.add("observation", {"observed_teacher=Ana Diaz"});
  const std::string text = std::string(150'000, 'x') + "\nlast line";
  const CliResult r = ws.run_with_input({"set", id, "notes=@-"}, text);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(notes_of(ws, ws.db(), id) == text);
  const CliResult twice = ws.run_with_input({"set", id, "notes=@-", "feedback=@-"}, "x");
  CHECK(twice.exit_code == 1);
  CHECK(contains(twice.err, "standard input gives one value only"));
}

TEST_CASE("@@ writes a value that starts with @", "[cli][long-text]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id =
      ws.add("observation", {"observed_teacher=Ana Diaz", "focus=@@home learning", "tags=@@x,y"});
  CHECK(get_json(ws, ws.db(), id)["fields"]["focus"] == "@home learning");
  CHECK(get_json(ws, ws.db(), id)["fields"]["tags"] == nlohmann::json::array({"@x", "y"}));
  ws.ok({"set", id, "tags+=@@z"});
  CHECK(get_json(ws, ws.db(), id)["fields"]["tags"] == nlohmann::json::array({"@x", "@z", "y"}));
}

TEST_CASE("@FILE that cannot be read is refused with the way to write a literal @",
          "[cli][long-text]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id = ws.add("observation", {"observed_teacher=Ana Diaz"});
  check_refused(ws, ws.db(), {"set", id, "focus=@home"}, kBadInput,
                "cannot read the file 'home' for focus=@home");
  check_refused(ws, ws.db(), {"set", id, "focus=@home"}, kBadInput,
                "to write a value that starts with @, double it: focus=@@home");
  check_refused(ws, ws.db(), {"set", id, "notes=@" + ws.file("")}, kBadInput, "is a folder");
  write_bytes(ws.file("huge.txt"), std::string(3 << 20, 'x'));
  check_refused(ws, ws.db(), {"set", id, "notes=@" + ws.file("huge.txt")}, kBadInput,
                "larger than");
}

// Three teachers each added a long passage to an observation's notes while offline; merged, the
// notes hold all three and the record is over the 512 KiB a record may carry. Every refusal of it
// must say how to get out: write the notes again, shorter.
TEST_CASE("a merged record over the size limit names the way out", "[cli][long-text]") {
  CliWorkspace ws;
  const std::string a = ws.file("a.db"), b = ws.file("b.db"), c = ws.file("c.db");
  ws.init_on(a, kSchoolA, kPersonA);
  ws.init_on(b, kSchoolA, "Ben Lee");
  ws.init_on(c, kSchoolA, "Cara Wu");
  const std::string id =
      ws.add_on(a, "observation", {"observed_teacher=Ana Diaz", "scope=alliance", "notes=draft"});
  ws.ok_on(a, {"merge", b});
  ws.ok_on(a, {"merge", c});
  for (const auto& [db, letter] : {std::pair{a, 'a'}, {b, 'b'}, {c, 'c'}}) {
    write_bytes(ws.file("long.txt"), "draft " + std::string(190'000, letter));
    ws.ok_on(db, {"set", id, "notes=@" + ws.file("long.txt")});
  }
  ws.ok_on(a, {"merge", b});
  ws.ok_on(a, {"merge", c});
  check_refused(ws, a, {"set", id, "focus=Questioning"}, kBadInput,
                "holds concurrent edits merged into one long text");
  check_refused(ws, a, {"set", id, "focus=Questioning"}, kBadInput,
                "triad set " + id + " notes=@FILE");
  write_bytes(ws.file("merged.txt"), "merged by hand\n");
  ws.ok_on(a, {"set", id, "notes=@" + ws.file("merged.txt")});
  ws.ok_on(a, {"set", id, "focus=Questioning"});
  CHECK(notes_of(ws, a, id) == "merged by hand");
}
