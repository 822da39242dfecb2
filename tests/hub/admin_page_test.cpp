// The admin page (admin_pages.h) on a hub's store, through DashboardSite::handle as the HTTPS
// server calls it: who may use it, the anti-forgery token, enrolling a device whose join file a
// fresh device then syncs with, "did you mean" for a mistyped school, renaming a school without
// splitting it, merging two records of one person, and an erasure that reaches a device and leaves
// no byte of the record in its store file.
#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>
#include <regex>

#include "dashboard_site.h"
#include "join_file.h"
#include "process.h"
#include "sync_fixture.h"
#include "test_support.h"

using namespace triad;
using namespace triad::testing;
using dashboard::HttpRequest;
using dashboard::HttpResponse;

namespace {

// The hub's certificate for join files: a real one, as devices check it when they take the file.
const std::string kCa =
    client::certificates_in(read_file_bytes(TRIAD_FIXTURES_DIR "/hub-cert.pem"));

struct AdminHub {
  TempDir dir;
  Alliance alliance{dir.file("hub.db")};
  std::string admin_token, lead_token;
  std::unique_ptr<dashboard::DashboardSite> site;

  AdminHub() {
    // The site's own connection writes with the real clock; the devices' clocks agree with it, or
    // they would take its edits for a clock far ahead and hold them back.
    alliance.clock.set(static_cast<uint64_t>(std::time(nullptr)) * 1000);
    alliance.device("Fortismere School", "Ana Diaz");
    admin_token = enrol("Fortismere School", "Ada Admin", core::DeviceRole::kAdmin);
    lead_token = enrol("Fortismere School", "Lee Lead", core::DeviceRole::kLead);
    dashboard::SiteOptions o;
    o.join.hubs = {"hub.themead.org:7400", "backup.themead.org:7400"};
    o.join.ca_pem = kCa;
    auto opened = dashboard::DashboardSite::open(alliance.hub_location, o);
    INFO(opened.status().message());
    REQUIRE(opened);
    site = std::move(opened.value());
  }
  std::string enrol(const std::string& school, const std::string& person, core::DeviceRole role) {
    auto e = alliance.hub->enrol(school, person, role);
    REQUIRE(e);
    return e->token;
  }
  HttpResponse as(const std::string& token, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.authorization = token.empty() ? "" : "Bearer " + token;
    r.accept = "text/html";
    r.body = body;
    return site->handle(r);
  }
  HttpResponse post(const std::string& target, const std::string& body) {
    return as(admin_token, "POST", target, body);
  }
  core::RecordId school(const std::string& name) {
    auto found = alliance.hub->store().find_named("school", name);
    REQUIRE(found);
    REQUIRE(found->has_value());
    return **found;
  }
  core::RecordId person(const std::string& name, const std::string& school_name) {
    auto found = alliance.hub->store().find_named("person", name, school(school_name));
    REQUIRE(found);
    REQUIRE(found->has_value());
    return **found;
  }
};

// "a b&c" as a form value.
std::string encoded(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  const std::regex re(pattern);
  return std::regex_search(text, m, re) ? m[1].str() : std::string();
}

}  // namespace

TEST_CASE("the admin page opens to admins only", "[admin]") {
  AdminHub h;
  const HttpResponse page = h.as(h.admin_token, "GET", "/admin");
  CHECK(page.status == 200);
  CHECK(page.body.find("Hub admin: The Mead") != std::string::npos);
  CHECK(page.body.find("Ana Diaz") != std::string::npos);
  REQUIRE(page.header("Content-Security-Policy"));
  CHECK(page.header("Content-Security-Policy")->find("default-src 'none'") == 0);
  CHECK(page.body.find("<script") == std::string::npos);
  // A lead reads the reports but not the admin page; an admin reads both.
  CHECK(h.as(h.lead_token, "GET", "/admin").status == 403);
  CHECK(h.as(h.lead_token, "POST", "/admin/revoke", "token_id=x").status == 403);
  CHECK(h.as(h.admin_token, "GET", "/api/report.json").status == 200);
  auto device = h.alliance.device("Fortismere School", "Ben Lee");
  CHECK(h.as(device.token, "GET", "/admin").status == 403);
  // Nobody: a browser is sent to sign in; anything else is told how.
  const HttpResponse nobody = h.as("", "GET", "/admin");
  CHECK(nobody.status == 303);
  CHECK(*nobody.header("Location") == "/login");
  CHECK(h.as("", "POST", "/admin/revoke", "token_id=x").status == 401);
  // Methods: the page is read with GET, its forms post to their own paths.
  CHECK(h.as(h.admin_token, "POST", "/admin").status == 405);
  CHECK(h.as(h.admin_token, "GET", "/admin/revoke").status == 405);
  CHECK(h.as(h.admin_token, "GET", "/admin/nothing").status == 404);
}

