#include "sync_settings.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "credentials.h"
#include "token_input.h"
#include "triad/sync/token.h"

namespace triad::client {

namespace {

bool is_host(const std::string& host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {  // [IPv6]
    for (char c : host.substr(1, host.size() - 2))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    return true;
  }
  if (host.empty() || host.size() > 253) return false;
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_')
      return false;
  return true;
}

core::Status check_hub_address(const std::string& text) {
  const auto refused = core::invalid_argument(
      "the hub's address must be HOST:PORT, such as hub.example.org:7400 or "
      "10.0.0.5:7400, not '" +
      text + "'");
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || !is_host(text.substr(0, colon))) return refused;
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5) return refused;
  for (char c : port)
    if (!std::isdigit(static_cast<unsigned char>(c))) return refused;
  if (const int n = std::stoi(port); n < 1 || n > 65535)
    return core::invalid_argument("the port in the hub's address '" + text +
                                  "' must be between 1 and 65535");
  return core::Status::ok();
}

core::Result<std::string> check_ca_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string absolute = fs::absolute(path, ec).lexically_normal().string();
  if (ec || !fs::exists(absolute, ec))
    return core::invalid_argument("there is no CA file at " + path +
                                  ": give the hub's certificate (or its CA's) "
                                  "as a PEM file, as the hub admin sent it");
  if (fs::is_directory(absolute, ec))
    return core::invalid_argument("the CA file " + path + " is a folder");
  std::ifstream in(absolute, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in)
    return core::invalid_argument("cannot read the CA file " + path + ": check its permissions");
  const std::string pem = text.str();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  const bool ok = cert != nullptr;
  X509_free(cert);
  BIO_free(bio);
  if (!ok)
    return core::invalid_argument(
        "the CA file " + path +
        " holds no PEM certificate (a file that starts with "
        "-----BEGIN CERTIFICATE-----): give the hub's certificate, not its key");
  return absolute;
}

}  // namespace

const std::vector<std::string>& sync_setting_names() {
  static const std::vector<std::string> kNames{"hub", "token", "ca", "insecure-plaintext"};
  return kNames;
}

std::string sync_setting_key(const std::string& name) { return "sync." + name; }

core::Result<std::string> check_sync_setting(const std::string& name, const std::string& value) {
  if (name == "hub") {
    TRIAD_RETURN_IF_ERROR(check_hub_address(value));
    return value;
  }
  if (name == "ca") return check_ca_file(value);
  if (name == "token") {
    if (auto t = sync::parse_token(value); !t) return t.status();
    return value;
  }
  if (name == "insecure-plaintext") {
    if (value != "yes" && value != "no")
      return core::invalid_argument(
          "insecure-plaintext is yes (plain TCP, for tests on loopback only) or no");
    return value == "yes" ? value : std::string();
  }
  return core::invalid_argument("unknown setting '" + name +
                                "'; the settings are: hub, token, ca, insecure-plaintext");
}

core::Result<SyncSettings> load_sync_settings(core::Store& store) {
  SyncSettings s;
  std::string plaintext, legacy_token;
  const std::pair<std::string, std::string*> fields[] = {
      {sync_setting_key("hub"), &s.hub},
      {sync_setting_key("ca"), &s.ca},
      {sync_setting_key("insecure-plaintext"), &plaintext},
      {kLegacyTokenSetting, &legacy_token}};
  for (const auto& [key, out] : fields) {
    auto value = store.setting(key);
    if (!value) return value.status();
    *out = value->value_or("");
  }
  s.plaintext = plaintext == "yes" || plaintext == "true";
  auto token = load_token(store.path());
  if (!token) return token.status();
  s.token = token->empty() ? legacy_token : *token;
  return s;
}

core::Status save_sync_settings(core::Store& store, const SyncSettings& s) {
  const std::pair<const char*, std::string> fields[] = {
      {"hub", s.hub}, {"ca", s.ca}, {"insecure-plaintext", s.plaintext ? "yes" : ""}};
  std::vector<std::pair<std::string, std::string>> checked;
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;
    auto saved = check_sync_setting(name, value);
    if (!saved) return saved.status();
    checked.emplace_back(sync_setting_key(name), *saved);
  }
  if (!s.token.empty()) {
    auto token = check_sync_setting("token", s.token);
    if (!token) return token.status();
  }
  for (const auto& [key, value] : checked) TRIAD_RETURN_IF_ERROR(store.set_setting(key, value));
  if (!s.token.empty()) TRIAD_RETURN_IF_ERROR(save_token(store.path(), s.token));
  return core::Status::ok();
}

core::Result<sync::HubAddress> hub_address(const SyncSettings& s,
                                           std::chrono::milliseconds timeout) {
  if (s.hub.empty())
    return core::invalid_argument(
        "no hub to sync with: give --hub HOST:PORT, or save it with: triad config hub HOST:PORT");
  return sync::HubAddress{s.hub, s.ca, s.plaintext, timeout};
}

core::Status overlay_given_settings(SyncSettings& s, const std::string& hub, const std::string& ca,
                                    const std::string& token_file) {
  if (!hub.empty()) {
    auto checked = check_sync_setting("hub", hub);
    if (!checked) return checked.status();
    s.hub = *checked;
  }
  if (!ca.empty()) {
    auto checked = check_sync_setting("ca", ca);
    if (!checked) return checked.status();
    s.ca = *checked;
  }
  auto token = read_token(token_file);
  if (!token) return token.status();
  if (*token) s.token = **token;
  return core::Status::ok();
}

}  // namespace triad::client
