// The C API's sync: settings, the device token, and one sync with the hub (include/triad.h), as
// `triad config` and `triad sync` do them, through the same client library.
#include "capi_guard.h"
#include "hub_sync.h"
#include "session_notes.h"
#include "sync_settings.h"
#include "triad/sync/run_lock.h"

namespace triad::capi {
namespace {

// The saved settings, with what the caller gave over them.
core::Result<client::SyncSettings> settings_for(core::Store& store,
                                                const triad_sync_options* options) {
  auto saved = client::load_sync_settings(store);
  if (!saved) return saved.status();
  client::SyncSettings s = std::move(saved).value();
  if (options && options->hub) {
    auto hubs = client::parse_hub_list(options->hub);
    if (!hubs) return hubs.status();
    s.hubs = std::move(hubs).value();
  }
  if (options && options->ca) {
    auto ca = client::check_sync_setting("ca", options->ca);
    if (!ca) return ca.status();
    s.ca = std::move(ca).value();
  }
  if (options && options->token) {
    auto token = client::check_sync_setting("token", options->token);
    if (!token) return token.status();
    s.token = std::move(token).value();
  }
  if (s.token.empty())
    return core::invalid_argument(
        "no device token for this store: give it in the sync options, or save it once with "
        "triad_token_save");
  return s;
}

triad_progress progress_of(const sync::SyncReport& r) {
  return {r.pushed, r.pulled, r.to_send, r.to_receive, r.percent()};
}

nlohmann::json report_json(const sync::HubSync& synced, uint64_t now_ms) {
  const sync::SyncReport& r = synced.report;
  nlohmann::json notes = nlohmann::json::array();
  for (const std::string& line : client::skipped_hub_lines(synced)) notes.push_back(line);
  for (const std::string& line : client::session_notes(r, now_ms)) notes.push_back(line);
  return {{"hub", synced.address},          {"alliance", r.alliance},   {"sent", r.pushed},
          {"received", r.pulled},           {"changed", r.changed},     {"refused", r.refused},
          {"refused_here", r.refused_here}, {"notes", std::move(notes)}};
}

triad_code run_sync(core::Store& store, const triad_sync_options* options,
                    triad_progress_fn progress, void* context, char** report, char** error) {
  auto lock = sync::RunLock::try_acquire(store.path() + ".sync-lock");
  if (!lock)
    return fail(
        core::Status(core::StatusCode::kBusy,
                     "another sync of this store is running; try again when it has finished"),
        error);
  auto settings = settings_for(store, options);
  if (!settings) return fail(settings.status(), error);
  sync::ClientOptions client_options;
  client_options.token = settings->token;
  if (progress)
    client_options.on_progress = [progress, context](const sync::SyncReport& r) {
      const triad_progress p = progress_of(r);
      progress(context, &p);
    };
  const int timeout_ms = options && options->timeout_ms > 0 ? options->timeout_ms : 30'000;
  auto synced = client::sync_with_hubs(store, *settings, std::chrono::milliseconds(timeout_ms),
                                       std::move(client_options));
  if (!synced) return fail(synced.status(), error);
  return give(dump(report_json(*synced, store.wall_ms())), report, error);
}

}  // namespace
}  // namespace triad::capi

using namespace triad::capi;  // the C API's shared pieces (capi_guard.h)
namespace core = triad::core;
namespace client = triad::client;

extern "C" {

triad_code triad_settings_set(triad_store* handle, const char* name, const char* value,
                              char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    if (!given(name, "the setting's name", error) || !given(value, "the value", error))
      return TRIAD_INVALID_ARGUMENT;
    const std::string setting = name;
    if (setting == "token")
      return invalid(
          "the device token is not a setting: give it to triad_sync, or save it with "
          "triad_token_save",
          error);
    if (setting != "hub" && setting != "ca" && setting != "insecure-plaintext")
      return invalid("unknown setting '" + setting +
                         "'; the settings are hub, ca and "
                         "insecure-plaintext",
                     error);
    auto saved = client::set_sync_setting(store, setting, value);
    return saved ? TRIAD_OK : fail(saved.status(), error);
  });
}

triad_code triad_token_save(triad_store* handle, const char* token, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    if (!given(token, "the token", error)) return TRIAD_INVALID_ARGUMENT;
    auto checked = client::check_sync_setting("token", token);
    if (!checked) return fail(checked.status(), error);
    return fail(client::save_sync_settings(store, {{}, *checked, "", false}), error);
  });
}

triad_code triad_sync(triad_store* handle, const triad_sync_options* options,
                      triad_progress_fn progress, void* context, char** report, char** error) {
  return on_store(handle, error, [&](core::Store& store) {
    return run_sync(store, options, progress, context, report, error);
  });
}

}  // extern "C"
