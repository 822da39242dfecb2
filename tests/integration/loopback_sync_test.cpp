// Three schools' devices and a real `triad-hub serve` over TLS on 127.0.0.1: every sharing scope
// travels as DOMAIN.md says, concurrent edits of one shared record converge, and after two rounds
// of syncs the alliance-wide records export byte-identically everywhere.
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "hub_process.h"
#include "triad/core/store.h"

using namespace triad::integration;

namespace {

// Everyone syncs, in a fixed order, `rounds` times.
void sync_all(std::initializer_list<const Device*> devices, int rounds) {
  for (int i = 0; i < rounds; ++i)
    for (const Device* d : devices) d->sync_ok();
}

bool holds(const Device& d, const std::string& id) {
  const ProcessResult r = d.run({"get", id, "--json"});
  if (r.exit_code == kExitOk) return true;
  INFO("triad get " << id << " on " << d.school() << ": exit " << r.exit_code << ", " << r.err);
  CHECK(r.exit_code == kExitBadInput);  // not found, said plainly
  CHECK_FALSE(r.err.empty());
  return false;
}

std::string json_of(const Device& d, const std::string& id) { return d.ok({"get", id, "--json"}); }

// Holds for exactly the devices in `expected`, with the same state on each of them.
void reaches_exactly(const std::string& what, const std::string& id,
                     std::initializer_list<const Device*> all,
                     std::initializer_list<const Device*> expected) {
  std::string first_json;
  for (const Device* d : all) {
    const bool should = std::find(expected.begin(), expected.end(), d) != expected.end();
    INFO(what << " " << id << " on " << d->school() << " / " << d->person());
    REQUIRE(holds(*d, id) == should);
    if (!should) {
      CHECK_FALSE(contains(d->export_json(), id));
      continue;
    }
    const std::string json = json_of(*d, id);
    if (first_json.empty()) first_json = json;
    CHECK(json == first_json);
  }
}

}  // namespace

