#include "admin_html.h"

#include "report_formats.h"
#include "svg_chart.h"

namespace triad::dashboard {

namespace {

using report::xml_escape;

constexpr const char* kStyle =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1c2330}"
    "header{background:#1f3a5f;color:#fff;padding:12px 20px;display:flex;flex-wrap:wrap;"
    "gap:8px 20px;align-items:baseline}header h1{font-size:20px;margin:0}"
    "header a{color:#fff}main{max-width:64em;margin:0 auto;padding:8px 16px 40px}"
    "section{background:#fff;border-radius:6px;box-shadow:0 1px 3px #0002;padding:4px 18px 14px;"
    "margin:16px 0}h2{font-size:18px}label{display:block;margin:8px 0 2px;font-weight:600}"
    "input[type=text]{font:inherit;padding:5px;width:100%;max-width:24em;box-sizing:border-box}"
    "select{font:inherit;padding:4px;max-width:100%}"
    "button{font:inherit;padding:5px 14px;margin-top:10px;cursor:pointer}form>button{display:block}"
    "button.danger{background:#fff;color:#b71c1c;border:1px solid #b71c1c;border-radius:3px}"
    "button.danger.final{background:#b71c1c;color:#fff}"
    ".notice{padding:8px 12px;border-radius:4px;background:#e7f4ea;border-left:4px solid #2e7d32}"
    ".notice.error{background:#fdecea;border-left-color:#b71c1c}"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:14px}"
    "th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e7ec;vertical-align:top}"
    "td form{display:flex;gap:6px;flex-wrap:wrap;margin:0}td form button{margin:0}"
    "td input[type=text]{width:12em}.muted{color:#5f6b7a}.revoked{color:#8a94a3}"
    ".qr{width:360px;max-width:100%;height:auto;display:block;margin:10px 0}"
    "p.hint{color:#5f6b7a;font-size:14px;margin:4px 0}"
    // On a phone, each row of a table is a card of labelled lines.
    "@media (max-width:640px){table.cards thead{display:none}table.cards tr{display:block;"
    "border-bottom:1px solid #e3e7ec;padding:6px 0}table.cards td{display:block;border:0;"
    "padding:2px 4px}table.cards td[data-label]::before{content:attr(data-label) \": \";"
    "font-weight:600;color:#5f6b7a}header{padding:10px 14px}main{padding:4px 8px 30px}"
    "section{padding:4px 12px 12px}}";

