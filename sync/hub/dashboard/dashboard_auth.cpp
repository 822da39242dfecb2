#include "dashboard_auth.h"

#include "triad/sync/token.h"

namespace triad::dashboard {

namespace {

// 128 bits from OpenSSL, as hex, from the token generator (the only source of secrets here).
core::Result<std::string> random_hex(int blocks) {
  std::string out;
  for (int i = 0; i < blocks; ++i) {
    auto t = sync::generate_token();
    if (!t) return t.status();
    out += t->secret;
  }
  return out;
}

LeadCheck verdict_for(const core::Device& d) {
  if (d.revoked_ms != 0) return {Verdict::kRefused, d};
  if (d.role == core::DeviceRole::kLead) return {Verdict::kLead, d};
  if (d.role == core::DeviceRole::kAdmin) return {Verdict::kAdmin, d};
  return {Verdict::kNotALead, d};
}

}  // namespace

LeadCheck check_lead_token(sync::Hub& hub, const std::string& token) {
  auto device = hub.authenticate(token);  // constant-time comparison of the secret's hash
  if (!device) return {};
  return verdict_for(*device);
}

LeadCheck check_lead_token_id(core::DeviceRegistry& devices, const std::string& token_id) {
  auto device = devices.find(token_id);
  if (!device || !device->has_value()) return {};
  return verdict_for(**device);
}

core::Result<std::string> LeadSessions::open(const std::string& token_id) {
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(sessions_, [&](const auto& s) { return s.second.expires <= now; });
  auto id = random_hex(2);
  if (!id) return id.status();
  auto form_token = random_hex(2);
  if (!form_token) return form_token.status();
  sessions_[*id] = {token_id, *form_token, now + kSessionLifetime};
  return id;
}

std::string LeadSessions::form_token_of(const std::string& session_id) {
  if (token_id_of(session_id).empty()) return {};
  return sessions_.at(session_id).form_token;
}

std::string LeadSessions::token_id_of(const std::string& session_id) {
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return {};
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    sessions_.erase(it);
    return {};
  }
  return it->second.token_id;
}

void LeadSessions::close(const std::string& session_id) { sessions_.erase(session_id); }

core::Result<std::string> create_login_link(core::DeviceRegistry& devices,
                                            const std::string& token_id, uint64_t now_ms) {
  const LeadCheck lead = check_lead_token_id(devices, token_id);
  if (!lead.reads_reports())
    return core::failed_precondition(
        "token " + token_id +
        " is not a valid lead or admin token (enrol one with: triad-hub enroll --role lead, or "
        "--role admin)");
  auto code = random_hex(2);
  if (!code) return code.status();
  const uint64_t expires = now_ms + std::chrono::milliseconds(kLoginLinkLifetime).count();
  TRIAD_RETURN_IF_ERROR(devices.add_login_code({sync::hash_secret(*code), token_id, expires}));
  return code;
}

core::Result<std::string> redeem_login_link(core::DeviceRegistry& devices, const std::string& code,
                                            uint64_t now_ms) {
  const auto refused =
      core::failed_precondition("this login link is unknown, used or expired: ask for a new one");
  if (code.empty() || code.size() > 128) return refused;
  auto taken = devices.take_login_code(sync::hash_secret(code), now_ms);
  if (!taken) return taken.status();
  if (!taken->has_value()) return refused;
  return (*taken)->token_id;
}

}  // namespace triad::dashboard
