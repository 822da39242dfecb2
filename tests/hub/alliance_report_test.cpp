// The report's figures on alliances built in the test through the real session state machines:
// what is counted and where, what is never counted or shown, pupil figures under five withheld,
// stale schools, changes pending and refused per device.
#include "alliance_report.h"

#include <catch2/catch.hpp>

#include "report_formats.h"
#include "seeded_alliance.h"
#include "triad/core/export.h"

using namespace triad;
using namespace triad::testing;

namespace {

constexpr uint64_t kDay = 24ull * 3600 * 1000;

core::FieldEdit add(std::string f, std::string v) {
  return {std::move(f), core::FieldEdit::Op::kAdd, std::move(v)};
}

report::AllianceReport report_of(Alliance& a, int stale_days = 14) {
  auto r = report::compute_alliance_report(a.hub->store(), a.hub->devices(),
                                           {*a.clock.now_ms, stale_days});
  REQUIRE(r);
  return std::move(r.value());
}

const report::DeviceHealth& device(const report::AllianceReport& r, const std::string& person) {
  for (const auto& d : r.sync_health.devices)
    if (d.person == person) return d;
  FAIL("no device of " << person);
  throw;
}

const report::SchoolHealth& school(const report::AllianceReport& r, const std::string& name) {
  for (const auto& s : r.sync_health.schools)
    if (s.school == name) return s;
  FAIL("no school " << name);
  throw;
}

}  // namespace

TEST_CASE("activity counts alliance-scope records per school per half-term, by their own date",
          "[report]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  a.sync(ana), a.sync(ben);
  const auto observe = [&](const char* date, const char* scope) {
    REQUIRE(ana.store->create_record(
        "observation", {put("observed_teacher", "Ben Lee"), add("observers", "Ana Diaz"),
                        put("date", date), put("scope", scope)}));
  };
  observe("2013-10-31", "alliance");
  observe("2013-11-01", "alliance");
  observe("2013-11-20", "alliance");
  observe("2013-11-21", "participants");  // never counted
  observe("2013-11-22", "school");        // never counted
  // Where the lesson took place, when it is named.
  REQUIRE(ana.store->create_record(
      "observation", {put("observed_teacher", "Ben Lee"), add("observers", "Ana Diaz"),
                      put("school", core::RecordId::derive("school", "Woodroffe").to_string()),
                      put("date", "2014-03-01"), put("scope", "alliance")}));
  REQUIRE(ben.store->create_record("coaching_session",
                                   {put("coach", "Ben Lee"), put("coachee", "Ben Lee"),
                                    put("date", "2014-06-01"), put("scope", "alliance")}));
  auto shared_log = ben.store->create_record(
      "learning_log", {put("title", "Shared log"), put("scope", "alliance")});
  auto journal = ben.store->create_record("learning_log", {put("title", "Journal")});
  for (const auto& log : {shared_log, journal})
    REQUIRE(ben.store->create_record(
        "log_entry", {put("log", log->to_string()), put("date", "2014-06-02"), put("text", "x")}));
  REQUIRE(ben.store->create_record(
      "lesson_study", {add("members", "Ben Lee"), put("scope", "alliance")}));  // no date: created
  a.sync(ana), a.sync(ben);

  const report::Activity act = report_of(a).activity;
  CHECK(act.at("Fortismere", *report::half_term_of("2013-10-01")) ==
        report::ActivityCounts{1, 0, 0, 0});
  CHECK(act.at("Fortismere", *report::half_term_of("2013-12-01")) ==
        report::ActivityCounts{2, 0, 0, 0});
  CHECK(act.at("Woodroffe", *report::half_term_of("2014-03-01")) ==
        report::ActivityCounts{1, 0, 0, 0});
  CHECK(act.at("Woodroffe", *report::half_term_of("2014-07-01")) ==
        report::ActivityCounts{0, 1, 0, 1});
  CHECK(act.at("Woodroffe", report::half_term_of_ms(*a.clock.now_ms)).lesson_study_cycles == 1);
  int total = 0;
  for (const auto& [s, terms] : act.counts)
    for (const auto& [t, c] : terms) total += c.total();
  CHECK(total == 7);
}