TEST_CASE("a session's forms need its anti-forgery token", "[admin]") {
  AdminHub h;
  HttpRequest login;
  login.method = "POST";
  login.target = "/login";
  login.body = "token=" + encoded(h.admin_token);
  const HttpResponse signed_in = h.site->handle(login);
  REQUIRE(signed_in.status == 303);
  CHECK(*signed_in.header("Location") == "/admin");  // an admin lands on the admin page
  const std::string cookie =
      signed_in.header("Set-Cookie")->substr(0, signed_in.header("Set-Cookie")->find(';'));
  auto with_session = [&](const std::string& method, const std::string& target,
                          const std::string& body) {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.cookie = cookie;
    r.body = body;
    return h.site->handle(r);
  };
  const HttpResponse page = with_session("GET", "/admin", "");
  REQUIRE(page.status == 200);
  const std::string form_token =
      first_match(page.body, "name=\"form_token\" value=\"([0-9a-f]+)\"");
  REQUIRE(form_token.size() >= 32);
  auto ben = h.alliance.device("Fortismere School", "Ben Lee");
  const std::string ben_id = ben.token.substr(0, ben.token.find('.'));
  // Without the token, or with another, nothing is done: a page elsewhere cannot post this form.
  CHECK(with_session("POST", "/admin/revoke", "token_id=" + ben_id).status == 403);
  CHECK(with_session("POST", "/admin/revoke",
                     "token_id=" + ben_id + "&form_token=" + std::string(form_token.size(), '0'))
            .status == 403);
  CHECK(h.alliance.hub->authenticate(ben.token));
  const HttpResponse done =
      with_session("POST", "/admin/revoke", "token_id=" + ben_id + "&form_token=" + form_token);
  CHECK(done.status == 303);  // done: to the page, which says so once, so a reload does nothing
  CHECK(*done.header("Location") == "/admin");
  CHECK_FALSE(h.alliance.hub->authenticate(ben.token));
  const HttpResponse shown = with_session("GET", "/admin", "");
  CHECK(shown.body.find("that device can no longer sync") != std::string::npos);
  CHECK(with_session("GET", "/admin", "").body.find("that device can no longer sync") ==
        std::string::npos);
  // A session that ended meanwhile posts nothing.
  HttpRequest stale;
  stale.method = "POST";
  stale.target = "/admin/revoke";
  stale.cookie = "triad_session=" + std::string(64, 'a');
  stale.body = "token_id=" + ben_id + "&form_token=";
  CHECK(h.site->handle(stale).status == 401);
  // The admin's own token is not revoked from the page that it signs in.
  const std::string own = h.admin_token.substr(0, h.admin_token.find('.'));
  CHECK(with_session("POST", "/admin/revoke", "token_id=" + own + "&form_token=" + form_token)
            .status == 422);
}

TEST_CASE("a device enrolled on the page joins with its join file and syncs", "[admin]") {
  AdminHub h;
  const HttpResponse enrolled =
      h.post("/admin/enrol", "school=Fortismere+School&person=Zo%C3%AB+Kowalska");
  REQUIRE(enrolled.status == 200);
  CHECK(enrolled.body.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\"") !=
        std::string::npos);
  const std::string id = first_match(enrolled.body, "/admin/join-file\\?id=([0-9a-f]+)");
  REQUIRE_FALSE(id.empty());
  // The download is the admin's, once.
  CHECK(h.as(h.lead_token, "GET", "/admin/join-file?id=" + id).status == 403);
  const HttpResponse file = h.as(h.admin_token, "GET", "/admin/join-file?id=" + id);
  REQUIRE(file.status == 200);
  CHECK(file.header("Content-Disposition")->find("filename=\"zo-kowalska.join\"") !=
        std::string::npos);
  CHECK(h.as(h.admin_token, "GET", "/admin/join-file?id=" + id).status == 404);
  auto join = client::parse_join_file(file.body);
  INFO(join.status().message());
  REQUIRE(join);
  CHECK(join->person == "Zoë Kowalska");
  CHECK(join->hubs == std::vector<std::string>{"hub.themead.org:7400", "backup.themead.org:7400"});
  CHECK(join->ca_pem == kCa);
  // The token is in no page, only in the file (and the QR code's modules).
  CHECK(enrolled.body.find(join->token.substr(join->token.find('.') + 1)) == std::string::npos);
  // A fresh device with the file's token syncs, and gets the roster.
  auto store = core::Store::create(":memory:", join->school, join->person,
                                   options_with(h.alliance.clock, 700));
  REQUIRE(store);
  Device zoe{std::move(store.value()), join->token};
  h.alliance.sync(zoe);
  INFO(h.alliance.last_status.message());
  CHECK(h.alliance.last_status.is_ok());
  CHECK(zoe.store->find_named("person", "Ana Diaz", h.school("Fortismere School"))->has_value());
}

