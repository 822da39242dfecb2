// The figures a lead asks for first, on an alliance built in the test: activity across the current
// school year (all schools, per half-term), who took part at each school of how many known there,
// and the activity linked to each enquiry; the axis of every half-term with its gap of empty
// years; and the same figures in the JSON, CSV and HTML alike. Only alliance-scope records count.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "alliance_report.h"
#include "report_formats.h"
#include "sync_fixture.h"

using namespace triad;
using namespace triad::testing;

namespace {

core::FieldEdit add(std::string f, std::string v) {
  return {std::move(f), core::FieldEdit::Op::kAdd, std::move(v)};
}

const report::SchoolParticipation& at(const report::CurrentYear& y, const std::string& school) {
  for (const auto& p : y.participation)
    if (p.school == school) return p;
  FAIL("no participation of " << school);
  throw;
}

std::string csv_file(const report::AllianceReport& r, const std::string& name) {
  for (const report::ReportFile& f : report::report_csv(r))
    if (f.name == name) return f.content;
  FAIL("no " << name);
  throw;
}

constexpr uint64_t kNow = 1'794'300'000'000ull;  // 10 Nov 2026, 2026-27 Autumn 2

struct Built {
  Alliance a;
  report::AllianceReport r;
};

// Fortismere: Ana and Ben take part. Woodroffe: Cara takes part; Eve records only for the people
// named (never counted); Dan is enrolled and records nothing. One observation is from 2013-14.
std::unique_ptr<Built> build() {
  auto b = std::make_unique<Built>();
  Alliance& a = b->a;
  a.clock.set(kNow - 24ull * 3600 * 1000);
  Device ana = a.device("Fortismere", "Ana Diaz"), ben = a.device("Fortismere", "Ben Lee");
  Device cara = a.device("Woodroffe", "Cara Wu"), eve = a.device("Woodroffe", "Eve Shah");
  REQUIRE(a.hub->enrol("Woodroffe", "Dan Okafor", core::DeviceRole::kDevice));
  REQUIRE(a.hub->enrol("Fortismere", "Lee Lead", core::DeviceRole::kLead));
  for (Device* d : {&ana, &ben, &cara, &eve}) a.sync(*d);
  const auto observe = [](Device& d, const char* teacher, const char* date, const char* scope,
                          core::FieldEdits more = {}) {
    core::FieldEdits edits{put("observed_teacher", teacher), put("date", date),
                           put("scope", scope)};
    edits.insert(edits.end(), more.begin(), more.end());
    REQUIRE(d.store->create_record("observation", edits));
  };
  observe(ana, "Ben Lee", "2026-09-15", "alliance");
  observe(cara, "Cara Wu", "2013-10-01", "alliance");  // long ago: its year, then a gap
  observe(eve, "Dan Okafor", "2026-09-20", "participants");
  REQUIRE(eve.store->create_record("coaching_session",
                                   {put("coach", "Eve Shah"), put("coachee", "Dan Okafor"),
                                    put("date", "2026-11-02"), put("scope", "school")}));
  REQUIRE(cara.store->create_record("coaching_session",
                                    {put("coach", "Cara Wu"), put("coachee", "Cara Wu"),
                                     put("date", "2026-11-02"), put("scope", "alliance")}));
  const core::RecordId q =
      ana.store->create_record("enquiry", {put("title", "Wait time"), put("scope", "alliance")})
          .value();
  const core::RecordId study =
      ana.store
          ->create_record("lesson_study",
                          {add("members", "Ana Diaz"), put("enquiry", q.to_string()),
                           put("lesson_date", "2026-10-01"), put("scope", "alliance")})
          .value();
  observe(ana, "Ben Lee", "2026-10-02", "alliance", {put("lesson_study", study.to_string())});
  observe(ana, "Ben Lee", "2026-10-03", "participants", {put("enquiry", q.to_string())});
  const core::RecordId log =
      ana.store
          ->create_record("learning_log", {put("title", "Wait-time log"),
                                           put("enquiry", q.to_string()), put("scope", "alliance")})
          .value();
  for (const char* date : {"2026-11-03", "2026-11-04"})
    REQUIRE(ana.store->create_record(
        "log_entry", {put("log", log.to_string()), put("date", date), put("text", "x")}));
  REQUIRE(ana.store->create_record("enquiry_cycle",
                                   {put("enquiry", q.to_string()), put("number", "1")}));
  for (Device* d : {&ana, &ben, &cara, &eve}) a.sync(*d);
  auto r = report::compute_alliance_report(a.hub->store(), a.hub->devices(), {kNow, 14});
  REQUIRE(r);
  b->r = std::move(r.value());
  return b;
}

}  // namespace