TEST_CASE("records that are not alliance-scope are never counted or shown, even at the hub",
          "[report][privacy]") {
  Alliance a;
  SeededAlliance seeded = seed_alliance(a, 1'700'000'000'000ull);
  const report::AllianceReport r = report_of(a);
  std::string everything = report::report_json(r) + report::report_html(r);
  for (const auto& f : report::report_csv(r)) everything += f.content;
  for (const std::string& marker : kPrivateMarkers)
    CHECK(everything.find(marker) == std::string::npos);
  // The planted journal is at the hub, and alliance-scope figures exist: the check above means
  // something.
  CHECK(core::export_json(a.hub->store(), "learning_log").value().find(kPrivateMarkers[0]) !=
        std::string::npos);
  CHECK(everything.find("Does wait time deepen answers?") != std::string::npos);
}

TEST_CASE("pupil figures appear only as totals over at least five pupils", "[report][privacy]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  a.sync(ana);
  const auto enquiry = [&](const char* title) {
    return ana.store->create_record("enquiry", {put("title", title), put("scope", "alliance")})
        .value();
  };
  const auto study = [&](const core::RecordId& q, std::vector<std::string> pupils,
                         const char* scope) {
    core::FieldEdits edits{add("members", "Ana Diaz"), put("enquiry", q.to_string()),
                           put("scope", scope)};
    for (const std::string& code : pupils) edits.push_back(add("targeted_pupils", code));
    REQUIRE(ana.store->create_record("lesson_study", edits));
  };
  const auto four = enquiry("Four pupils"), five = enquiry("Five pupils");
  study(four, {"Y4-01", "Y4-02", "Y4-03"}, "alliance");
  study(four, {"Y4-03", "Y4-04"}, "alliance");
  study(four, {"Y4-05", "Y4-06"}, "participants");  // not counted, so still four
  study(five, {"Y4-01", "Y4-02", "Y4-03", "Y4-04", "Y4-05"}, "alliance");
  const auto evidence = [&](const core::RecordId& q, const char* kind, const char* figures) {
    REQUIRE(
        ana.store->create_record("evidence", {put("enquiry", q.to_string()), put("kind", kind),
                                              put("stage", "impact"), put("figures", figures)}));
  };
  evidence(four, "pupil-progress", "pupils=4; reading_age_gain=2.0");
  evidence(four, "pupil-progress", "reading_age_gain=3.0");  // does not say how many: withheld
  evidence(five, "pupil-progress", "pupils=5; reading_age_gain=1.5");
  evidence(five, "questionnaire", "confidence=3.5");
  a.sync(ana);
  const report::AllianceReport r = report_of(a);
  REQUIRE(r.enquiries.size() == 2);
  const report::EnquirySummary& e5 = r.enquiries[0];  // by title
  const report::EnquirySummary& e4 = r.enquiries[1];
  CHECK(e4.title == "Four pupils");
  CHECK_FALSE(e4.targeted_pupils);
  CHECK(e4.figures.empty());
  CHECK(e4.withheld_pupil_evidence == 2);
  CHECK(e5.targeted_pupils == 5);
  REQUIRE(e5.figures.size() == 2);
  CHECK(e5.figures[0].name == "confidence");
  CHECK(e5.figures[1].name == "reading_age_gain");
  CHECK(e5.figures[1].impact == Approx(1.5));
  const std::string json = report::enquiries_json(r);
  CHECK(json.find("\"targeted_pupils\": \"<5\"") != std::string::npos);
  CHECK(json.find("2.0") == std::string::npos);
  CHECK(report::report_html(r).find("&lt;5") != std::string::npos);
}

TEST_CASE("baseline against impact, and interventions running at once in each school", "[report]") {
  Alliance a;
  SeededAlliance seeded = seed_alliance(a, 1'700'000'000'000ull);
  const report::AllianceReport r = report_of(a);
  REQUIRE(r.enquiries.size() == 3);
  const report::EnquirySummary& wait_time = r.enquiries[0];  // by title
  const report::EnquirySummary& coaching = r.enquiries[1];
  CHECK(coaching.title == "Real-time coaching for early-career teachers");
  CHECK(wait_time.phase == "impact");
  CHECK(wait_time.targeted_pupils == 6);  // Y4-07 is in both lesson studies
  REQUIRE(wait_time.figures.size() == 2);
  CHECK(wait_time.figures[0].name == "confidence");
  CHECK(wait_time.figures[0].baseline == Approx(3.0));
  CHECK(wait_time.figures[0].impact == Approx(3.9));
  CHECK(wait_time.figures[0].baseline_records == 2);
  CHECK(wait_time.withheld_pupil_evidence == 1);
  // Thornden runs both the wait-time and the coaching enquiries' interventions; the times-tables
  // enquiry is only at baseline, so its intervention is not running yet.
  for (const report::SchoolInterventions& s : wait_time.concurrent)
    if (s.school == "Thornden")
      CHECK(s.interventions == std::vector<std::string>{"learning trios", "lesson study",
                                                        "peer-to-peer coaching",
                                                        "real-time coaching"});
  for (const report::SchoolInterventions& s : coaching.concurrent)
    if (s.school == "Eleanor Palmer Primary")
      CHECK(s.interventions ==
            std::vector<std::string>{"peer-to-peer coaching", "real-time coaching"});
}

