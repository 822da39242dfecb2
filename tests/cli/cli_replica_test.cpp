// triad merge | status, and where the store lives by default: two schools record offline, swap
// files, and end with the same records; a merge repeated changes nothing; status counts what
// has not reached a peer yet.
#include <catch2/catch.hpp>
#include <regex>

#include "cli_scenarios.h"
#include "triad/core/store.h"

using namespace triad::testing;
using nlohmann::json;

namespace {

struct Direction {
  int offered = -1;
  int changed = -1;
};

// Reads "  into NAME: N records offered, M changed" from `triad merge` output.
Direction direction(const std::string& merge_out, const std::string& into) {
  std::smatch m;
  const std::regex line("  into " +
                        std::regex_replace(into, std::regex(R"([.^$|()\[\]{}*+?\\/])"), R"(\$&)") +
                        R"(: (\d+) records? offered, (\d+) changed)");
  if (!std::regex_search(merge_out, m, line))
    FAIL("no 'into " << into << "' line in:\n" << merge_out);
  return {std::stoi(m[1]), std::stoi(m[2])};
}

std::string merge(const TwoSchools& s, const std::string& from, const std::string& other) {
  const std::string out = s.ws.ok_on(from, {"merge", other});
  CHECK(first_line(out) == "merged " + from + " with " + other);
  return out;
}

}  // namespace

TEST_CASE("merge brings both schools records into both stores", "[cli][merge]") {
  TwoSchools s;
  const std::string oa = s.ws.add_on(
      s.a, "observation", {"observed_teacher=Ana Diaz", "focus=At Fortismere", "scope=alliance"});
  const std::string la =
      s.ws.add_on(s.a, "learning_log", {"title=Ana's journal", "scope=alliance"});
  const std::string ob =
      s.ws.add_on(s.b, "observation",
                  {"observed_teacher=Ben Lee", "focus=At Eleanor Palmer", "scope=alliance"});
  const std::string eb = s.ws.add_on(s.b, "enquiry", {"title=Questioning in Year 4"});

  const std::string out = merge(s, s.a, s.b);
  CHECK(direction(out, "this store").changed == 4);  // B's school, person, observation, enquiry
  CHECK(direction(out, s.b).changed == 4);           // and A's

  const std::string ja = s.ws.export_json(s.a);
  CHECK(ja == s.ws.export_json(s.b));  // byte-identical
  const json records = json::parse(ja);
  CHECK(records.size() == 8);
  for (const std::string& id : {oa, la, ob, eb}) CHECK(has_id(records, id));
  const std::string people = s.ws.ok_on(s.b, {"list", "person"});
  CHECK(contains(people, "  person  Ana Diaz\n"));
  CHECK(contains(people, "  person  Ben Lee\n"));
  // References made at A read by name at B.
  CHECK(contains(s.ws.ok_on(s.b, {"get", oa}), "  school: Fortismere   author: Ana Diaz"));
  CHECK(contains(s.ws.ok_on(s.b, {"get", oa}), "  observed_teacher: Ana Diaz\n"));
}

TEST_CASE("merge carries changes both ways whichever store runs it", "[cli][merge]") {
  TwoSchools s;
  merge(s, s.a, s.b);
  const std::string from_b =
      s.ws.add_on(s.b, "coaching_session", {"coach=Ben Lee", "coachee=Ana Diaz", "mode=in class"});
  const std::string from_a = s.ws.add_on(s.a, "enquiry", {"title=Feedback"});
  const std::string out = merge(s, s.b, s.a);  // now B runs it
  CHECK(direction(out, "this store").changed == 1);
  CHECK(direction(out, s.a).changed == 1);
  for (const std::string& db : {s.a, s.b}) {
    INFO(db);
    CHECK(has_id(list_json(s.ws, db, "coaching_session"), from_b));
    CHECK(has_id(list_json(s.ws, db, "enquiry"), from_a));
  }
  CHECK(s.ws.export_json(s.a) == s.ws.export_json(s.b));
}

