// triad init | add | set | get | list | types, as a person uses them on one store.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <regex>

#include "cli_scenarios.h"
#include "triad/core/schema.h"

using namespace triad::testing;
using nlohmann::json;

namespace {

// One value of the right shape for a field, so that `add` accepts it.
std::string sample_value(const triad::core::FieldSpec& f, const std::string& type,
                         const std::map<std::string, std::string>& created) {
  using V = triad::core::ValueType;
  switch (f.type) {
    case V::kText:
      if (type == "school") return "Hornsey School";
      if (type == "person") return "Cara Wu";
      return "a " + std::string(f.name) + " of " + type;
    case V::kLongText:
      return "first line of " + std::string(f.name) + "\nsecond line";
    case V::kNumber:
      return "2";
    case V::kDate:
      return "2014-03-21";
    case V::kChoice:
      return std::string(f.choices.front());
    case V::kPerson:
      return kPersonA;
    case V::kSchool:
      return kSchoolA;
    case V::kRecord: {
      auto it = created.find(std::string(f.ref_type));
      return it == created.end() ? std::string() : it->second;
    }
    case V::kPupilCode:
      return "Y4-07";
  }
  return "x";
}

bool has_value(const json& v) {
  return (v.is_string() && !v.get<std::string>().empty()) || (v.is_array() && !v.empty());
}

std::string person_id(const CliWorkspace& ws, const std::string& name) {
  for (const auto& r : list_json(ws, ws.db(), "person"))
    if (r["fields"]["name"] == name) return r["id"];
  FAIL("no person " << name);
  return {};
}

}  // namespace

TEST_CASE("init creates a store for a school and a person", "[cli][records]") {
  CliWorkspace ws;
  const std::string out = ws.ok({"init", "--school", kSchoolA, "--person", kPersonA});
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("site ([0-9a-f]{16})\\)")));
  CHECK(contains(out, "created a store for Fortismere / Ana Diaz at " + ws.db()));
  CHECK(std::filesystem::exists(ws.db()));

  const std::string status = ws.ok({"status"});
  CHECK(status_field(status, "replica") == "Fortismere / Ana Diaz (site " + m[1].str() + ")");
  CHECK(status_field(status, "records") == "1 person, 1 school");

  const json schools = list_json(ws, ws.db(), "school");
  REQUIRE(schools.size() == 1);
  CHECK(schools[0]["fields"]["name"] == kSchoolA);
  const json people = list_json(ws, ws.db(), "person");
  REQUIRE(people.size() == 1);
  CHECK(people[0]["fields"]["name"] == kPersonA);
  CHECK(people[0]["fields"]["school"] == schools[0]["id"]);
}

TEST_CASE("add prints the new id and get shows the fields by name", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id =
      ws.add("observation", {"observed_teacher=Ana Diaz", "focus=Questioning", "date=2014-03-21",
                             "purpose=Lesson Study", "tags=wait-time,questioning"});
  CHECK(std::regex_match(
      id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));

  const std::string shown = ws.ok({"get", id});
  CHECK(first_line(shown) == "Lesson observation " + id);
  CHECK(contains(shown, "  school: Fortismere   author: Ana Diaz   scope: participants\n"));
  CHECK(contains(shown, "  observed_teacher: Ana Diaz\n"));
  CHECK(contains(shown, "  focus: Questioning\n"));
  CHECK(contains(shown, "  date: 2014-03-21\n"));
  CHECK(contains(shown, "  purpose: lesson-study\n"));  // choices are normalised
  CHECK(contains(shown, "  tags: questioning, wait-time\n"));

  const json j = get_json(ws, ws.db(), id);
  CHECK(j["id"] == id);
  CHECK(j["type"] == "observation");
  CHECK(j["scope"] == "participants");
  CHECK(j["fields"]["observed_teacher"] == person_id(ws, kPersonA));
  CHECK(j["fields"]["focus"] == "Questioning");
  CHECK(j["fields"]["date"] == "2014-03-21");
  CHECK(j["fields"]["tags"] == json::array({"questioning", "wait-time"}));
  CHECK_FALSE(j.contains("deleted"));
  CHECK_FALSE(j.contains("conflicts"));
}

