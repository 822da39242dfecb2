#include "admin_pages.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "join_file.h"
#include "qr_text.h"
#include "svg_chart.h"
#include "triad/core/schema.h"
#include "triad/hub/roster_admin.h"

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
                                const std::string& form_token) {
  acting_ = admin.person_name + " (token id " + admin.token_id + ")";
  form_token_ = form_token;
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (path == "/admin/join-file") return read ? join_download(query, admin) : text(405, "use GET");
  static const std::vector<std::string> kActions{"/admin/enrol", "/admin/revoke",
                                                 "/admin/rename-school", "/admin/merge-people",
                                                 "/admin/erase"};
  const bool action = std::find(kActions.begin(), kActions.end(), path) != kActions.end();
  if (path != "/admin" && !action) return text(404, "no such page");
  if (path == "/admin") {
    if (read) return page({}, admin);
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
  if (!form_token.empty() && !same_secret(form_value(form, "form_token"), form_token))
    return text(403,
                "this form did not come from this admin page (its anti-forgery token is missing "
                "or old): reload the page and try again");
  AdminView view;
  if (path == "/admin/enrol") return enrol(form, view, admin);
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
  const int status = view.notice.error ? 422 : 200;
  return page(std::move(view), admin, status);
}

HttpResponse AdminPages::page(AdminView view, const core::Device& admin, int status) {
  view.alliance = hub_.alliance();
  view.admin_name = admin.person_name;
  view.admin_token_id = admin.token_id;
  view.form_token = form_token_;
  view.join_files = !join_.hubs.empty() && !join_.ca_pem.empty();
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

HttpResponse AdminPages::enrol(const std::string& form, AdminView& view,
                               const core::Device& admin) {
  view.enrol_school = trimmed(form_value(form, "school"));
  view.enrol_person = trimmed(form_value(form, "person"));
  if (view.enrol_school.empty() || view.enrol_person.empty()) {
    say(view, "enrol", "Give the school and the teacher's name.", true);
    return page(std::move(view), admin, 422);
  }
  if (join_.hubs.empty() || join_.ca_pem.empty()) {
    say(view, "enrol", "This hub cannot make join files: it was started without --join-address.",
        true);
    return page(std::move(view), admin, 422);
  }
  auto known = hub_.store().find_named("school", view.enrol_school);
  if (!known) return text(503, "the hub's store could not be read; try again");
  if (!*known && form_value(form, "new_school") != "yes") {
    auto similar = sync::similar_school_names(hub_, view.enrol_school);
    if (!similar) return text(503, "the hub's store could not be read; try again");
    if (!similar->empty()) {
      view.did_you_mean = *similar;
      say(view, "enrol", "No school is called '" + view.enrol_school + "'.", true);
      return page(std::move(view), admin, 422);
    }
  }
  auto e = hub_.enrol(view.enrol_school, view.enrol_person, core::DeviceRole::kDevice);
  if (!e) {
    say(view, "enrol", e.status().message(), true);
    return page(std::move(view), admin, 422);
  }
  client::JoinFile join{hub_.alliance(), view.enrol_school, view.enrol_person,
                        join_.hubs,      join_.ca_pem,      e->token};
  const std::string join_text = client::join_file_text(join);
  const std::string id = nonce();
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(joins_, [&](const auto& j) { return j.second.expires <= now; });
  joins_[id] = {admin.token_id, join_file_name(view.enrol_person), join_text,
                now + kJoinDownloadLifetime};
  auto qr = client::qr_svg(join_text);
  view.enrolled_html =
      "<div class=\"notice\" role=\"status\"><p><strong>" + xml_escape(view.enrol_person) +
      "'s device at " + xml_escape(view.enrol_school) + " is enrolled</strong> (token id <code>" +
      xml_escape(e->device.token_id) +
      "</code>). Hand the join file over privately, as you would a password: it holds the "
      "device's token.</p><p><a href=\"/admin/join-file?id=" +
      id + "\" download=\"" + joins_[id].file_name + "\">Download " + joins_[id].file_name +
      "</a> (once, within 10 minutes), for <code>triad join</code> or the app's first run" +
      (qr ? ", or scan this code:</p>" + *qr : std::string(".</p>")) +
      "<p>Neither is shown again. If the file is lost, revoke the token below and enrol the "
      "device again.</p></div>";
  view.enrol_school.clear();
  view.enrol_person.clear();
  log("enrolled a device for " + join.person + " at " + join.school + " (token id " +
      e->device.token_id + ")");
  return page(std::move(view), admin);
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
    const core::TypeSpec* type =
        held && held->has_value() ? core::find_type((*held)->header.type) : nullptr;
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