TEST_CASE("merge is idempotent", "[cli][merge]") {
  TwoSchools s;
  s.ws.add_on(s.a, "observation",
              {"observed_teacher=Ana Diaz", "notes=Notes", "tags=a,b", "scope=alliance"});
  s.ws.add_on(s.b, "learning_log", {"title=Journal", "scope=alliance"});
  merge(s, s.a, s.b);
  const std::string ja = s.ws.export_json(s.a);
  const std::string jb = s.ws.export_json(s.b);
  REQUIRE(ja == jb);

  const std::string again = merge(s, s.a, s.b);
  CHECK(direction(again, "this store").changed == 0);
  CHECK(direction(again, s.b).changed == 0);
  CHECK(s.ws.export_json(s.a) == ja);
  CHECK(s.ws.export_json(s.b) == jb);

  const std::string third = merge(s, s.b, s.a);  // quiet now: nothing left to offer
  CHECK(direction(third, "this store").offered == 0);
  CHECK(direction(third, s.a).offered == 0);
  CHECK(s.ws.export_json(s.a) == ja);
  CHECK(s.ws.export_json(s.b) == jb);
}

TEST_CASE("concurrent set edits merge as add-wins sets", "[cli][merge]") {
  TwoSchools s;
  const std::string id = shared_observation(s, {"tags=t1,t2,t3"});
  merge(s, s.a, s.b);
  s.ws.ok_on(s.a, {"set", id, "tags+=from-a", "tags-=t2", "tags-=t3"});
  s.ws.ok_on(s.b, {"set", id, "tags+=from-b", "tags+=t2"});  // t2 added again at B, concurrently
  merge(s, s.b, s.a);
  for (const std::string& db : {s.a, s.b}) {
    INFO(db);
    CHECK(get_json(s.ws, db, id)["fields"]["tags"] ==
          json::array({"from-a", "from-b", "t1", "t2"}));
  }
}

TEST_CASE("status shows the replica its records and its unsent changes", "[cli][status]") {
  TwoSchools s;
  const std::string st = s.ws.ok_on(s.a, {"status"});
  std::smatch m;
  const std::string replica = status_field(st, "replica");
  REQUIRE(
      std::regex_match(replica, m, std::regex(R"(Fortismere / Ana Diaz \(site ([0-9a-f]{16})\))")));
  const std::string site_a = m[1];
  CHECK(status_field(st, "store") == s.a);
  CHECK(status_field(st, "records") == "1 person, 1 school");
  CHECK(status_field(st, "unsent") ==
        "2 local changes not yet sent to any peer");  // its school and person
  CHECK(status_field(st, "peers") == "none yet");

  s.ws.add_on(s.a, "observation", {"observed_teacher=Ana Diaz", "scope=alliance"});
  s.ws.add_on(s.a, "observation", {"observed_teacher=Ana Diaz", "scope=alliance"});
  s.ws.add_on(s.a, "lesson_study", {"members=Ana Diaz", "scope=alliance"});
  CHECK(status_field(s.ws.ok_on(s.a, {"status"}), "records") ==
        "1 lesson_study, 2 observation, 1 person, 1 school");
  CHECK(unsent_count(s.ws, s.a) == 5);
  CHECK(unsent_count(s.ws, s.b) == 2);

  merge(s, s.a, s.b);
  CHECK(unsent_count(s.ws, s.a) == 0);
  CHECK(unsent_count(s.ws, s.b) == 0);  // what B received from A is not B's to send
  const std::string st_b = s.ws.ok_on(s.b, {"status"});
  CHECK(status_field(st_b, "records") == "1 lesson_study, 2 observation, 2 person, 2 school");
  CHECK(std::regex_search(status_field(st_b, "peer"),
                          std::regex("^Fortismere / Ana Diaz \\(site " + site_a +
                                     "\\): last exchange \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$")));
  CHECK(contains(status_field(s.ws.ok_on(s.a, {"status"}), "peer"),
                 "Eleanor Palmer / Ben Lee (site "));

  const std::string obs = first_line(s.ws.ok_on(s.a, {"list", "observation"})).substr(0, 36);
  s.ws.ok_on(s.a, {"set", obs, "focus=Edited after the merge"});
  CHECK(unsent_count(s.ws, s.a) == 1);
  s.ws.ok_on(s.a, {"delete", obs});  // the same record again: still one
  CHECK(unsent_count(s.ws, s.a) == 1);
  CHECK(unsent_count(s.ws, s.b) == 0);
  merge(s, s.b, s.a);
  CHECK(unsent_count(s.ws, s.a) == 0);
  CHECK(unsent_count(s.ws, s.b) == 0);
}

