// Bad command lines and bad field values for init | add | set | delete | get | list | export |
// resolve | types: each refused with its exit code (1 usage, 2 bad input) and a message a
// person can act on, and each leaving the store exactly as it was.
#include <algorithm>
#include <catch2/catch.hpp>

#include "cli_scenarios.h"
#include "triad/core/schema.h"

using namespace triad::testing;

namespace {

// A store with a little of everything for the refusals to aim at.
struct BadInputStore {
  CliWorkspace ws;
  std::string obs, study, log, entry;
  BadInputStore() {
    ws.init(kSchoolA, kPersonA);
    ws.add("person", {"name=Ben Lee", "school=Fortismere"});
    obs = ws.add("observation",
                 {"observed_teacher=Ana Diaz", "tags=a,b", "scope=alliance", "notes=Notes"});
    study = ws.add("lesson_study", {"members=Ana Diaz,Ben Lee", "targeted_pupils=Y4-07"});
    log = ws.add("learning_log", {"title=Journal"});
    ws.add("learning_log", {"title=Other journal"});
    entry = ws.add("log_entry", {"log=Journal", "date=2014-03-21", "text=Entry"});
  }
  void refused(const std::vector<std::string>& args, int code, const std::string& phrase) const {
    check_refused(ws, ws.db(), args, code, phrase);
  }
};

constexpr int kUsage = 1;
constexpr int kBadInput = 2;

const std::string kUnknownId = "01a20937-0000-7000-8000-000000000000";

}  // namespace

TEST_CASE("no subcommand is a usage error", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({}, kUsage, "A subcommand is required");
  const CliResult bare = s.ws.run_raw({});
  CHECK(bare.exit_code == kUsage);
  CHECK(contains(bare.err, "A subcommand is required"));
  CHECK(contains(bare.err, "--help"));
  CHECK_FALSE(std::filesystem::exists(s.ws.file("triad")));  // the default store was not created
}

TEST_CASE("an unknown subcommand is a usage error", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"frobnicate"}, kUsage, "there is no command");
  s.refused({"frobnicate", "observation"}, kUsage, "there is no command");
}

TEST_CASE("the error for an unknown subcommand names it", "[cli][bad-input][!mayfail]") {
  // Regression test: this failed before the fix.
  BadInputStore s;
  s.refused({"frobnicate"}, kUsage, "frobnicate");
}

TEST_CASE("missing required arguments are usage errors", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"add"}, kUsage, "type is required");
  s.refused({"set"}, kUsage, "id is required");
  s.refused({"set", s.obs}, kUsage, "nothing to change: give field=value");
  s.refused({"delete"}, kUsage, "id is required");
  s.refused({"get"}, kUsage, "id is required");
  s.refused({"get", "--json"}, kUsage, "id is required");
  s.refused({"resolve"}, kUsage, "id is required");
  s.refused({"resolve", s.obs}, kUsage, "field is required");
  s.refused({"resolve", s.obs, "notes", "--value"}, kUsage, "--value");
  s.refused({"merge"}, kUsage, "other is required");
  s.refused({"export", "--out"}, kUsage, "--out");
  s.refused({"init"}, kUsage, "--school is required");
  const CliResult init = s.ws.run_on(s.ws.file("new.db"), {"init", "--person", kPersonA});
  CHECK(init.exit_code == kUsage);
  CHECK(contains(init.err, "--school is required"));
  CHECK_FALSE(std::filesystem::exists(s.ws.file("new.db")));
}

TEST_CASE("add refuses an unknown type", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"add", "widget", "name=x"}, kBadInput,
            "there is no record type 'widget'; the types are: school, person");
  s.refused({"add", "Observation", "observed_teacher=Ana Diaz"}, kBadInput,
            "there is no record type 'Observation'");
}

TEST_CASE("add refuses an unknown field", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "mood=happy"}, kBadInput,
            "an observation has no field 'mood'; its fields are: lesson_study,");
}

TEST_CASE("add of every type refuses a record without its required fields", "[cli][bad-input]") {
  BadInputStore s;
  for (const auto& t : triad::core::record_types()) {
    const auto first =
        std::find_if(t.fields.begin(), t.fields.end(), [](const auto& f) { return f.required; });
    REQUIRE(first != t.fields.end());
    INFO("type " << t.name);
    s.refused({"add", std::string(t.name)}, kBadInput, " needs " + std::string(first->name) + " (");
  }
  s.refused(
      {"add", "observation", "focus=Questioning"}, kBadInput,
      "an observation needs observed_teacher (whose lesson it was): add observed_teacher=VALUE");
  s.refused({"add", "lesson_study", "members="}, kBadInput, "a lesson_study needs members");
  s.refused({"add", "log_entry", "log=Journal", "date=2014-03-21", "text="}, kBadInput,
            "a log_entry needs text");
}