TEST_CASE("a mistyped school is caught with 'did you mean'", "[admin]") {
  AdminHub h;
  const HttpResponse typo = h.post("/admin/enrol", "school=fortismere+shcool&person=Ben+Lee");
  CHECK(typo.status == 422);
  CHECK(typo.body.find("No school is called &#39;fortismere shcool&#39;") != std::string::npos);
  CHECK(typo.body.find("did you mean: <strong>Fortismere School</strong>") != std::string::npos);
  CHECK(typo.body.find("value=\"Ben Lee\"") != std::string::npos);  // what was typed is kept
  CHECK(h.alliance.hub->store().list("school")->size() == 1);
  // Another capitalisation is the same school, not a typo.
  CHECK(h.post("/admin/enrol", "school=FORTISMERE+school&person=Ben+Lee").status == 200);
  CHECK(h.alliance.hub->store().list("school")->size() == 1);
  // A really new school, close to a known one, once the admin says so.
  CHECK(h.post("/admin/enrol", "school=Fortismere+Schools&person=Cy+Obi").status == 422);
  CHECK(h.post("/admin/enrol", "school=Fortismere+Schools&person=Cy+Obi&new_school=yes").status ==
        200);
  CHECK(h.alliance.hub->store().list("school")->size() == 2);
  // A name far from every school needs no confirmation.
  CHECK(h.post("/admin/enrol", "school=Highgate+Wood&person=Di+Wu").status == 200);
}

TEST_CASE("a renamed school stays one school for enrolments, devices and reports", "[admin]") {
  AdminHub h;
  auto ana = h.alliance.device("Fortismere School", "Ana Diaz");
  h.alliance.sync(ana);
  const core::RecordId school = h.school("Fortismere School");
  const HttpResponse renamed =
      h.post("/admin/rename-school", "school=" + school.to_string() + "&name=Fortismere+Academy");
  REQUIRE(renamed.status == 200);
  CHECK(renamed.body.find("&#39;Fortismere School&#39; is now called &#39;Fortismere "
                          "Academy&#39;") != std::string::npos);
  // Enrolling under the new name, or the old, finds the same school.
  for (const char* name : {"Fortismere Academy", "fortismere academy", "Fortismere School"}) {
    auto e = h.alliance.hub->enrol(name, "Ben Lee", core::DeviceRole::kDevice);
    REQUIRE(e);
    CHECK(e->device.school == school);
  }
  CHECK(h.alliance.hub->store().list("school")->size() == 1);
  auto devices = h.alliance.hub->devices().devices();
  REQUIRE(devices);
  for (const core::Device& d : *devices)  // the reports group devices by this name
    if (d.person_name == "Ana Diaz") CHECK(d.school_name == "Fortismere Academy");
  // The device learns the new name at its next sync.
  h.alliance.sync(ana);
  CHECK(ana.store->label(school) == "Fortismere Academy");
  // Two schools never share a name.
  h.alliance.device("Highgate Wood", "Di Wu");
  CHECK(h.post("/admin/rename-school",
               "school=" + h.school("Highgate Wood").to_string() + "&name=Fortismere+Academy")
            .status == 422);
  CHECK(h.post("/admin/rename-school", "school=" + school.to_string() + "&name=+").status == 422);
}

