#include "admin_pages.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "join_file.h"
#include "qr_text.h"
#include "svg_chart.h"
#include "triad/core/schema.h"
#include "triad/hub/roster_admin.h"
#include "triad/sync/token.h"

namespace triad::dashboard {

namespace {

using report::xml_escape;

std::string trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

// "ana-diaz.join": letters and digits of the person's name, the rest as dashes.
std::string join_file_name(const std::string& person) {
  std::string out;
  for (char c : person) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return (out.empty() ? "device" : out) + ".join";
}

void say(AdminView& view, const std::string& section, const std::string& message, bool error) {
  view.notice = {section, message, error};
}

std::optional<core::RecordId> record_id(const std::string& form, const char* field) {
  return core::RecordId::parse(trimmed(form_value(form, field)));
}

}  // namespace

HttpResponse AdminPages::handle(const HttpRequest& request, const std::string& path,
                                const std::string& query, const core::Device& admin,
                                const std::string& form_token, bool by_session) {
  acting_ = admin.person_name + " (token id " + admin.token_id + ")";
  form_token_ = form_token;
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(joins_, [&](const auto& j) { return j.second.expires <= now; });
  if (path == "/admin/join-file")  // GET only: a HEAD would use the one download up unseen
    return request.method == "GET" ? join_download(query, admin) : text(405, "use GET");
  static const std::vector<std::string> kActions{"/admin/enrol", "/admin/revoke",
                                                 "/admin/rename-school", "/admin/merge-people",
                                                 "/admin/erase"};
  const bool action = std::find(kActions.begin(), kActions.end(), path) != kActions.end();
  if (path != "/admin" && !action) return text(404, "no such page");
  if (path == "/admin") {
    if (request.method == "GET" || request.method == "HEAD") {
      // What the last form did, once: after its POST the browser was sent here (303).
      AdminView view;
      if (auto it = done_.find(form_token); by_session && it != done_.end()) {
        view.notice = std::move(it->second.notice);
        view.enrolled_html = std::move(it->second.enrolled_html);
        done_.erase(it);
      }
      return page(std::move(view), admin);
    }
    HttpResponse r = text(405, "use GET: the forms post to /admin/...");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (request.method != "POST") {
    HttpResponse r = text(405, "use POST: this is a form's action");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  const std::string& form = request.body;
  // A browser's request (by its session's cookie) must carry the form's token: a page elsewhere
  // cannot read it. A Bearer request is no browser's doing.
  if (by_session &&
      (form_token.empty() || !same_secret(form_value(form, "form_token"), form_token)))
    return text(403,
                "this form did not come from this admin page (its anti-forgery token is missing "
                "or old): reload the page and try again");
  AdminView view;
  if (path == "/admin/enrol") enrol(form, view, admin);
  if (path == "/admin/revoke") {
    if (trimmed(form_value(form, "token_id")) == admin.token_id)
      say(view, "devices",
          "That is the token you are signed in with: revoke it from the hub's command line "
          "(triad-hub revoke), once another admin is enrolled.",
          true);
    else
      revoke(form, view);
  }
  if (path == "/admin/rename-school") rename(form, view);
  if (path == "/admin/merge-people") merge(form, view);
  if (path == "/admin/erase") erase(form, view);
  // A refusal, or the question before an erasure, is the page itself, the values typed kept. What
  // was done is shown on the page the browser is sent to, so reloading it does nothing twice.
  if (view.notice.error || !view.erase_question.empty() || !by_session) {
    const int status = view.notice.error ? 422 : 200;  // read before `view` is moved
    return page(std::move(view), admin, status);
  }
  done_[form_token] = {std::move(view.notice), std::move(view.enrolled_html)};
  return redirect("/admin");
}

HttpResponse AdminPages::page(AdminView view, const core::Device& admin, int status) {
  view.alliance = hub_.alliance();
  view.admin_name = admin.person_name;
  view.admin_token_id = admin.token_id;
  view.form_token = form_token_;
  view.join_files = !join_.hubs.empty() && !join_.ca_pem.empty();
  if (join_.guessed)
    for (const std::string& h : join_.hubs)
      view.join_hubs_guessed += (view.join_hubs_guessed.empty() ? "" : ", ") + h;
  auto devices = hub_.devices().devices();
  auto schools = hub_.store().list("school");
  auto people = hub_.store().list("person");
  if (!devices || !schools || !people)
    return text(503, "the hub's store could not be read; try again");
  view.devices = std::move(devices.value());
  std::map<std::string, size_t> at;  // school id -> index in view.schools
  for (const core::RecordState& s : *schools) {
    const core::FieldState* name = s.field("name");
    at[s.header.id.to_string()] = view.schools.size();
    view.schools.push_back({s.header.id.to_string(), name ? name->value() : "", {}, 0});
  }
  for (const core::RecordState& p : *people) {
    const core::FieldState* name = p.field("name");
    const core::FieldState* school = p.field("school");
    auto it = school ? at.find(school->value()) : at.end();
    if (it != at.end())
      view.schools[it->second].people.emplace_back(p.header.id.to_string(),
                                                   name ? name->value() : "");
  }
  for (const core::Device& d : view.devices)
    if (auto it = at.find(d.school.to_string()); it != at.end() && d.revoked_ms == 0)
      ++view.schools[it->second].devices;
  std::sort(view.schools.begin(), view.schools.end(),
            [](const RosterSchool& a, const RosterSchool& b) { return a.name < b.name; });
  for (RosterSchool& s : view.schools)
    std::sort(s.people.begin(), s.people.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
  const std::string n = nonce();
  HttpResponse r;
  r.status = status;
  r.body = admin_page_html(view, n);
  secure(r, n);
  return r;
}

void AdminPages::enrol(const std::string& form, AdminView& view, const core::Device& admin) {
  view.enrol_school = trimmed(form_value(form, "school"));
  view.enrol_person = trimmed(form_value(form, "person"));
  if (view.enrol_school.empty() || view.enrol_person.empty())
    return say(view, "enrol", "Give the school and the teacher's name.", true);
  if (join_.hubs.empty() || join_.ca_pem.empty())
    return say(view, "enrol",
               "This hub cannot make join files: it knows no address devices reach it at.", true);
  auto known = hub_.store().find_named("school", view.enrol_school);
  if (!known) return say(view, "enrol", known.status().message(), true);
  if (!*known && form_value(form, "new_school") != "yes") {
    auto similar = sync::similar_school_names(hub_, view.enrol_school);
    if (!similar) return say(view, "enrol", similar.status().message(), true);
    if (!similar->empty()) {
      view.did_you_mean = *similar;
      return say(view, "enrol", "No school is called '" + view.enrol_school + "'.", true);
    }
  }
  auto download = sync::generate_token();  // the download's id: 128 random bits
  if (!download) return say(view, "enrol", download.status().message(), true);
  auto e = hub_.enrol(view.enrol_school, view.enrol_person, core::DeviceRole::kDevice);
  if (!e) return say(view, "enrol", e.status().message(), true);
  // By the roster's names and ids: a school renamed since, or typed in other capitals, is the
  // roster's, and the device's store takes its ids.
  const client::JoinFile join =
      client::join_file_for(hub_.alliance(), e->device, e->token, join_.hubs, join_.ca_pem);
  const std::string join_text = client::join_file_text(join);
  const std::string& id = download->secret;
  const std::string file_name = join_file_name(join.person);
  joins_[id] = {admin.token_id, file_name, join_text,
                std::chrono::steady_clock::now() + kJoinDownloadLifetime};
  auto qr = client::qr_svg(join_text);
  view.enrolled_html =
      "<div class=\"notice\" role=\"status\"><p><strong>" + xml_escape(join.person) +
      "'s device at " + xml_escape(join.school) + " is enrolled</strong> (token id <code>" +
      xml_escape(e->device.token_id) +
      "</code>). Hand the join file over privately, as you would a password: it holds the "
      "device's token.</p><p><a href=\"/admin/join-file?id=" +
      id + "\" download=\"" + xml_escape(file_name) + "\">Download " + xml_escape(file_name) +
      "</a> (once, within 10 minutes), for <code>triad join</code> or the app's first run" +
      (qr ? ", or scan this code:</p>" + *qr : std::string(".</p>")) +
      "<p>Neither is shown again. If the file is lost, revoke the token below and enrol the "
      "device again.</p></div>";
  view.enrol_school.clear();
  view.enrol_person.clear();
  log("enrolled a device for " + join.person + " at " + join.school + " (token id " +
      e->device.token_id + ")");
}

HttpResponse AdminPages::join_download(const std::string& query, const core::Device& admin) {
  const auto it = joins_.find(form_value(query, "id"));
  if (it == joins_.end() || it->second.expires <= std::chrono::steady_clock::now() ||
      it->second.admin_token_id != admin.token_id) {
    if (it != joins_.end() && it->second.expires <= std::chrono::steady_clock::now())
      joins_.erase(it);
    return text(404,
                "this join file was downloaded already, or is older than 10 minutes: revoke the "
                "device's token and enrol it again");
  }
  HttpResponse r;
  r.content_type = "application/json";
  r.body = std::move(it->second.text);
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + it->second.file_name + "\"");
  joins_.erase(it);
  return r;
}

void AdminPages::revoke(const std::string& form, AdminView& view) {
  const std::string token_id = trimmed(form_value(form, "token_id"));
  auto device = hub_.devices().find(token_id);
  if (!device || !device->has_value())
    return say(view, "devices", "No device has token id " + token_id + ".", true);
  if (core::Status s = hub_.devices().revoke(token_id); !s)
    return say(view, "devices", s.message(), true);
  log("revoked token " + token_id);
  say(view, "devices",
      "Revoked token " + token_id + " of " + (*device)->person_name + " (" +
          (*device)->school_name + "): that device can no longer sync.",
      false);
}

void AdminPages::rename(const std::string& form, AdminView& view) {
  const auto school = record_id(form, "school");
  const std::string name = trimmed(form_value(form, "name"));
  if (!school) return say(view, "schools", "Choose a school to rename.", true);
  const std::string old_name = hub_.store().label(*school);
  if (core::Status s = sync::rename_school(hub_, *school, name); !s)
    return say(view, "schools", s.message(), true);
  log("renamed school " + old_name + " to " + name);
  say(view, "schools", "'" + old_name + "' is now called '" + name + "'.", false);
}

void AdminPages::merge(const std::string& form, AdminView& view) {
  const auto keep = record_id(form, "keep");
  const auto duplicate = record_id(form, "duplicate");
  if (!keep || !duplicate) return say(view, "people", "Choose the two people to merge.", true);
  const std::string kept = hub_.store().label(*keep), gone = hub_.store().label(*duplicate);
  auto merged = sync::merge_people(hub_, *keep, *duplicate);
  if (!merged) return say(view, "people", merged.status().message(), true);
  log("merged person " + gone + " (" + duplicate->to_string() + ") into " + kept + " (" +
      keep->to_string() + ")");
  const size_t n = merged->records_changed;
  say(view, "people",
      "Merged " + gone + " into " + kept + ": " + std::to_string(n) +
          (n == 1 ? " record now names " : " records now name ") + kept + ".",
      false);
}

void AdminPages::erase(const std::string& form, AdminView& view) {
  const std::string typed = trimmed(form_value(form, "record"));
  auto id = hub_.store().resolve("", typed);
  if (!id) return say(view, "erase", id.status().message(), true);
  if (form_value(form, "confirm") != "yes") {
    auto held = hub_.store().get(*id);
    if (!held) return say(view, "erase", held.status().message(), true);
    const std::string kind = held->has_value() ? (*held)->header.type : std::string();
    if (kind == "school" || kind == "person")
      return say(
          view, "erase",
          "That is a " + kind + " on the roster: rename or merge it above; it is not erased.",
          true);
    const core::TypeSpec* type = core::find_type(kind);
    view.erase_record = id->to_string();
    view.erase_question = "Erase " + std::string(type ? type->title : "the record") + " '" +
                          hub_.store().label(*id) + "' (" + id->to_string() +
                          ") and its child records, from the hub and every device? This cannot "
                          "be undone.";
    return;
  }
  auto erased = sync::erase_record(hub_, *id);
  if (!erased) return say(view, "erase", erased.status().message(), true);
  log("erased " + id->to_string() + " on a teacher's behalf");
  say(view, "erase", "Erased " + *erased + ". Each device deletes it at its next sync.", false);
}

}  // namespace triad::dashboard
