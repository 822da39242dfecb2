// The dashboard's pages and endpoints, apart from the network: a request in, a response out. The
// server (dashboard_server.h) turns HTTP over TLS into these calls on its store thread.
//
//   GET  /                       the report page (HTML, inline SVG charts, no script)
//   GET  /api/report.json        the whole report; /api/health.json, /api/activity.json and
//                                /api/enquiries.json its parts
//   GET  /api/NAME.csv           this-year, participation, activity, enquiries, evidence, schools,
//                                sync-health
//   GET  /metrics                this hub process's sync figures for Prometheus (text format
//                                0.0.4, hub_metrics.h); 404 when the site serves no hub's server
//   GET  /login                  the sign-in form; /login?code=CODE redeems a one-time login link
//   POST /login                  token=TOKEN (form): a lead's or admin's token opens a session
//   GET  /logout                 ends the session
//   /admin...                    the admin page and its forms (admin_pages.h): admins only
// Data endpoints need a lead or an admin (Authorization: Bearer TOKEN, or the session cookie): none
// or an invalid one is 401 (a browser asking for a page is sent to /login), a device's or hub's
// token is 403, and so is a lead's on the admin page. Only GET (and HEAD) are allowed, except POST
// /login and the admin page's forms: 405 otherwise. Every response has a strict
// Content-Security-Policy: nothing loads from anywhere, no script runs.
//
// The report is computed from the hub's store through the site's own connection, at most once
// every few seconds (requests in between get the same figures).
//
// Not thread-safe: one thread (the server's store thread) calls handle().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "admin_pages.h"
#include "alliance_report.h"
#include "dashboard_auth.h"
#include "http_message.h"
#include "triad/hub/hub.h"
#include "triad/hub/hub_metrics.h"

namespace triad::dashboard {

struct SiteOptions {
  int stale_days = 14;
  std::chrono::milliseconds report_cache{5000};
  JoinDetails join;  // what the admin page's join files hold besides the device's own
  // The counters of the hub server in this process, for /metrics (it must outlive the site);
  // nullptr: none.
  const sync::HubMetrics* metrics = nullptr;
};

class DashboardSite {
 public:
  // Opens the hub's store at `db_path` with a connection of its own.
  static core::Result<std::unique_ptr<DashboardSite>> open(const std::string& db_path,
                                                           SiteOptions options = {});

  HttpResponse handle(const HttpRequest& request);
  // Where the admin page's actions are logged (the hub's log), each line escaped on its way.
  void set_log(std::function<void(const std::string&)> log) { hub_->set_log(std::move(log)); }

 private:
  DashboardSite(std::unique_ptr<sync::Hub> hub, SiteOptions options)
      : hub_(std::move(hub)), options_(options), admin_(*hub_, options_.join) {}
  HttpResponse route(const HttpRequest& request, const std::string& path, const std::string& query);
  HttpResponse login(const HttpRequest& request, const std::string& query);
  HttpResponse logout(const HttpRequest& request);
  // The lead signed in to this request, or the refusal to send.
  std::optional<HttpResponse> refuse_unless_lead(const HttpRequest& request,
                                                 const std::string& path);
  // Who signed in to this request (a token given with it, or a session's), and the session's id.
  LeadCheck signed_in(const HttpRequest& request, std::string& session);
  HttpResponse admin_page(const HttpRequest& request, const std::string& path,
                          const std::string& query);
  HttpResponse data(const std::string& path);
  core::Result<const report::AllianceReport*> current_report();
  HttpResponse start_session(const core::Device& who);

  std::unique_ptr<sync::Hub> hub_;
  SiteOptions options_;
  LeadSessions sessions_;
  AdminPages admin_;  // on hub_: declared after it
  std::optional<report::AllianceReport> report_;
  std::chrono::steady_clock::time_point report_at_;
};

}  // namespace triad::dashboard