TEST_CASE("merging two records of one person re-points every record to the one kept", "[admin]") {
  AdminHub h;
  auto ana = h.alliance.device("Fortismere School", "Ana Diaz");
  const core::RecordId school = h.school("Fortismere School");
  // A device typed a colleague offline as "Jo Smith"; the roster has her as "Joanne Smith". Ana
  // observed her lesson, and they plan a lesson study together.
  auto jo = ana.store->create_record("person",
                                     {put("name", "Jo Smith"), put("school", school.to_string())});
  REQUIRE(jo);
  const std::string ana_id = ana.store->identity().person.to_string();
  auto observation =
      ana.store->create_record("observation", {put("observed_teacher", jo->to_string()),
                                               put("date", "2026-11-20"),
                                               {"observers", core::FieldEdit::Op::kAdd, ana_id},
                                               put("focus", "questioning")});
  INFO(observation.status().message());
  REQUIRE(observation);
  auto study = ana.store->create_record("lesson_study",
                                        {put("focus", "fractions"),
                                         {"members", core::FieldEdit::Op::kAdd, ana_id},
                                         {"members", core::FieldEdit::Op::kAdd, jo->to_string()}});
  INFO(study.status().message());
  REQUIRE(study);
  h.alliance.sync(ana);
  auto joanne = h.alliance.device("Fortismere School", "Joanne Smith");
  const core::RecordId keep = h.person("Joanne Smith", "Fortismere School");
  const std::string form = "keep=" + keep.to_string() + "&duplicate=" + jo->to_string();
  const HttpResponse merged = h.post("/admin/merge-people", form);
  INFO(merged.body.substr(merged.body.find("notice")).substr(0, 300));
  REQUIRE(merged.status == 200);
  CHECK(merged.body.find("Merged Jo Smith into Joanne Smith: 2 records now name Joanne Smith") !=
        std::string::npos);
  h.alliance.sync(ana);
  auto seen = ana.store->get(*observation);
  REQUIRE(seen);
  REQUIRE(seen->has_value());
  CHECK((*seen)->field("observed_teacher")->value() == keep.to_string());
  auto members = ana.store->get(*study);
  REQUIRE(members);
  REQUIRE(members->has_value());
  std::vector<std::string> expected{ana_id, keep.to_string()};
  std::sort(expected.begin(), expected.end());
  CHECK((*members)->field("members")->elements() == expected);
  CHECK_FALSE(holds(*ana.store, *jo));
  // A person with a device is re-enrolled before merging: its store records as that person.
  auto ben = h.alliance.device("Fortismere School", "Ben Lee");
  const HttpResponse refused =
      h.post("/admin/merge-people", "keep=" + keep.to_string() + "&duplicate=" +
                                        h.person("Ben Lee", "Fortismere School").to_string());
  CHECK(refused.status == 422);
  CHECK(refused.body.find("records on a device of their own") != std::string::npos);
  // Nor one who wrote records on a device since revoked: their author cannot change.
  h.alliance.sync(ben);  // the roster: Ben observes Ana
  auto ben_note = ben.store->create_record(
      "observation",
      {put("observed_teacher", ana.store->identity().person.to_string()),
       put("date", "2026-11-22"),
       {"observers", core::FieldEdit::Op::kAdd, ben.store->identity().person.to_string()}});
  INFO(ben_note.status().message());
  REQUIRE(ben_note);
  h.alliance.sync(ben);
  REQUIRE(h.alliance.hub->devices().revoke(ben.token.substr(0, ben.token.find('.'))));
  const HttpResponse wrote =
      h.post("/admin/merge-people", "keep=" + keep.to_string() + "&duplicate=" +
                                        h.person("Ben Lee", "Fortismere School").to_string());
  CHECK(wrote.status == 422);
  CHECK(wrote.body.find("Ben Lee wrote 1 record on a device of their own") != std::string::npos);
  CHECK(h.post("/admin/merge-people", "keep=" + keep.to_string() + "&duplicate=" + keep.to_string())
            .status == 422);
}

