#include "seeded_alliance.h"

#include <ctime>
#include <random>

namespace triad::testing {

namespace {

constexpr uint64_t kDay = 24ull * 3600 * 1000;

std::string date_text(uint64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

struct Teacher {
  std::string school, person, colleague;
};

const std::vector<Teacher> kTeachers{
    {"Fortismere", "Ana Diaz", "Ben Lee"},
    {"Fortismere", "Ben Lee", "Ana Diaz"},
    {"Woodroffe", "Cara Wu", "Dan Okafor"},
    {"Woodroffe", "Dan Okafor", "Cara Wu"},
    {"Thornden", "Eve Shah", "Finn Roy"},
    {"Thornden", "Finn Roy", "Eve Shah"},
    {"Eleanor Palmer Primary", "Gita Rao", "Hal Moss"},
    {"Eleanor Palmer Primary", "Hal Moss", "Gita Rao"},
    {"Brooklands Farm Primary", "Ida Berg", "Jon Pike"},
    {"Brooklands Farm Primary", "Jon Pike", "Ida Berg"},
};
const char* kFoci[] = {"Questioning",
                       "Collaborative learning",
                       "Differentiation",
                       "Low-level disruption",
                       "Times tables and mental maths",
                       "Language for learning",
                       "Growth mindset in mathematics"};

core::FieldEdit add(std::string f, std::string v) {
  return {std::move(f), core::FieldEdit::Op::kAdd, std::move(v)};
}

void record_term(Device& d, const Teacher& t, uint64_t now, std::mt19937& rng) {
  const auto when = [&](int max_days) { return date_text(now - (rng() % max_days) * kDay); };
  const auto focus = [&] { return std::string(kFoci[rng() % std::size(kFoci)]); };
  const std::string scope = "alliance";
  for (int i = 0, n = 3 + rng() % 6; i < n; ++i)
    REQUIRE(d.store->create_record(
        "observation", {put("observed_teacher", t.colleague), add("observers", t.person),
                        put("date", when(300)), put("focus", focus()), put("purpose", "peer"),
                        put("notes", "Wait time after open questions."), put("scope", scope)}));
  for (int i = 0, n = 2 + rng() % 5; i < n; ++i)
    REQUIRE(d.store->create_record(
        "coaching_session",
        {put("coach", t.person), put("coachee", t.colleague), put("mode", "in-class"),
         put("date", when(300)), put("focus", focus()), put("scope", scope)}));
  auto log = d.store->create_record(
      "learning_log",
      {put("title", "Evidence log"), put("kind", "evidence-log"), put("scope", scope)});
  REQUIRE(log);
  for (int i = 0, n = 1 + rng() % 6; i < n; ++i)
    REQUIRE(
        d.store->create_record("log_entry", {put("log", log->to_string()), put("date", when(300)),
                                             put("text", "What the pupils said today.")}));
}

}  // namespace

SeededAlliance seed_alliance(Alliance& a, uint64_t now_ms) {
  std::mt19937 rng(8);
  a.clock.set(now_ms - 40 * kDay);
  SeededAlliance out;
  out.lead_token = a.hub->enrol("Fortismere", "Lee Lead", core::DeviceRole::kLead).value().token;
  out.hub_token = a.hub->enrol("Camden Primary Partnership", "Regional hub", core::DeviceRole::kHub)
                      .value()
                      .token;
  REQUIRE(a.hub->enrol("Etonbury Academy", "Kim Hart", core::DeviceRole::kDevice));  // never syncs
  std::vector<Device> devices;
  for (const Teacher& t : kTeachers) devices.push_back(a.device(t.school, t.person));
  out.device_token = devices[0].token;
  for (Device& d : devices) a.sync(d);  // the roster
  for (size_t i = 0; i < devices.size(); ++i) record_term(devices[i], kTeachers[i], now_ms, rng);

  Device& ana = devices[0];
  auto wait_time = ana.store->create_record(
      "enquiry", {put("title", "Does wait time deepen answers?"), put("theme", "pedagogy"),
                  put("phase", "impact"), add("interventions", "lesson study"),
                  add("interventions", "learning trios"),
                  add("schools", core::RecordId::derive("school", "Fortismere").to_string()),
                  add("schools", core::RecordId::derive("school", "Woodroffe").to_string()),
                  add("schools", core::RecordId::derive("school", "Thornden").to_string()),
                  put("scope", "alliance")});
  Device& eve = devices[4];
  auto coaching = eve.store->create_record(
      "enquiry",
      {put("title", "Real-time coaching for early-career teachers"),
       put("theme", "professional-development"), put("phase", "innovation"),
       add("interventions", "real-time coaching"), add("interventions", "peer-to-peer coaching"),
       add("schools", core::RecordId::derive("school", "Thornden").to_string()),
       add("schools", core::RecordId::derive("school", "Eleanor Palmer Primary").to_string()),
       put("scope", "alliance")});
  Device& ida = devices[8];
  auto tables = ida.store->create_record(
      "enquiry",
      {put("title", "Times tables and mental maths"), put("theme", "pedagogy"),
       put("phase", "baseline"), add("interventions", "Spiral Learning Journey"),
       add("schools", core::RecordId::derive("school", "Brooklands Farm Primary").to_string()),
       add("schools", core::RecordId::derive("school", "Eleanor Palmer Primary").to_string()),
       put("scope", "alliance")});
  REQUIRE((wait_time && coaching && tables));
  const auto evidence = [&](Device& d, const core::RecordId& q, const char* kind, const char* stage,
                            const char* figures) {
    REQUIRE(d.store->create_record(
        "evidence", {put("enquiry", q.to_string()), put("kind", kind), put("stage", stage),
                     put("date", date_text(now_ms - 30 * kDay)), put("figures", figures),
                     put("summary", "Questionnaire of the teachers taking part.")}));
  };
  evidence(ana, *wait_time, "questionnaire", "baseline", "confidence=2.9; engagement=3.2");
  evidence(ana, *wait_time, "questionnaire", "baseline", "confidence=3.1; engagement=3.0");
  evidence(ana, *wait_time, "questionnaire", "impact", "confidence=3.9; engagement=3.8");
  evidence(ana, *wait_time, "pupil-progress", "impact",
           "pupils=3; reading_age_gain=1.4");  // too few pupils: withheld
  evidence(eve, *coaching, "survey", "baseline", "confidence=2.4; wellbeing=3.0");
  evidence(eve, *coaching, "survey", "impact", "confidence=3.3; wellbeing=3.4");
  evidence(ida, *tables, "pupil-progress", "baseline", "pupils=28; recall_score=41");
  // Lesson studies of the wait-time enquiry: six pupils at Fortismere are targeted in all. Each
  // has its research lesson observed, and makes a cycle of the enquiry.
  int cycle = 0;
  for (const auto& pupils : {std::vector<std::string>{"Y4-07", "Y4-12", "Y4-15"},
                             {"Y5-02", "Y5-09", "Y5-11", "Y4-07"}}) {
    core::FieldEdits study{add("members", "Ana Diaz"),
                           add("members", "Ben Lee"),
                           put("enquiry", wait_time->to_string()),
                           put("focus", "Questioning"),
                           put("lesson_date", date_text(now_ms - 20 * kDay)),
                           put("scope", "alliance")};
    for (const std::string& code : pupils) study.push_back(add("targeted_pupils", code));
    auto s = ana.store->create_record("lesson_study", study);
    REQUIRE(s);
    REQUIRE(ana.store->create_record(
        "observation", {put("observed_teacher", "Ben Lee"), add("observers", "Ana Diaz"),
                        put("lesson_study", s->to_string()), put("purpose", "lesson-study"),
                        put("date", date_text(now_ms - 20 * kDay)), put("focus", "Questioning"),
                        put("scope", "alliance")}));
    REQUIRE(ana.store->create_record(
        "enquiry_cycle",
        {put("enquiry", wait_time->to_string()), put("number", std::to_string(++cycle)),
         put("intervention", "lesson study"), put("decision", "continue")}));
  }
  // The coaching enquiry's field notes: a learning log shared with the alliance.
  auto notes = eve.store->create_record(
      "learning_log", {put("title", "Coaching field notes"), put("kind", "field-notes"),
                       put("enquiry", coaching->to_string()), put("scope", "alliance")});
  REQUIRE(notes);
  for (int i = 0; i < 4; ++i)
    REQUIRE(eve.store->create_record(
        "log_entry", {put("log", notes->to_string()), put("date", date_text(now_ms - i * 9 * kDay)),
                      put("text", "What the coachee tried next.")}));
  // Fortismere and Woodroffe were in an alliance of 2013-14 too: its records came with them, then
  // nothing until this alliance began (the axis draws the years between as one gap).
  for (const char* date : {"2013-10-08", "2014-01-22", "2014-03-12", "2014-06-18"})
    REQUIRE(ana.store->create_record(
        "observation", {put("observed_teacher", "Ben Lee"), add("observers", "Ana Diaz"),
                        put("date", date), put("focus", "Questioning"), put("scope", "alliance")}));
  for (const char* date : {"2014-02-03", "2014-05-14"})
    REQUIRE(devices[2].store->create_record("coaching_session",
                                            {put("coach", "Cara Wu"), put("coachee", "Dan Okafor"),
                                             put("date", date), put("scope", "alliance")}));

  // What must never show.
  auto journal =
      devices[1].store->create_record("learning_log", {put("title", kPrivateMarkers[0])});
  REQUIRE(journal);
  REQUIRE(
      a.hub->store()
          .apply({devices[1].store->get(*journal).value().value()}, 999, "planted", std::nullopt)
          .is_ok());
  REQUIRE(ana.store->create_record(
      "observation", {put("observed_teacher", "Ben Lee"), add("observers", "Ana Diaz"),
                      put("date", date_text(now_ms)), put("focus", kPrivateMarkers[1]),
                      put("notes", kPrivateMarkers[1])}));
  REQUIRE(devices[2].store->create_record(
      "coaching_session",
      {put("coach", "Cara Wu"), put("coachee", "Dan Okafor"), put("date", date_text(now_ms)),
       put("focus", kPrivateMarkers[2]), put("scope", "school")}));

  // Woodroffe goes quiet 20 days ago; everyone else syncs today, twice round.
  a.clock.set(now_ms - 20 * kDay);
  for (int i : {2, 3}) a.sync(devices[i]);
  a.clock.set(now_ms - 3600 * 1000);
  for (int round = 0; round < 2; ++round)
    for (size_t i = 0; i < devices.size(); ++i)
      if (i != 2 && i != 3) a.sync(devices[i]);
  return out;
}

}  // namespace triad::testing
