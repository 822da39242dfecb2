// The admin page of the hub's site, for the hub's admin (`triad-hub enroll --role admin`; leads
// keep the read-only reports):
//
//   GET  /admin                  devices, schools and people, and the forms below
//   POST /admin/enrol            school, person [, new_school=yes]: enrols a teacher's device and
//                                shows its join file as a QR code and a one-time download. A
//                                school name close to a known one ("did you mean") is refused
//                                unless new_school=yes.
//   GET  /admin/join-file?id=ID  that download: once, within 10 minutes, for the admin who enrolled
//   POST /admin/revoke           token_id
//   POST /admin/rename-school    school (id), name
//   POST /admin/merge-people     keep (id), duplicate (id)
//   POST /admin/erase            record (id, or 8+ hex digits of it) [, confirm=yes]: first says
//                                what would be erased, then erases it (roster_admin.h)
//
// Every form carries its session's anti-forgery token (form_token), which each POST made with the
// session's cookie must return; a Bearer request, which a browser never makes on its own, needs
// none. A refused POST answers with the page again, what was wrong beside the form and the values
// typed kept; a POST that did something redirects (303) to /admin, which shows what it did once,
// so a reload does nothing twice. The token in a join file appears in no page: only in the QR
// code and the download, each shown once.
//
// Not thread-safe: the dashboard's store thread calls handle().
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "admin_html.h"
#include "http_message.h"
#include "triad/hub/hub.h"

namespace triad::dashboard {

// What a join file holds besides the device's own: the hub's addresses as devices reach it and
// the certificate they check it against. Empty `hubs`: the page makes no join files.
struct JoinDetails {
  std::vector<std::string> hubs;  // HOST:PORT, tried in order
  std::string ca_pem;
  bool guessed = false;  // `hubs` is this machine's name, not addresses the admin gave
};

constexpr std::chrono::minutes kJoinDownloadLifetime{10};

class AdminPages {
 public:
  AdminPages(sync::Hub& hub, JoinDetails join) : hub_(hub), join_(std::move(join)) {}

  // `admin` is the signed-in admin's device row; `by_session` whether the request came with the
  // session's cookie (a browser), whose anti-forgery token `form_token` is.
  HttpResponse handle(const HttpRequest& request, const std::string& path, const std::string& query,
                      const core::Device& admin, const std::string& form_token, bool by_session);

 private:
  struct PendingJoin {
    std::string admin_token_id, file_name, text;
    std::chrono::steady_clock::time_point expires;
  };

  HttpResponse page(AdminView view, const core::Device& admin, int status = 200);
  void log(const std::string& what) const { hub_.log("admin " + acting_ + ": " + what); }
  void enrol(const std::string& form, AdminView& view, const core::Device& admin);
  HttpResponse join_download(const std::string& query, const core::Device& admin);
  void revoke(const std::string& form, AdminView& view);
  void rename(const std::string& form, AdminView& view);
  void merge(const std::string& form, AdminView& view);
  void erase(const std::string& form, AdminView& view);

  sync::Hub& hub_;
  JoinDetails join_;
  // What a session's last form did, shown once by the page its POST redirects to.
  struct Done {
    Notice notice;
    std::string enrolled_html;
  };

  std::map<std::string, PendingJoin> joins_;  // by download id
  std::map<std::string, Done> done_;          // by the session's form token
  // Of the request being handled: its admin (for the log) and its session's form token.
  std::string acting_, form_token_;
};

}  // namespace triad::dashboard