TEST_CASE("every record type of triad types can be created with its required fields",
          "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string types = ws.ok({"types"});
  std::map<std::string, std::string> created;  // type -> id
  std::vector<const triad::core::TypeSpec*> pending;
  for (const auto& t : triad::core::record_types()) {
    const std::string head = std::string(t.name) + " (";
    REQUIRE((types.rfind(head, 0) == 0 || contains(types, "\n" + head)));
    pending.push_back(&t);
  }
  while (!pending.empty()) {  // referenced types first
    const size_t before = pending.size();
    for (auto it = pending.begin(); it != pending.end();) {
      const std::string type((*it)->name);
      std::vector<std::string> fields;
      bool ready = true;
      for (const auto& f : (*it)->fields) {
        if (!f.required) continue;
        const std::string v = sample_value(f, type, created);
        ready = ready && !v.empty();
        fields.push_back(std::string(f.name) + "=" + v);
      }
      if (!ready) {
        ++it;
        continue;
      }
      INFO("type " << type);
      if (type ==
          "school") {  // a device adds only its own school, made by init; others are the hub's
        std::vector<std::string> args{"add", type};
        args.insert(args.end(), fields.begin(), fields.end());
        const CliResult r = ws.run(args);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "a device adds only its own school to the roster"));
        created[type] = list_json(ws, ws.db(), "school").at(0)["id"];
        it = pending.erase(it);
        continue;
      }
      created[type] = ws.add(type, fields);
      it = pending.erase(it);
    }
    REQUIRE(pending.size() < before);
  }
  for (const auto& t : triad::core::record_types()) {
    const std::string type(t.name);
    INFO("type " << type);
    const json listed = list_json(ws, ws.db(), type);
    REQUIRE(has_id(listed, created[type]));
    const json j = get_json(ws, ws.db(), created[type]);
    CHECK(j["type"] == type);
    for (const auto& f : t.fields)
      if (f.required) CHECK(has_value(j["fields"].value(std::string(f.name), json())));
    CHECK(contains(ws.ok({"list", type}), created[type] + "  " + type));
  }
}

TEST_CASE("types shows every type and field of the schema", "[cli][records]") {
  CliWorkspace ws;
  const std::vector<std::string> lines = lines_of(ws.ok({"types"}));
  size_t i = 0;
  for (const auto& t : triad::core::record_types()) {
    REQUIRE(i < lines.size());
    CHECK(lines[i].rfind(std::string(t.name) + " (" + std::string(t.title) + "; default scope " +
                             triad::core::to_string(t.default_scope),
                         0) == 0);
    ++i;
    for (const auto& f : t.fields) {
      REQUIRE(i < lines.size());
      INFO(lines[i]);
      CHECK(lines[i].rfind("  " + std::string(f.name) + " ", 0) == 0);
      CHECK(contains(lines[i], "(required)") == f.required);
      ++i;
    }
  }
  CHECK(i == lines.size());

  const std::string one = ws.ok({"types", "log_entry"});
  CHECK(first_line(one) == "log_entry (Log entry; default scope private; child of its log)");
  CHECK(lines_of(one).size() == 1 + triad::core::find_type("log_entry")->fields.size());
}

TEST_CASE("set changes register and text fields", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  ws.add("person", {"name=Ben Lee", "school=Fortismere"});
  const std::string id = ws.add("observation", {"observed_teacher=Ana Diaz", "focus=Questioning"});
  CHECK(ws.ok({"set", id, "focus=Wait time", "date=2014-03-22", "observed_teacher=Ben Lee",
               "notes=Pupils waited.\nThen they answered."}) == "");
  const json j = get_json(ws, ws.db(), id);
  CHECK(j["fields"]["focus"] == "Wait time");
  CHECK(j["fields"]["date"] == "2014-03-22");
  CHECK(j["fields"]["observed_teacher"] == person_id(ws, "Ben Lee"));
  CHECK(j["fields"]["notes"] == "Pupils waited.\nThen they answered.");
  const std::string shown = ws.ok({"get", id});
  CHECK(contains(shown, "  observed_teacher: Ben Lee\n"));
  CHECK(contains(shown, "  notes: \n      Pupils waited.\n      Then they answered.\n"));

  ws.ok({"set", id, "focus="});  // an optional field can be cleared
  CHECK(get_json(ws, ws.db(), id)["fields"]["focus"] == "");
}

TEST_CASE("set adds and removes set elements with += and -=", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  ws.add("person", {"name=Ben Lee", "school=Fortismere"});
  const std::string id = ws.add("observation", {"observed_teacher=Ana Diaz", "tags=draft"});
  ws.ok({"set", id, "tags+=questioning", "tags+=wait-time", "observers+=Ben Lee",
         "observers+=Ana Diaz"});
  json j = get_json(ws, ws.db(), id);
  CHECK(j["fields"]["tags"] == json::array({"draft", "questioning", "wait-time"}));
  CHECK(j["fields"]["observers"].size() == 2);
  CHECK(contains(ws.ok({"get", id}), "  tags: draft, questioning, wait-time\n"));

  ws.ok({"set", id, "tags-=draft", "observers-=Ben Lee"});
  j = get_json(ws, ws.db(), id);
  CHECK(j["fields"]["tags"] == json::array({"questioning", "wait-time"}));
  CHECK(j["fields"]["observers"] == json::array({person_id(ws, kPersonA)}));
  CHECK(contains(ws.ok({"get", id}), "  observers: Ana Diaz\n"));
}