TEST_CASE("add refuses a bad date", "[cli][bad-input]") {
  BadInputStore s;
  for (const std::string date :
       {"2014-02-30", "2013-02-29", "21/03/2014", "2014-3-21", "tomorrow", "2014-13-01"}) {
    INFO(date);
    s.refused({"add", "observation", "observed_teacher=Ana Diaz", "date=" + date}, kBadInput,
              "observation.date must be a date written YYYY-MM-DD (for example 2014-03-21), not '" +
                  date + "'");
  }
  s.refused({"set", s.entry, "date=2014-02-30"}, kBadInput, "log_entry.date must be a date");
}

TEST_CASE("add refuses a bad number", "[cli][bad-input]") {
  BadInputStore s;
  const std::string enquiry = s.ws.add("enquiry", {"title=Questioning"});
  for (const std::string n : {"three", "3 ", " 3", "3x", "1,5"}) {
    INFO(n);
    s.refused({"add", "enquiry_cycle", "enquiry=" + enquiry, "number=" + n}, kBadInput,
              "enquiry_cycle.number must be a number, not '" + n + "'");
  }
  s.refused({"set", s.study, "cycle=two"}, kBadInput, "lesson_study.cycle must be a number");
}

TEST_CASE("add refuses nan and infinity as numbers", "[cli][bad-input]") {
  // Regression test: this failed before the fix.
  BadInputStore s;
  const std::string enquiry = s.ws.add("enquiry", {"title=Questioning"});
  for (const std::string n : {"nan", "inf", "-infinity", "0x1p3"}) {
    INFO(n);
    s.refused({"add", "enquiry_cycle", "enquiry=" + enquiry, "number=" + n}, kBadInput,
              "must be a number");
  }
}

TEST_CASE("add refuses a value that is not one of the choices", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "purpose=grading"}, kBadInput,
            "observation.purpose must be one of lesson-study, peer, learning-walk or trainee, not "
            "'grading'");
  s.refused({"set", s.log, "kind=diary"}, kBadInput, "learning_log.kind must be one of");
  s.refused({"add", "person", "name=Cara Wu", "school=Fortismere", "roles=teacher,janitor"},
            kBadInput, "person.roles must be one of");
}

TEST_CASE("a pupil name is refused where a pupil code belongs", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"add", "lesson_study", "members=Ana Diaz", "targeted_pupils=Tom Smith"}, kBadInput,
            "lesson_study.targeted_pupils: 'Tom Smith' looks like a name. Record pupils only by "
            "the school's "
            "pseudonymous code");
  s.refused({"add", "lesson_study", "members=Ana Diaz", "targeted_pupils=Y4-07,Tom"}, kBadInput,
            "'Tom' looks like a name");
  s.refused({"set", s.study, "targeted_pupils+=Tom Smith"}, kBadInput, "looks like a name");
}

TEST_CASE("add refuses a malformed field argument", "[cli][bad-input]") {
  BadInputStore s;
  const std::string shape =
      "is not a field edit: write field=value, set_field+=element or set_field-=element";
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "focus"}, kUsage,
            "'focus' " + shape);
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "=Questioning"}, kUsage,
            "'=Questioning' " + shape);
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "Focus=x"}, kUsage,
            "'Focus' in 'Focus=x' is not a field name (lower-case letters, digits and _)");
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "fo cus=x"}, kUsage,
            "is not a field name");
  s.refused({"set", s.obs, "tags+"}, kUsage, shape);
}

TEST_CASE("add refuses a reference to an unknown person or record", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"add", "observation", "observed_teacher=Zed Nobody"}, kBadInput,
            "observation.observed_teacher: there is no person called 'Zed Nobody' in this store; "
            "add them first: "
            "triad add person name=\"Zed Nobody\"");
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "observers=Ben Lee,Zed Nobody"},
            kBadInput, "there is no person called 'Zed Nobody'");
  s.refused({"add", "log_entry", "log=No such log", "date=2014-03-21", "text=x"}, kBadInput,
            "log_entry.log: there is no learning_log called 'No such log'");
  s.refused({"add", "person", "name=Cara Wu", "school=Nowhere High"}, kBadInput,
            "there is no school called 'Nowhere High'");
}

TEST_CASE("add and set refuse a wrong operator or scope", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "focus+=x"}, kBadInput,
            "observation.focus holds one value: write focus=VALUE, not += or -=");
  s.refused({"add", "observation", "observed_teacher=Ana Diaz", "scope=everyone"}, kBadInput,
            "unknown scope 'everyone': use private, participants, school or alliance");
  s.refused({"set", s.obs, "tags+="}, kBadInput, "observation.tags: an element cannot be empty");
  s.refused({"add", "school", "name=" + std::string(kSchoolA)}, kBadInput,
            "a school named 'Fortismere' already exists");
  s.refused({"set", s.obs, "focus=two\nlines"}, kBadInput, "observation.focus is one line of text");
}