TEST_CASE("three schools sync through a TLS hub and converge", "[integration][sync]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Woodroffe", "Ben Lee");
  Device cara(hub, "Highgate", "Cara Wu");
  hub.start();
  sync_all({&ana, &ben, &cara}, 1);  // each learns the alliance's roster of schools and people

  // Alliance-wide enquiries, with evidence and cycles (child records), from every school.
  const std::string wait_time = ana.add(
      "enquiry", {"title=Wait time", "theme=pedagogy", "research_question=Does wait time help?"});
  ana.add("evidence", {"enquiry=" + wait_time, "kind=questionnaire", "stage=baseline",
                       "summary=Confidence 3.1"});
  const std::string tps =
      ben.add("enquiry", {"title=Think-pair-share", "theme=pedagogy", "lead=Ben Lee"});
  ben.add("enquiry_cycle",
          {"enquiry=" + tps, "number=1", "intervention=Pairs", "decision=continue"});
  cara.add("enquiry", {"title=Retrieval practice", "theme=professional-development",
                       "schools=Highgate,Fortismere"});

  // Participants-scope records across schools.
  const std::string obs =
      ana.add("observation", {"observed_teacher=Ben Lee", "observers=Ana Diaz", "focus=Questioning",
                              "date=2014-03-21", "notes=Wait time of 3-5 s."});
  const std::string coaching =
      ben.add("coaching_session", {"coach=Ben Lee", "coachee=Cara Wu", "mode=in-class",
                                   "focus=Modelling", "notes=Started with a worked example."});
  const std::string note = ben.add(
      "coaching_note", {"session=" + coaching, "date=2014-03-22", "text=Follow-up agreed."});
  const std::string study =
      ana.add("lesson_study", {"members=Ana Diaz,Ben Lee", "focus=Questioning",
                               "joint_plan=Plan v1", "review=First draft of the review."});
  // School-scope: only Highgate's staff (Cara alone here) and the people it names.
  const std::string walk = cara.add(
      "observation",
      {"observed_teacher=Cara Wu", "purpose=learning-walk", "focus=Learning walk", "scope=school"});
  // Private learning logs with entries, one per teacher.
  std::vector<std::string> logs;
  for (const Device* d : {&ana, &ben, &cara}) {
    logs.push_back(
        d->add("learning_log", {"title=Journal of " + d->person(), "kind=reflective-journal"}));
    d->add("log_entry",
           {"log=" + logs.back(), "date=2014-03-21", "text=Private thoughts of " + d->person()});
  }
  sync_all({&ana, &ben, &cara}, 1);

  // Ana and Ben edit the shared lesson study at the same time, offline, at two schools.
  REQUIRE(holds(ben, study));
  ana.ok({"set", study, "review=Pupils waited longer; Y4-07 answered twice.",
          "targeted_pupils+=Y4-07"});
  ben.ok({"set", study, "review=Think-pair-share worked; Y4-12 explained.",
          "targeted_pupils+=Y4-12", "members+=Cara Wu"});
  sync_all({&ana, &ben, &cara}, 2);

  {  // alliance-scope records export byte-identically on every device and the hub
    INFO("alliance-scope records export byte-identically on every device and the hub");
    for (const char* type : {"enquiry", "evidence", "enquiry_cycle", "school", "person"}) {
      INFO("type " << type);
      const std::string expected = ana.export_json(type);
      CHECK(ben.export_json(type) == expected);
      CHECK(cara.export_json(type) == expected);
      CHECK(hub.export_json(type) == expected);
    }
    const std::string enquiries = cara.export_json("enquiry");
    for (const char* title : {"Wait time", "Think-pair-share", "Retrieval practice"})
      CHECK(contains(enquiries, title));
    for (const char* type : {"evidence", "enquiry_cycle"})
      CHECK(contains(cara.export_json(type), "\"id\""));
    CHECK(contains(ana.export_json("person"), "Cara Wu"));
    CHECK(contains(ana.export_json("school"), "Highgate"));
  }

  {  // participants records reach exactly the people they name
    INFO("participants records reach exactly the people they name");
    reaches_exactly("observation of Ben by Ana", obs, {&ana, &ben, &cara}, {&ana, &ben});
    reaches_exactly("coaching of Cara by Ben", coaching, {&ana, &ben, &cara}, {&ben, &cara});
    reaches_exactly("note of that coaching", note, {&ana, &ben, &cara}, {&ben, &cara});
    reaches_exactly("Highgate's learning walk", walk, {&ana, &ben, &cara}, {&cara});
    // Ben added Cara as a member: from then on she receives the lesson study too.
    reaches_exactly("lesson study", study, {&ana, &ben, &cara}, {&ana, &ben, &cara});
  }

  {  // the concurrent edits of the lesson study both survive, identically everywhere
    INFO("the concurrent edits of the lesson study both survive, identically everywhere");
    const std::string json = json_of(ana, study);
    CHECK(json == json_of(ben, study));
    CHECK(json == json_of(cara, study));
    CHECK(contains(json, "Y4-07"));
    CHECK(contains(json, "Y4-12"));
    // The two rewrites of the review merge: both kept whole, neither a conflict.
    CHECK(contains(json, "Pupils waited longer; Y4-07 answered twice"));
    CHECK(contains(json, "Think-pair-share worked; Y4-12 explained"));
    CHECK(ana.ok({"conflicts"}) == "no conflicts\n");
    CHECK(ben.ok({"conflicts"}) == "no conflicts\n");
  }

  {  // each private learning log stays with its author
    INFO("each private learning log stays with its author");
    const Device* devices[] = {&ana, &ben, &cara};
    for (size_t i = 0; i < 3; ++i)
      for (size_t j = 0; j < 3; ++j) {
        INFO("log of device " << i << " on device " << j);
        CHECK(holds(*devices[j], logs[i]) == (i == j));
      }
    CHECK(hub.record_count("learning_log") == 0);
    CHECK(hub.record_count("log_entry") == 0);
  }

  {  // a further round changes nothing
    INFO("a further round changes nothing");
    const std::string before = ana.export_json();
    for (const Device* d : {&ana, &ben, &cara}) {
      const ProcessResult r = d->sync();
      REQUIRE(r.exit_code == kExitOk);
      CHECK(contains(r.out, "(0 changed here)"));
    }
    CHECK(ana.export_json() == before);
  }
}