TEST_CASE("set field=a,b replaces the whole set", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string id = ws.add("observation", {"observed_teacher=Ana Diaz", "tags=a,b,c"});
  CHECK(get_json(ws, ws.db(), id)["fields"]["tags"] == json::array({"a", "b", "c"}));
  ws.ok({"set", id, "tags=c, d"});
  CHECK(get_json(ws, ws.db(), id)["fields"]["tags"] == json::array({"c", "d"}));
  ws.ok({"set", id, "tags="});
  CHECK(get_json(ws, ws.db(), id)["fields"].value("tags", json::array()).empty());
  CHECK(contains(ws.ok({"get", id}), "  tags: (none)\n"));
}

TEST_CASE("set scope widens a record and its entries follow", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string log = ws.add("learning_log", {"title=My journal"});
  const std::string entry =
      ws.add("log_entry", {"log=My journal", "date=2014-03-20", "text=Planning."});
  CHECK(get_json(ws, ws.db(), log)["scope"] == "private");
  CHECK(get_json(ws, ws.db(), entry)["scope"] == "private");
  CHECK(get_json(ws, ws.db(), entry)["parent"] == log);
  ws.ok({"set", log, "scope=school"});
  CHECK(get_json(ws, ws.db(), log)["scope"] == "school");
  CHECK(get_json(ws, ws.db(), entry)["scope"] == "school");
  const std::string later = ws.add("log_entry", {"log=" + log, "date=2014-03-21", "text=Later."});
  CHECK(get_json(ws, ws.db(), later)["scope"] == "school");  // new entries follow the parent
}

TEST_CASE("get finds a record by id by unique id prefix and by name", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string log = ws.add("learning_log", {"title=My reflective journal"});
  const std::string by_id = ws.ok({"get", log});
  CHECK(first_line(by_id) == "Learning log " + log);
  CHECK(ws.ok({"get", "my REFLECTIVE journal"}) == by_id);  // names match case-insensitively
  const std::string person = person_id(ws, kPersonA);       // a name-derived id: unique prefix
  CHECK(first_line(ws.ok({"get", person.substr(0, 13)})) == "Person " + person);
  CHECK(first_line(ws.ok({"get", kSchoolA})).rfind("School ", 0) == 0);
}

TEST_CASE("get shows the entries of a learning log by date", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string log = ws.add("learning_log", {"title=Journal", "kind=field notes"});
  const std::string late =
      ws.add("log_entry", {"log=Journal", "date=2014-03-22", "text=Triad met."});
  const std::string early =
      ws.add("log_entry", {"log=Journal", "date=2014-03-20", "text=Planning."});
  const std::string shown = ws.ok({"get", log});
  CHECK(contains(shown, "  kind: field-notes\n"));
  CHECK(contains(shown, "  entries:\n    " + early + "  log_entry  2014-03-20  Planning.\n    " +
                            late + "  log_entry  2014-03-22  Triad met.\n"));
}

TEST_CASE("list shows the live records of one type or of all types", "[cli][records]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  const std::string o1 =
      ws.add("observation", {"observed_teacher=Ana Diaz", "focus=Questioning", "date=2014-03-21"});
  const std::string o2 = ws.add("observation", {"observed_teacher=Ana Diaz", "focus=Feedback"});
  const std::string e = ws.add("enquiry", {"title=Questioning in Year 4"});

  std::vector<std::string> expected{o1 + "  observation  2014-03-21  Questioning",
                                    o2 + "  observation  Feedback"};
  std::sort(expected.begin(), expected.end());  // ordered by id
  CHECK(lines_of(ws.ok({"list", "observation"})) == expected);
  CHECK(ws.ok({"list", "coaching_session"}) == "");

  const std::string all = ws.ok({"list"});
  CHECK(lines_of(all).size() == 5);  // 2 observations, 1 enquiry, the school and the person
  CHECK(contains(all, e + "  enquiry  Questioning in Year 4\n"));
  CHECK(contains(all, "  school  Fortismere\n"));
  CHECK(contains(all, "  person  Ana Diaz\n"));

  const json j = list_json(ws, ws.db(), "observation");
  CHECK(ids_of(j) ==
        std::vector<std::string>{expected[0].substr(0, 36), expected[1].substr(0, 36)});
  CHECK(list_json(ws, ws.db()).size() == 5);
  CHECK(list_json(ws, ws.db(), "evidence").empty());
}