TEST_CASE("without --db the store lives under XDG_DATA_HOME or HOME", "[cli][status]") {
  CliWorkspace ws;
  const std::string xdg_db = ws.file("triad/triad.db");
  const CliResult init = ws.run_raw({"init", "--school", kSchoolA});
  REQUIRE(init.exit_code == 0);
  CHECK(contains(init.out, "created a store for Fortismere / Fortismere device at " + xdg_db));
  CHECK(std::filesystem::exists(xdg_db));
  CHECK(status_field(ws.run_raw({"status"}).out, "store") == xdg_db);

  auto env = ws.env();
  env["XDG_DATA_HOME"] = "";
  const CliResult home = run_triad({"init", "--school", kSchoolB}, env);
  REQUIRE(home.exit_code == 0);
  CHECK(std::filesystem::exists(ws.file(".local/share/triad/triad.db")));
  CHECK(contains(run_triad({"status"}, env).out, "Eleanor Palmer / Eleanor Palmer device"));
}

TEST_CASE("merge refuses changes stamped far in the future and reports them",
          "[cli][merge][status]") {
  // A device whose date is ten years ahead wrote these records (MERGE_CASES 12).
  TwoSchools s;
  const std::string future = s.ws.file("future.db");
  {
    triad::core::StoreOptions options;
    options.wall = [] {
      return triad::core::system_wall_clock()() + 10ull * 365 * 24 * 3600 * 1000;
    };
    auto store = triad::core::Store::create(future, "Future School", "Fay Future", options);
    REQUIRE(store.is_ok());
    using Op = triad::core::FieldEdit::Op;
    REQUIRE((*store)->create_record("enquiry", {{"title", Op::kAssign, "FromTheFuture"}}).is_ok());
  }
  const std::string before = s.ws.export_json(s.a);
  const std::string out = s.ws.ok_on(s.a, {"merge", future});
  CHECK(std::regex_search(out,
                          std::regex("into this store: 3 records offered, 0 changed, 3 refused")));
  CHECK(s.ws.export_json(s.a) == before);  // nothing of the refused changes stored
  CHECK_FALSE(contains(s.ws.ok_on(s.a, {"list"}), "FromTheFuture"));

  // The device that made them keeps them and shows why they were refused.
  const std::string st = s.ws.ok_on(future, {"status"});
  CHECK(contains(st, "refused    "));
  CHECK(contains(st, "FromTheFuture"));
  CHECK(contains(st, "hours ahead of this device's clock"));
  const json kept = list_json(s.ws, future, "enquiry");
  REQUIRE(kept.size() == 1);
  CHECK(kept[0]["fields"]["title"] == "FromTheFuture");
  CHECK(contains(st, "refused    " + kept[0]["id"].get<std::string>() + " FromTheFuture by site "));
}

TEST_CASE("merge passes each teacher only the records they may see", "[cli][merge][sharing]") {
  TwoSchools s;
  merge(s, s.a, s.b);  // the schools and people are shared with the alliance
  const std::string journal = s.ws.add_on(s.a, "learning_log", {"title=Ana's private journal"});
  const std::string entry =
      s.ws.add_on(s.a, "log_entry", {"log=" + journal, "date=2014-03-21", "text=Private thoughts"});
  const std::string own =
      s.ws.add_on(s.a, "observation", {"observed_teacher=Ana Diaz", "focus=Only Ana"});
  const std::string school =
      s.ws.add_on(s.a, "observation", {"observed_teacher=Ana Diaz", "scope=school"});
  const std::string names_ben =
      s.ws.add_on(s.a, "observation", {"observed_teacher=Ben Lee", "focus=Ben's lesson"});
  const std::string enquiry = s.ws.add_on(s.a, "enquiry", {"title=Alliance enquiry"});
  merge(s, s.b, s.a);

  const json at_b = json::parse(s.ws.export_json(s.b));
  CHECK(has_id(at_b, names_ben));  // participants: Ben is named
  CHECK(has_id(at_b, enquiry));    // alliance
  for (const std::string& id : {journal, entry, own, school}) CHECK_FALSE(has_id(at_b, id));
  CHECK(json::parse(s.ws.export_json(s.a)).size() == at_b.size() + 4);

  s.ws.ok_on(s.a, {"set", journal, "scope=alliance"});  // widened: offered again, with its entry
  merge(s, s.a, s.b);
  const json widened = json::parse(s.ws.export_json(s.b));
  CHECK(has_id(widened, journal));
  CHECK(has_id(widened, entry));
  CHECK(contains(s.ws.ok_on(s.b, {"get", journal}), "Private thoughts"));
}
