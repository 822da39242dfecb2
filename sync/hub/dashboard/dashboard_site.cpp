#include "dashboard_site.h"

#include <ctime>
#include <set>

#include "report_formats.h"
#include "svg_chart.h"
#include "triad/sync/token.h"

namespace triad::dashboard {

namespace {

constexpr const char* kCookie = "triad_session";

uint64_t now_ms() { return static_cast<uint64_t>(std::time(nullptr)) * 1000; }

// The session id in a Cookie header ("" when absent).
std::string session_cookie(std::string_view header) {
  while (!header.empty()) {
    while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
    const size_t semi = header.find(';');
    const std::string_view item = header.substr(0, semi);
    const std::string prefix = std::string(kCookie) + "=";
    if (item.substr(0, prefix.size()) == prefix) return std::string(item.substr(prefix.size()));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
  }
  return {};
}

std::string bearer_token(const std::string& authorization) {
  const std::string prefix = "Bearer ";
  return authorization.compare(0, prefix.size(), prefix) == 0 ? authorization.substr(prefix.size())
                                                              : std::string();
}

HttpResponse login_page(int status, const std::string& message) {
  const std::string n = nonce();
  HttpResponse r;
  r.status = status;
  r.body =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in: alliance "
      "report</title>"
      "<style nonce=\"" +
      n +
      "\">body{font:15px system-ui,sans-serif;background:#f4f6f8;display:flex;"
      "justify-content:center;padding-top:12vh}form{background:#fff;padding:24px "
      "28px;border-radius:6px;"
      "box-shadow:0 1px 3px #0003;width:26em}input{width:100%;padding:6px;margin:8px 0 "
      "14px;font:inherit}"
      "p.err{color:#b71c1c}</style></head><body><form method=\"post\" "
      "action=\"/login\"><h1>Alliance report</h1>" +
      (message.empty() ? "" : "<p class=\"err\">" + report::xml_escape(message) + "</p>") +
      "<label for=\"token\">Lead or admin token (from <code>triad-hub enroll --role lead</code> or "
      "<code>--role admin</code>)</label>"
      "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required>"
      "<button type=\"submit\">Sign in</button></form></body></html>\n";
  secure(r, n);
  return r;
}

bool wants_html(const HttpRequest& request) {
  return request.accept.find("text/html") != std::string::npos;
}

}  // namespace

core::Result<std::unique_ptr<DashboardSite>> DashboardSite::open(const std::string& db_path,
                                                                 SiteOptions options) {
  auto hub = sync::Hub::open(db_path);
  if (!hub) return hub.status();
  return std::unique_ptr<DashboardSite>(new DashboardSite(std::move(hub.value()), options));
}

HttpResponse DashboardSite::handle(const HttpRequest& request) {
  const size_t q = request.target.find('?');
  const std::string path = request.target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : request.target.substr(q + 1);
  HttpResponse r = route(request, path, query);
  if (!r.header("Content-Security-Policy")) secure(r, "none");
  return r;
}

HttpResponse DashboardSite::route(const HttpRequest& request, const std::string& path,
                                  const std::string& query) {
  static const std::set<std::string> kData{"/",
                                           "/api/report.json",
                                           "/api/health.json",
                                           "/api/activity.json",
                                           "/api/enquiries.json",
                                           "/api/sync-health.csv",
                                           "/api/schools.csv",
                                           "/api/activity.csv",
                                           "/api/this-year.csv",
                                           "/api/participation.csv",
                                           "/metrics",
                                           "/api/enquiries.csv",
                                           "/api/evidence.csv"};
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (path == "/login") {
    if (read || request.method == "POST") return login(request, query);
    HttpResponse r = text(405, "use GET or POST");
    r.headers.emplace_back("Allow", "GET, HEAD, POST");
    return r;
  }
  if (path == "/logout") return read ? logout(request) : text(405, "use GET");
  if (path == "/admin" || path.rfind("/admin/", 0) == 0) return admin_page(request, path, query);
  if (!kData.count(path)) return text(404, "no such page");
  if (!read) {
    HttpResponse r = text(405, "the dashboard is read-only: use GET");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (auto refusal = refuse_unless_lead(request, path)) return *refusal;
  return data(path);
}

LeadCheck DashboardSite::signed_in(const HttpRequest& request, std::string& session) {
  session.clear();
  if (const std::string token = bearer_token(request.authorization); !token.empty())
    return check_lead_token(*hub_, token);
  if (session = session_cookie(request.cookie); !session.empty()) {
    const std::string token_id = sessions_.token_id_of(session);
    if (!token_id.empty()) return check_lead_token_id(hub_->devices(), token_id);
  }
  session.clear();
  return {};
}

HttpResponse DashboardSite::admin_page(const HttpRequest& request, const std::string& path,
                                       const std::string& query) {
  std::string session;
  const LeadCheck who = signed_in(request, session);
  if (who.verdict == Verdict::kAdmin)
    return admin_.handle(request, path, query, who.device,
                         session.empty() ? std::string() : sessions_.form_token_of(session),
                         !session.empty());
  if (who.verdict == Verdict::kLead || who.verdict == Verdict::kNotALead)
    return text(403, std::string("the admin page needs an admin's token (triad-hub enroll --role "
                                 "admin); this one is a ") +
                         core::to_string(who.device.role) + "'s");
  if (wants_html(request) && (request.method == "GET" || request.method == "HEAD"))
    return redirect("/login");
  HttpResponse r = text(
      401, "sign in with an admin's token: Authorization: Bearer TOKEN, or the form at /login");
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"triad-hub\"");
  return r;
}

std::optional<HttpResponse> DashboardSite::refuse_unless_lead(const HttpRequest& request,
                                                              const std::string& path) {
  std::string session;
  const LeadCheck lead = signed_in(request, session);
  if (lead.reads_reports()) return std::nullopt;
  if (lead.verdict == Verdict::kNotALead)
    return text(403,
                "this token belongs to a device or a hub, which sync records; the reports need a "
                "lead's token "
                "(triad-hub enroll --role lead)");
  if (path == "/" && wants_html(request)) return redirect("/login");
  HttpResponse r =
      text(401, "sign in with a lead's token: Authorization: Bearer TOKEN, or the form at /login");
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"triad-hub\"");
  return r;
}