// Sharing rule: a child record (a coaching note) names the people of its parent. So when Cara
// becomes the coachee of a session, its notes are hers to see, on every device of hers.
TEST_CASE("a coaching note reaches a person who becomes a participant of its session later",
          "[integration][sync]") {
  HubProcess hub;
  Device ben(hub, "Woodroffe", "Ben Lee");
  Device cara(hub, "Highgate", "Cara Wu");
  hub.start();
  sync_all({&ben, &cara}, 1);
  const std::string session =
      ben.add("coaching_session", {"coach=Ben Lee", "coachee=Ben Lee", "focus=Modelling"});
  const std::string note =
      ben.add("coaching_note", {"session=" + session, "date=2014-03-22", "text=Follow-up agreed."});
  sync_all({&ben, &cara}, 1);
  REQUIRE_FALSE(holds(cara, session));  // not hers yet

  ben.ok({"set", session, "coachee=Cara Wu"});
  sync_all({&ben, &cara}, 2);
  REQUIRE(holds(cara, session));
  // A device of Cara's enrolled only now receives the note with the session...
  Device cara_tablet(hub, "Highgate", "Cara Wu");
  cara_tablet.sync_ok();
  CHECK(holds(cara_tablet, note));
  // ...and so must the device she had all along.
  CHECK(holds(cara, note));
  CHECK(cara.export_json("coaching_note") == cara_tablet.export_json("coaching_note"));
  CHECK(cara.export_json("coaching_note") == ben.export_json("coaching_note"));
}

TEST_CASE("devices syncing at the same moment all converge", "[integration][sync]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Woodroffe", "Ben Lee");
  Device cara(hub, "Highgate", "Cara Wu");
  hub.start();
  constexpr int kEach = 400;
  for (const Device* d :
       {&ana, &ben, &cara}) {  // in-process: hundreds of `triad add` would be slow
    triad::core::StoreOptions o;
    o.synchronous_full = false;
    auto store = triad::core::Store::open(d->db(), o);
    REQUIRE(store);
    for (int i = 0; i < kEach; ++i)
      REQUIRE(
          (*store)->create_record("enquiry", {{"title", triad::core::FieldEdit::Op::kAssign,
                                               d->school() + " enquiry " + std::to_string(i)}}));
  }
  {
    const std::string home = hub.dir().path().string();
    std::vector<std::unique_ptr<ChildProcess>> syncs;
    for (const Device* d : {&ana, &ben, &cara})
      syncs.push_back(std::make_unique<ChildProcess>(
          TRIAD_CLI_PATH, d->sync_args(), triad_env(home), hub.dir().file("concurrent-sync.log")));
    for (auto& s : syncs) {
      const std::optional<int> status = s->wait_for(20s);
      INFO(read_file_bytes(hub.dir().file("concurrent-sync.log")));
      REQUIRE(status);
      CHECK(WIFEXITED(*status));
      CHECK(WEXITSTATUS(*status) == kExitOk);
    }
  }
  CHECK(hub.record_count("enquiry") == 3 * kEach);
  sync_all({&ana, &ben, &cara}, 1);  // each picks up what the others pushed meanwhile
  const std::string expected = hub.export_json("enquiry");
  for (const Device* d : {&ana, &ben, &cara}) CHECK(d->export_json("enquiry") == expected);
}