TEST_CASE("set refuses an unknown or ambiguous record", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"set", kUnknownId, "focus=x"}, kBadInput, "there is no record with id " + kUnknownId);
  s.refused({"set", "No such thing", "focus=x"}, kBadInput,
            "there is no record called 'No such thing'");
  s.ws.add("enquiry", {"title=Same title"});
  s.ws.add("enquiry", {"title=same TITLE"});
  s.refused({"set", "Same title", "focus=x"}, kBadInput, "give the id of the one you mean:");
}

TEST_CASE("set refuses to narrow the scope", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"set", s.obs, "scope=private"}, kBadInput,
            "this observation is shared with scope 'alliance'; a scope can be widened but never "
            "narrowed");
  s.refused({"set", s.obs, "scope=school", "focus=also refused"}, kBadInput, "never narrowed");
  s.refused({"set", s.study, "scope=private"}, kBadInput, "never narrowed");
}

TEST_CASE("set refuses to clear a required field", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"set", s.obs, "observed_teacher="}, kBadInput,
            "observation.observed_teacher is required and cannot be cleared");
  s.refused({"set", s.study, "members="}, kBadInput,
            "lesson_study.members is required and cannot be cleared");
  s.refused({"set", s.entry, "text="}, kBadInput,
            "log_entry.text is required and cannot be cleared");
}

TEST_CASE("set refuses to remove the last element of a required set", "[cli][bad-input]") {
  // Regression test: this failed before the fix.
  BadInputStore s;
  s.ws.ok({"set", s.study, "members-=Ben Lee"});  // one member left: fine
  s.refused({"set", s.study, "members-=Ana Diaz"}, kBadInput, "lesson_study.members");
}

TEST_CASE("set refuses to remove an element that is not in the set", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"set", s.obs, "tags-=zzz"}, kBadInput, "'zzz' is not in observation.tags");
  s.refused({"set", s.obs, "tags+=c", "tags-=zzz"}, kBadInput,
            "is not in observation.tags");  // all or nothing
  s.refused({"set", s.study, "targeted_pupils-=Y4-99"}, kBadInput,
            "'Y4-99' is not in lesson_study.targeted_pupils");
}

TEST_CASE("set refuses to move an entry to another learning log", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"set", s.entry, "log=Other journal"}, kBadInput,
            "a log_entry cannot move to another log; delete it and add it again there");
}

TEST_CASE("delete get and resolve refuse an unknown record", "[cli][bad-input]") {
  BadInputStore s;
  for (const std::string cmd : {"delete", "get"}) {
    s.refused({cmd, kUnknownId}, kBadInput,
              "there is no record with id " + kUnknownId + " in this store");
    s.refused({cmd, "No such thing"}, kBadInput, "there is no record called 'No such thing'");
  }
  s.refused({"get", kUnknownId, "--json"}, kBadInput, "there is no record with id");
  s.refused({"resolve", kUnknownId, "notes"}, kBadInput, "there is no record with id");
  s.refused({"resolve", s.obs, "notes"}, kBadInput,
            "field 'notes' of " + s.obs + " has no conflict to resolve");
  s.refused({"resolve", s.obs, "focus", "--value", "x"}, kBadInput, "has no conflict to resolve");
}

TEST_CASE("list export and types refuse an unknown type", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"list", "widget"}, kBadInput,
            "there is no record type 'widget'; the types are: school person");
  s.refused({"list", "widget", "--json"}, kBadInput, "there is no record type 'widget'");
  s.refused({"export", "widget"}, kBadInput, "there is no record type 'widget' (see: triad types)");
  s.refused({"export", "--format", "csv", "widget"}, kBadInput, "there is no record type 'widget'");
  s.refused({"types", "widget"}, kBadInput, "there is no record type 'widget'");
}

TEST_CASE("export refuses a format other than csv or json", "[cli][bad-input]") {
  BadInputStore s;
  s.refused({"export", "--format", "xml"}, kUsage, "--format must be csv or json, not 'xml'");
  s.refused({"export", "--format", "CSV", "observation"}, kUsage, "--format must be csv or json");
}

TEST_CASE("export --out refuses a file it cannot write", "[cli][bad-input]") {
  BadInputStore s;
  const std::string target = s.ws.file("no/such/folder/out.json");
  s.refused({"export", "--out", target}, kBadInput, "cannot write " + target);
  CHECK_FALSE(std::filesystem::exists(s.ws.file("no")));
}
