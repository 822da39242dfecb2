#include "sync_settings.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
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

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

core::Result<std::vector<std::string>> parse_hub_list(const std::string& text) {
  std::vector<std::string> hubs;
  size_t from = 0;
  for (;;) {
    const size_t comma = std::min(text.find(',', from), text.size());
    const std::string address = trimmed(text.substr(from, comma - from));
    if (address.empty())
      return core::invalid_argument(
          "the hub's addresses are HOST:PORT, or several separated by commas (such as "
          "hub-a.example.org:7400,hub-b.example.org:7400), with none left empty: not '" +
          text + "'");
    TRIAD_RETURN_IF_ERROR(check_hub_address(address));
    if (std::find(hubs.begin(), hubs.end(), address) != hubs.end())
      return core::invalid_argument("the hub's address " + address + " is given twice in '" + text +
                                    "'");
    hubs.push_back(address);
    if (comma == text.size()) return hubs;
    from = comma + 1;
  }
}

std::string hub_list_text(const std::vector<std::string>& hubs) {
  std::string out;
  for (const std::string& h : hubs) out += (out.empty() ? "" : ",") + h;
  return out;
}

const std::vector<std::string>& sync_setting_names() {
  static const std::vector<std::string> kNames{"hub", "token", "ca", "insecure-plaintext"};
  return kNames;
}

core::Result<std::string> check_sync_setting(const std::string& name, const std::string& value) {
  if (name == "hub") {
    auto hubs = parse_hub_list(value);
    if (!hubs) return hubs.status();
    return hub_list_text(*hubs);
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

core::Result<std::string> set_sync_setting(core::Store& store, const std::string& name,
                                           const std::string& value) {
  if (name == "token")
    return core::invalid_argument("the token is kept outside the store: use save_sync_settings");
  auto checked = check_sync_setting(name, value);
  if (!checked) return checked.status();
  auto target = store.sync_target();
  if (!target) return target.status();
  if (name == "hub") {
    target->hubs = parse_hub_list(*checked).value();
    if (std::find(target->hubs.begin(), target->hubs.end(), target->answered) == target->hubs.end())
      target->answered.clear();
  }
  if (name == "ca") target->ca = *checked;
  if (name == "insecure-plaintext") target->plaintext = !checked->empty();
  TRIAD_RETURN_IF_ERROR(store.save_sync_target(*target));
  return checked;
}

core::Result<std::string> sync_setting_value(core::Store& store, const std::string& name) {
  auto target = store.sync_target();
  if (!target) return target.status();
  if (name == "hub") return hub_list_text(target->hubs);
  if (name == "ca") return target->ca;
  if (name == "insecure-plaintext") return std::string(target->plaintext ? "yes" : "");
  return core::invalid_argument("unknown setting '" + name +
                                "'; the settings kept in the store are: hub, ca, "
                                "insecure-plaintext");
}

core::Result<SyncSettings> load_sync_settings(core::Store& store) {
  auto target = store.sync_target();
  if (!target) return target.status();
  SyncSettings s;
  s.hubs = target->hubs;
  s.ca = target->ca;
  s.plaintext = target->plaintext;
  auto token = load_token(store.path());
  if (!token) return token.status();
  s.token = *token;
  if (s.token.empty()) {  // a store whose token has not been moved out yet
    auto legacy = store.legacy_token();
    if (!legacy) return legacy.status();
    s.token = legacy->value_or("");
  }
  return s;
}

core::Status save_sync_settings(core::Store& store, const SyncSettings& s) {
  auto target = store.sync_target();
  if (!target) return target.status();
  if (!s.hubs.empty()) {
    auto hubs = parse_hub_list(hub_list_text(s.hubs));
    if (!hubs) return hubs.status();
    target->hubs = *hubs;
  }
  if (!s.ca.empty()) {
    auto ca = check_sync_setting("ca", s.ca);
    if (!ca) return ca.status();
    target->ca = *ca;
  }
  if (s.plaintext) target->plaintext = true;
  if (!s.token.empty()) {
    auto token = check_sync_setting("token", s.token);
    if (!token) return token.status();
  }
  TRIAD_RETURN_IF_ERROR(store.save_sync_target(*target));
  if (!s.token.empty()) TRIAD_RETURN_IF_ERROR(save_token(store.path(), s.token));
  return core::Status::ok();
}

core::Result<std::vector<sync::HubAddress>> hub_addresses(const SyncSettings& s,
                                                          std::chrono::milliseconds timeout) {
  if (s.hubs.empty())
    return core::invalid_argument(
        "no hub to sync with: give --hub HOST:PORT, or save it with: triad config hub HOST:PORT");
  std::vector<sync::HubAddress> out;
  for (const std::string& h : s.hubs) out.push_back({h, s.ca, s.plaintext, timeout});
  return out;
}

core::Status overlay_given_settings(SyncSettings& s, const std::string& hub, const std::string& ca,
                                    const std::string& token_file) {
  if (!hub.empty()) {
    auto hubs = parse_hub_list(hub);
    if (!hubs) return hubs.status();
    s.hubs = *hubs;
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