TEST_CASE("sync health: last syncs, stale schools, changes pending for each device",
          "[report][health]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  Device ben = a.device("Woodroffe", "Ben Lee");
  REQUIRE(a.hub->enrol("Thornden", "Cara Wu", core::DeviceRole::kDevice));  // never syncs
  REQUIRE(a.hub->enrol("Fortismere", "Lee Lead", core::DeviceRole::kLead));
  a.sync(ana), a.sync(ben);
  const uint64_t ben_synced = *a.clock.now_ms;
  a.clock.advance(20 * kDay);
  auto q = ana.store->create_record("enquiry", {put("title", "Shared"), put("scope", "alliance")})
               .value();
  REQUIRE(ana.store->create_record(
      "observation", {put("observed_teacher", "Ana Diaz"), add("observers", "Ana Diaz")}));
  a.sync(ana);
  report::AllianceReport r = report_of(a);
  CHECK(r.sync_health.devices.size() == 3);  // the lead reads reports; it has no sync health
  CHECK(device(r, "Ben Lee").last_sync_ms == ben_synced);
  CHECK(device(r, "Ben Lee").app_version == sync::kAppVersion);
  CHECK(device(r, "Ben Lee").protocol == "1");
  CHECK(device(r, "Ben Lee").pending == 1);  // the enquiry; not Ana's participants-only observation
  CHECK(device(r, "Ana Diaz").pending == 0);  // her own changes are not owed back to her
  CHECK(device(r, "Cara Wu").pending > 0);    // the roster and the enquiry
  CHECK(device(r, "Cara Wu").last_sync_ms == 0);
  CHECK(school(r, "Woodroffe").stale);
  CHECK(school(r, "Thornden").stale);
  CHECK_FALSE(school(r, "Fortismere").stale);
  CHECK_FALSE(report_of(a, 30).sync_health.schools.at(2).stale);  // Woodroffe within 30 days
  a.sync(ben);
  r = report_of(a);
  CHECK(device(r, "Ben Lee").pending == 0);
  CHECK_FALSE(school(r, "Woodroffe").stale);
  CHECK(a.hub->store().get(q).value().has_value());
  // A lead reads which way the changes wait: down from the hub to devices (issue 17, item 7).
  const std::string html = report::report_html(r);
  CHECK(html.find("changes waiting to go down to devices") != std::string::npos);
  CHECK(html.find("changes pending") == std::string::npos);
  for (const report::ReportFile& f : report::report_csv(r))
    if (f.content.find("last_sync") != std::string::npos)
      CHECK(f.content.find("waiting_to_go_down") != std::string::npos);
}

TEST_CASE("the hub keeps what it refused of each device until it is accepted",
          "[report][health][sync]") {
  Alliance a;
  Device ana = a.device("Fortismere", "Ana Diaz");
  auto skew = std::make_shared<int64_t>(0);
  Device ben = a.device_dated("Woodroffe", "Ben Lee", skew);
  a.sync(ana), a.sync(ben);
  // Ben's date is a day and a half ahead: what he writes is refused until it is put right.
  *skew = 36 * 3600 * 1000;
  REQUIRE(ben.store->create_record("enquiry", {put("title", "Early"), put("scope", "alliance")}));
  CHECK(a.sync(ben).refused == 1);
  report::AllianceReport r = report_of(a);
  CHECK(device(r, "Ben Lee").refused == 1);
  CHECK(school(r, "Woodroffe").refused == 1);
  CHECK(device(r, "Ana Diaz").refused == 0);
  CHECK(a.sync(ben).refused == 1);  // offered again, still one refusal
  CHECK(device(report_of(a), "Ben Lee").refused == 1);
  *skew = 0;  // the date is put right: the edit is re-stamped and accepted
  CHECK(a.sync(ben).refused == 0);
  CHECK(device(report_of(a), "Ben Lee").refused == 0);
}
