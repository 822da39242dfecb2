// Who may read the dashboard: alliance leads, enrolled with `triad-hub enroll --role lead`.
//
// A lead proves itself with its token, either on each request (`Authorization: Bearer TOKEN`) or
// once at the login form, which opens a session: a random 256-bit id in a Secure, HttpOnly,
// SameSite=Strict cookie, kept in memory for 8 hours. Every request with a session looks the token
// up again, so revoking a lead's token ends its sessions at once. Device and hub tokens are
// refused (they sync records; they do not read reports).
//
// One-time login links (`triad-hub login-link TOKEN_ID`) are for a browser that cannot be given a
// token (a headless browser in a test, a lead who would rather click than paste): a random code
// valid for 10 minutes and once only, kept in the hub's registry (device_registry.h) as the SHA-256
// of the code, so the CLI can make one while the hub serves.
//
// LeadSessions is not thread-safe: the dashboard uses it from its one store thread.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "triad/core/device_registry.h"
#include "triad/hub/hub.h"

namespace triad::dashboard {

constexpr std::chrono::hours kSessionLifetime{8};
constexpr std::chrono::minutes kLoginLinkLifetime{10};

// What a token (or token id) is: a valid lead's (reads the reports), a valid admin's (the admin
// page and the reports), a valid token of a device or lower hub (not allowed on the dashboard),
// or refused (unknown, wrong secret, malformed, revoked).
enum class Verdict { kLead, kAdmin, kNotALead, kRefused };
struct LeadCheck {
  Verdict verdict = Verdict::kRefused;
  core::Device device;  // set for kLead, kAdmin and kNotALead

  bool reads_reports() const { return verdict == Verdict::kLead || verdict == Verdict::kAdmin; }
};
LeadCheck check_lead_token(sync::Hub& hub, const std::string& token);
// The same for a token id (a session's or a login link's): valid only while it is a lead's
// unrevoked token.
LeadCheck check_lead_token_id(core::DeviceRegistry& devices, const std::string& token_id);

class LeadSessions {
 public:
  // Opens a session for the lead's token id; returns the session id for the cookie.
  core::Result<std::string> open(const std::string& token_id);
  // The token id of a live session ("" when unknown or expired).
  std::string token_id_of(const std::string& session_id);
  // The session's anti-forgery token, which every admin form carries and every POST must return
  // ("" when the session is unknown): a page on another site cannot read it, so cannot forge a
  // form that the browser would send with the session's cookie.
  std::string form_token_of(const std::string& session_id);
  void close(const std::string& session_id);

 private:
  struct Session {
    std::string token_id;
    std::string form_token;
    std::chrono::steady_clock::time_point expires;
  };
  std::map<std::string, Session> sessions_;
};

// Makes a one-time login link code for a lead's or admin's token id. kNotFound /
// kFailedPrecondition when the token id is not a valid lead or admin token.
core::Result<std::string> create_login_link(core::DeviceRegistry& devices,
                                            const std::string& token_id, uint64_t now_ms);
// Uses up a code: the token id it was made for, or kFailedPrecondition when it is unknown, used or
// expired.
core::Result<std::string> redeem_login_link(core::DeviceRegistry& devices, const std::string& code,
                                            uint64_t now_ms);

}  // namespace triad::dashboard