std::string counted(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A POST form to `action` with the anti-forgery token; `fields` is its inner HTML.
std::string form(const AdminView& v, const std::string& action, const std::string& fields) {
  return "<form method=\"post\" action=\"" + action +
         "\"><input type=\"hidden\" name=\"form_token\" value=\"" + xml_escape(v.form_token) +
         "\">" + fields + "</form>";
}

std::string notice_in(const AdminView& v, const std::string& section) {
  if (v.notice.section != section || v.notice.message.empty()) return {};
  return std::string("<p class=\"notice") + (v.notice.error ? " error" : "") +
         "\" role=\"status\">" + xml_escape(v.notice.message) + "</p>";
}

std::string option(const std::string& value, const std::string& label) {
  return "<option value=\"" + xml_escape(value) + "\">" + xml_escape(label) + "</option>";
}

std::string enrol_section(const AdminView& v) {
  std::string fields =
      "<label for=\"school\">School</label><input type=\"text\" id=\"school\" name=\"school\" "
      "list=\"schools\" required value=\"" +
      xml_escape(v.enrol_school) + "\"><datalist id=\"schools\">";
  for (const RosterSchool& s : v.schools) fields += option(s.name, s.name);
  fields += "</datalist>";
  if (!v.did_you_mean.empty()) {
    fields += "<p class=\"hint\">Or did you mean: ";
    for (size_t i = 0; i < v.did_you_mean.size(); ++i)
      fields +=
          (i ? ", " : "") + std::string("<strong>") + xml_escape(v.did_you_mean[i]) + "</strong>";
    fields +=
        "? Correct the name above, or tick this box if it really is a school new to the "
        "alliance.</p><label><input type=\"checkbox\" name=\"new_school\" value=\"yes\"> " +
        xml_escape(v.enrol_school) + " is a new school</label>";
  }
  fields +=
      "<label for=\"person\">Teacher</label><input type=\"text\" id=\"person\" name=\"person\" "
      "required value=\"" +
      xml_escape(v.enrol_person) + "\"><button type=\"submit\">Enrol a device</button>";
  std::string out =
      "<section id=\"enrol\"><h2>Enrol a teacher's device</h2><p class=\"hint\">The device gets a "
      "join file: the hub's addresses, its certificate and the device's token. Nobody types a "
      "token.</p>" +
      notice_in(v, "enrol") + v.enrolled_html;
  if (v.join_files && !v.join_hubs_guessed.empty())
    out += "<p class=\"hint\">Join files send devices to <code>" + xml_escape(v.join_hubs_guessed) +
           "</code>, which this hub guessed from where it listens. If devices reach it by another "
           "name (the one its certificate names), restart it with <code>--join-address "
           "HOST:PORT</code>.</p>";
  if (!v.join_files)
    out +=
        "<p class=\"notice error\">This hub knows no address devices reach it at, so it cannot "
        "make join files: restart it with <code>--join-address HOST:PORT</code>.</p>";
  else
    out += form(v, "/admin/enrol", fields);
  return out + "</section>";
}

std::string devices_section(const AdminView& v) {
  std::string rows;
  for (const core::Device& d : v.devices) {
    const bool revoked = d.revoked_ms != 0;
    rows += std::string("<tr") + (revoked ? " class=\"revoked\"" : "") +
            "><td data-label=\"School\">" + xml_escape(d.school_name) +
            "</td><td data-label=\"Person\">" + xml_escape(d.person_name) +
            "</td><td data-label=\"Role\">" + core::to_string(d.role) +
            "</td><td data-label=\"Token id\"><code>" + xml_escape(d.token_id) +
            "</code></td><td data-label=\"Last sync\">" + report::utc_time_text(d.last_sync_ms) +
            "</td><td data-label=\"App\">" + xml_escape(d.app_version) + "</td><td>";
    if (revoked)
      rows += "revoked " + report::utc_time_text(d.revoked_ms);
    else if (d.token_id == v.admin_token_id)
      rows += "<span class=\"muted\">you</span>";
    else
      rows += form(v, "/admin/revoke",
                   "<input type=\"hidden\" name=\"token_id\" value=\"" + xml_escape(d.token_id) +
                       "\"><button type=\"submit\" class=\"danger\">Revoke</button>");
    rows += "</td></tr>";
  }
  return "<section id=\"devices\"><h2>Devices</h2>" + notice_in(v, "devices") +
         "<p class=\"hint\">Revoking a token stops its device syncing at once; what it synced "
         "stays."
         "</p><div class=\"scroll\"><table "
         "class=\"cards\"><thead><tr><th>School</th><th>Person</th>"
         "<th>Role</th>"
         "<th>Token id</th><th>Last sync</th><th>App</th><th></th></tr></thead><tbody>" +
         rows + "</tbody></table></div></section>";
}

std::string schools_section(const AdminView& v) {
  std::string rows;
  for (const RosterSchool& s : v.schools) {
    std::string people;
    for (const auto& [id, name] : s.people)
      people += (people.empty() ? "" : ", ") + xml_escape(name);
    rows += "<tr><td><strong>" + xml_escape(s.name) + "</strong><br><span class=\"muted\">" +
            counted(s.people.size(), "person", "people") + ", " +
            counted(s.devices, "device", "devices") + "</span></td><td data-label=\"People\">" +
            (people.empty() ? "<span class=\"muted\">none</span>" : people) + "</td><td>" +
            form(v, "/admin/rename-school",
                 "<input type=\"hidden\" name=\"school\" value=\"" + s.id +
                     "\"><input type=\"text\" name=\"name\" aria-label=\"New name for " +
                     xml_escape(s.name) + "\" required value=\"" + xml_escape(s.name) +
                     "\"><button type=\"submit\">Rename</button>") +
            "</td></tr>";
  }
  return "<section id=\"schools\"><h2>Schools and people</h2>" + notice_in(v, "schools") +
         "<p class=\"hint\">A renamed school keeps its people, devices and records; enrolling "
         "under "
         "its old or new name finds it.</p><div class=\"scroll\"><table class=\"cards\"><thead><tr>"
         "<th>School</th>"
         "<th>People</th><th>Rename</th></tr></thead><tbody>" +
         rows + "</tbody></table></div></section>";
}

std::string people_section(const AdminView& v) {
  std::string options;
  for (const RosterSchool& s : v.schools)
    for (const auto& [id, name] : s.people) options += option(id, name + " (" + s.name + ")");
  const std::string fields =
      "<label for=\"keep\">Keep</label><select id=\"keep\" name=\"keep\" required>" + options +
      "</select><label for=\"duplicate\">Merge into it, then delete</label><select "
      "id=\"duplicate\" name=\"duplicate\" required>" +
      options + "</select><br><button type=\"submit\">Merge these people</button>";
  return "<section id=\"people\"><h2>Merge two records of one person</h2>" +
         notice_in(v, "people") +
         "<p class=\"hint\">Every record naming the duplicate names the kept person instead, on "
         "every device after its next sync.</p>" +
         form(v, "/admin/merge-people", fields) + "</section>";
}

std::string erase_section(const AdminView& v) {
  std::string out = "<section id=\"erase\"><h2>Erase a record on a teacher's behalf</h2>" +
                    notice_in(v, "erase") +
                    "<p class=\"hint\">For an erasure request: the record and its child records "
                    "are deleted here and on every device at its next sync, and their text is "
                    "purged from every store (backups made before keep it until they are "
                    "deleted). Give the record's title, or its id (<code>triad list</code> "
                    "shows it).</p>";
  if (!v.erase_question.empty())
    out += "<p class=\"notice error\">" + xml_escape(v.erase_question) + "</p>" +
           form(v, "/admin/erase",
                "<input type=\"hidden\" name=\"record\" value=\"" + xml_escape(v.erase_record) +
                    "\"><input type=\"hidden\" name=\"confirm\" value=\"yes\"><button "
                    "type=\"submit\" class=\"danger final\">Erase it</button>");
  out += form(v, "/admin/erase",
              "<label for=\"record\">Title or id</label><input type=\"text\" id=\"record\" "
              "name=\"record\" required><button type=\"submit\">Look it up</button>");
  return out + "</section>";
}

}  // namespace

std::string admin_page_html(const AdminView& v, const std::string& style_nonce) {
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
         "name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Hub admin: " +
         xml_escape(v.alliance) + "</title><style nonce=\"" + style_nonce + "\">" + kStyle +
         "</style></head><body><header><h1>Hub admin: " + xml_escape(v.alliance) +
         "</h1><span>signed in as " + xml_escape(v.admin_name) +
         "</span><a href=\"/\">Reports</a><a href=\"/logout\">Sign out</a></header><main>" +
         enrol_section(v) + devices_section(v) + schools_section(v) + people_section(v) +
         erase_section(v) + "</main></body></html>\n";
}

}  // namespace triad::dashboard