HttpResponse DashboardSite::start_session(const core::Device& who) {
  auto session = sessions_.open(who.token_id);
  if (!session) return text(500, "could not open a session: " + session.status().message());
  HttpResponse r = redirect(who.role == core::DeviceRole::kAdmin ? "/admin" : "/");
  r.headers.emplace_back("Set-Cookie",
                         std::string(kCookie) + "=" + *session +
                             "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" +
                             std::to_string(std::chrono::seconds(kSessionLifetime).count()));
  return r;
}

HttpResponse DashboardSite::login(const HttpRequest& request, const std::string& query) {
  if (request.method == "POST") {
    const LeadCheck lead = check_lead_token(*hub_, form_value(request.body, "token"));
    if (lead.verdict == Verdict::kNotALead)
      return login_page(
          403, "That token belongs to a device or a hub. The reports need a lead's token.");
    if (lead.verdict == Verdict::kRefused)
      return login_page(401, "The hub does not accept that token.");
    return start_session(lead.device);
  }
  const std::string code = form_value(query, "code");
  if (code.empty()) return login_page(200, "");
  auto token_id = redeem_login_link(hub_->devices(), code, now_ms());
  if (!token_id) return login_page(401, token_id.status().message());
  const LeadCheck lead = check_lead_token_id(hub_->devices(), *token_id);
  if (!lead.reads_reports())
    return login_page(401, "The token this link was made for is no longer valid.");
  return start_session(lead.device);
}

HttpResponse DashboardSite::logout(const HttpRequest& request) {
  sessions_.close(session_cookie(request.cookie));
  HttpResponse r = redirect("/login");
  r.headers.emplace_back(
      "Set-Cookie",
      std::string(kCookie) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
  return r;
}

core::Result<const report::AllianceReport*> DashboardSite::current_report() {
  const auto now = std::chrono::steady_clock::now();
  if (!report_ || now - report_at_ >= options_.report_cache) {
    report::ReportOptions o;
    o.stale_days = options_.stale_days;
    auto computed = report::compute_alliance_report(hub_->store(), hub_->devices(), o);
    if (!computed) return computed.status();
    report_ = std::move(computed.value());
    report_at_ = now;
  }
  return &*report_;
}

HttpResponse DashboardSite::data(const std::string& path) {
  if (path == "/metrics") {  // the hub process's own counters: no report to compute
    if (!options_.metrics) return text(404, "this dashboard serves no hub's metrics");
    HttpResponse out;
    out.content_type = "text/plain; version=0.0.4; charset=utf-8";
    out.body = options_.metrics->prometheus_text();
    return out;
  }
  auto report = current_report();
  if (!report)
    return text(503,
                "the hub's store could not be read (" + report.status().message() + "); try again");
  const report::AllianceReport& r = **report;
  HttpResponse out;
  if (path == "/") {
    const std::string n = nonce();
    out.body = report::report_html(r, {n, true});
    secure(out, n);
    return out;
  }
  out.content_type = "application/json";
  if (path == "/api/report.json") out.body = report::report_json(r);
  if (path == "/api/health.json") out.body = report::sync_health_json(r);
  if (path == "/api/activity.json") out.body = report::activity_json(r);
  if (path == "/api/enquiries.json") out.body = report::enquiries_json(r);
  if (out.body.empty()) {
    out.content_type = "text/csv; charset=utf-8";
    for (const report::ReportFile& f : report::report_csv(r))
      if ("/api/" + f.name == path) out.body = f.content;
  }
  return out;
}

}  // namespace triad::dashboard
