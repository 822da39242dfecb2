#include "sync_settings.h"

namespace triad::app {

const std::vector<std::string>& sync_setting_names() {
  static const std::vector<std::string> kNames{"hub", "token", "ca", "insecure-plaintext"};
  return kNames;
}

std::string sync_setting_key(const std::string& name) { return "sync." + name; }

core::Result<SyncSettings> load_sync_settings(core::Store& store) {
  SyncSettings s;
  std::string plaintext;
  const std::pair<const char*, std::string*> fields[] = {
      {"hub", &s.hub}, {"token", &s.token}, {"ca", &s.ca}, {"insecure-plaintext", &plaintext}};
  for (const auto& [name, out] : fields) {
    auto value = store.setting(sync_setting_key(name));
    if (!value) return value.status();
    *out = value->value_or("");
  }
  s.plaintext = plaintext == "yes" || plaintext == "true";
  return s;
}

core::Status save_sync_settings(core::Store& store, const SyncSettings& s) {
  const std::pair<const char*, std::string> fields[] = {
      {"hub", s.hub},
      {"token", s.token},
      {"ca", s.ca},
      {"insecure-plaintext", s.plaintext ? "yes" : ""}};
  for (const auto& [name, value] : fields)
    if (!value.empty()) TRIAD_RETURN_IF_ERROR(store.set_setting(sync_setting_key(name), value));
  return core::Status::ok();
}

core::Result<sync::HubAddress> hub_address(const SyncSettings& s,
                                           std::chrono::milliseconds timeout) {
  if (s.hub.empty())
    return core::invalid_argument(
        "no hub to sync with: give --hub HOST:PORT, or save it with: triad config hub HOST:PORT");
  return sync::HubAddress{s.hub, s.ca, s.plaintext, timeout};
}

}  // namespace triad::app