TEST_CASE("an erasure reaches the device and leaves no byte of the record in its store",
          "[admin]") {
  AdminHub h;
  auto enrolment = h.alliance.hub->enrol("Fortismere School", "Cy Obi", core::DeviceRole::kDevice);
  REQUIRE(enrolment);
  const std::string path = h.dir.file("cy.triad");
  const std::string marker = "ERASE-ME-4d1c-pupil-disclosure";
  core::RecordId record;
  {
    auto store = core::Store::create(path, "Fortismere School", "Cy Obi",
                                     options_with(h.alliance.clock, 800));
    REQUIRE(store);
    Device cy{std::move(store.value()), enrolment->token};
    h.alliance.sync(cy);  // the roster first: Ana is coached
    auto log = cy.store->create_record(
        "coaching_session",
        {put("coach", cy.store->identity().person.to_string()),
         put("coachee", h.person("Ana Diaz", "Fortismere School").to_string()),
         put("date", "2026-11-21"), put("focus", "a hard week"), put("notes", marker)},
        core::Scope::kAlliance);
    INFO(log.status().message());
    REQUIRE(log);
    record = *log;
    h.alliance.sync(cy);
    // First the admin is asked to confirm what will be erased.
    const HttpResponse asked = h.post("/admin/erase", "record=" + record.to_string().substr(0, 12));
    CHECK(asked.status == 200);
    CHECK(asked.body.find("This cannot be undone") != std::string::npos);
    CHECK(holds(h.alliance.hub->store(), record));
    const HttpResponse erased =
        h.post("/admin/erase", "record=" + record.to_string() + "&confirm=yes");
    CHECK(erased.status == 200);
    CHECK(erased.body.find("Erased Coaching session &#39;a hard week&#39;") != std::string::npos);
    CHECK_FALSE(holds(h.alliance.hub->store(), record));
    h.alliance.sync(cy);
    CHECK(h.alliance.last_status.is_ok());
    CHECK_FALSE(holds(*cy.store, record));
  }
  for (const std::string& file : {path, path + "-wal"})
    CHECK(read_file_bytes(file).find(marker) == std::string::npos);
  if (h.alliance.database == nullptr)  // the hub's store is a file here (not PostgreSQL)
    for (const std::string& file : {h.dir.file("hub.db"), h.dir.file("hub.db-wal")})
      CHECK(read_file_bytes(file).find(marker) == std::string::npos);
  // Twice is a clear error; the roster is not erased from here.
  CHECK(h.post("/admin/erase", "record=" + record.to_string() + "&confirm=yes").status == 422);
  for (const char* confirm : {"", "&confirm=yes"}) {
    const HttpResponse school =
        h.post("/admin/erase", "record=" + h.school("Fortismere School").to_string() + confirm);
    CHECK(school.status == 422);  // not even asked about
    CHECK(school.body.find("This cannot be undone") == std::string::npos);
  }
}

TEST_CASE("a device enrolled under a renamed school's new name records and syncs as that school",
          "[admin]") {
  AdminHub h;
  const core::RecordId school = h.school("Fortismere School");
  REQUIRE(
      h.post("/admin/rename-school", "school=" + school.to_string() + "&name=Fortismere+Academy")
          .status == 200);
  // Typed in other capitals: the join file carries the roster's name and ids.
  const HttpResponse enrolled = h.post("/admin/enrol", "school=FORTISMERE+academy&person=Nia+Obi");
  REQUIRE(enrolled.status == 200);
  const std::string id = first_match(enrolled.body, "/admin/join-file\\?id=([0-9a-f]+)");
  auto join = client::parse_join_file(h.as(h.admin_token, "GET", "/admin/join-file?id=" + id).body);
  REQUIRE(join);
  CHECK(join->school == "Fortismere Academy");
  CHECK(join->school_id == school.to_string());
  auto store = client::join_store(*join, h.dir.file("nia.db"));
  INFO(store.status().message());
  REQUIRE(store);
  CHECK((*store)->identity().school == school);
  Device nia{std::move(store.value()), join->token};
  h.alliance.sync(nia);  // the roster
  auto observation = nia.store->create_record(
      "observation",
      {put("observed_teacher", h.person("Ana Diaz", "Fortismere School").to_string()),
       put("date", "2026-11-23"),
       put("focus", "reading"),
       {"observers", core::FieldEdit::Op::kAdd, nia.store->identity().person.to_string()}});
  INFO(observation.status().message());
  REQUIRE(observation);
  h.alliance.sync(nia);
  CHECK(h.alliance.last_status.is_ok());
  // The hub took the device's work, and the school is still one school with its new name.
  CHECK(holds(h.alliance.hub->store(), *observation));
  CHECK(h.alliance.hub->store().list("school")->size() == 1);
  CHECK(h.alliance.hub->store().label(school) == "Fortismere Academy");
  CHECK(nia.store->label(school) == "Fortismere Academy");
}