TEST_CASE("the current school year: activity per half-term over all schools, and who took part",
          "[report][this-year]") {
  const auto b = build();
  const report::CurrentYear& y = b->r.activity.current_year;
  CHECK(y.label() == "2026-27");
  CHECK(y.current_index == 1);  // Autumn 2
  CHECK(y.per_half_term[0] == report::ActivityCounts{2, 0, 1, 0});
  CHECK(y.per_half_term[1] == report::ActivityCounts{0, 1, 0, 2});
  for (int i = 2; i < 6; ++i) CHECK(y.per_half_term[i].total() == 0);
  // Ana recorded, Ben was observed; Cara coached. Eve's records are not alliance-scope, so she
  // and Dan are known but did not take part. The lead has no person record.
  CHECK(at(y, "Fortismere").took_part == 2);
  CHECK(at(y, "Fortismere").known == 2);
  CHECK(at(y, "Woodroffe").took_part == 1);
  CHECK(at(y, "Woodroffe").known == 3);
}

TEST_CASE("the activity linked to each enquiry", "[report][this-year]") {
  const auto b = build();
  REQUIRE(b->r.enquiries.size() == 1);
  const report::EnquirySummary& q = b->r.enquiries[0];
  // The observation of its lesson study (not the participants-only one naming it), the lesson
  // study, the log's two entries, one cycle.
  CHECK(q.activity == report::ActivityCounts{1, 0, 1, 2});
  CHECK(q.enquiry_cycles == 1);
}

TEST_CASE("the activity axis runs through every half-term, empty years collapsed into one gap",
          "[report][this-year][axis]") {
  const auto b = build();
  const report::Activity& act = b->r.activity;
  std::vector<std::string> labels;
  for (const report::AxisSlot& s : act.axis) labels.push_back(s.label());
  CHECK(labels == std::vector<std::string>{"2013-14 Autumn 1", "2013-14 Autumn 2",
                                           "2013-14 Spring 1", "2013-14 Spring 2",
                                           "2013-14 Summer 1", "2013-14 Summer 2",
                                           "2014-15 \u2013 2025-26: no records", "2026-27 Autumn 1",
                                           "2026-27 Autumn 2"});
  // The CSV has every half-term of the axis for every school, empty ones as zeros, no gap rows.
  const std::string csv = csv_file(b->r, "activity.csv");
  CHECK(csv.find("Fortismere,2013-14 Spring 1,0,0,0,0\r\n") != std::string::npos);
  CHECK(csv.find("no records") == std::string::npos);
  // The page draws the gap and heads its column.
  const std::string html = report::report_html(b->r);
  CHECK(html.find("<rect class=\"gap\"") != std::string::npos);
  CHECK(html.find("colspan=\"4\">2014-15 \u2013 2025-26: no records</td>") != std::string::npos);
}

TEST_CASE("the new figures are in the JSON, the CSV files and the page alike",
          "[report][this-year]") {
  const auto b = build();
  const auto json = nlohmann::json::parse(report::report_json(b->r));
  const auto& year = json["activity"]["current_year"];
  CHECK(year["school_year"] == "2026-27");
  CHECK(year["current_half_term"] == "2026-27 Autumn 2");
  CHECK(year["per_half_term"][0]["observations"] == 2);
  CHECK(year["per_half_term"][2]["still_to_come"] == true);
  CHECK(year["participation"][0] ==
        nlohmann::json({{"school", "Fortismere"}, {"took_part", 2}, {"known", 2}}));
  CHECK(json["activity"]["axis"][6]["gap"] == "2014-15 \u2013 2025-26");
  CHECK(json["activity"]["axis"][6]["years"] == 12);
  CHECK(json["enquiries"][0]["activity"]["log_entries"] == 2);
  CHECK(json["enquiries"][0]["enquiry_cycles"] == 1);

  CHECK(csv_file(b->r, "this-year.csv")
            .find("2026-27 Autumn 1,2,0,1,0,no\r\n2026-27 Autumn 2,0,1,0,2,no\r\n2026-27 Spring "
                  "1,0,0,0,0,yes") != std::string::npos);
  CHECK(csv_file(b->r, "participation.csv") ==
        "school_year,school,teachers_took_part,teachers_known\r\n2026-27,Fortismere,2,2\r\n"
        "2026-27,Woodroffe,1,3\r\n");
  CHECK(csv_file(b->r, "enquiries.csv").find(",1,1,2,1\r\n") != std::string::npos);

  const std::string html = report::report_html(b->r);
  CHECK(html.find("<h3>Activity across 2026-27, per half-term</h3>") != std::string::npos);
  CHECK(html.find("<h3>Teachers taking part in 2026-27, per school</h3>") != std::string::npos);
  CHECK(html.find("<h3>Activity per enquiry</h3>") != std::string::npos);
  CHECK(html.find("3 of 5") != std::string::npos);  // the tile: took part, of known
  // Every chart is inside a figure, after that figure's own heading.
  size_t at = 0, charts = 0;
  while ((at = html.find("<svg class=\"chart\"", at)) != std::string::npos) {
    const size_t figure = html.rfind("<figure", at), closed = html.rfind("</figure>", at);
    CHECK(figure != std::string::npos);
    CHECK((closed == std::string::npos || closed < figure));
    CHECK(html.find("<h3>", figure) < at);
    ++at, ++charts;
  }
  CHECK(charts >= 2 * 7);  // each drawn wide and narrow
}
