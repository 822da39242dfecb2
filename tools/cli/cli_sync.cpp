// triad config | sync
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <random>
#include <thread>

#include "commands.h"
#include "session_notes.h"
#include "sync_settings.h"
#include "triad/sync/run_lock.h"
#include "triad/sync/schedule.h"
#include "triad/sync/transport.h"

namespace triad::cli {

namespace {

struct SyncArgs {
  std::string key, value;
  std::string hub, token, ca, every;
  bool plaintext = false;
  int timeout_s = 30;
};

std::atomic<bool> g_stop{false};

bool known_key(const std::string& key) {
  for (const std::string& k : app::sync_setting_names())
    if (key == k) return true;
  return false;
}

std::string shown(const std::string& key, const std::string& value) {
  if (key != "token" || value.size() < 9) return value;
  return value.substr(0, 9) + std::string(value.size() - 9, '*');  // the id, never the secret
}

int run_config(const CliContext& ctx, const SyncArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  if (!a.key.empty() && !known_key(a.key)) {
    fmt::print(stderr, "triad: unknown setting '{}'; the settings are: hub, token, ca, insecure-plaintext\n", a.key);
    return kExitBadInput;
  }
  if (!a.key.empty() && !a.value.empty()) return report(store->set_setting(app::sync_setting_key(a.key), a.value));
  for (const std::string& k : app::sync_setting_names()) {
    if (!a.key.empty() && a.key != k) continue;
    auto v = store->setting(app::sync_setting_key(k));
    if (!v) return report(v.status());
    fmt::print("{} = {}\n", k, v->has_value() ? shown(k, **v) : "(not set)");
  }
  return kExitOk;
}

// Parses 90, 30s, 15m, 2h into milliseconds; 0 when malformed.
std::chrono::milliseconds parse_duration(const std::string& text) {
  if (text.empty()) return std::chrono::milliseconds(0);
  size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &used);
  } catch (...) {
    return std::chrono::milliseconds(0);
  }
  const std::string unit = text.substr(used);
  const long long scale = unit.empty() || unit == "s" ? 1000 : unit == "m" ? 60'000 : unit == "h" ? 3'600'000 : 0;
  return std::chrono::milliseconds(n > 0 ? n * scale : 0);
}

// The saved settings, overridden by what was given on the command line.
core::Result<app::SyncSettings> sync_settings(core::Store& store, const SyncArgs& a) {
  auto saved = app::load_sync_settings(store);
  if (!saved) return saved.status();
  app::SyncSettings s = std::move(saved).value();
  if (!a.hub.empty()) s.hub = a.hub;
  if (!a.ca.empty()) s.ca = a.ca;
  if (!a.token.empty()) s.token = a.token;
  if (a.plaintext) s.plaintext = true;
  return s;
}

int sync_once(core::Store& store, const CliContext& ctx, const SyncArgs& a) {
  auto lock = sync::RunLock::try_acquire(ctx.db_path + ".sync-lock");
  if (!lock) {
    fmt::print(stderr, "triad: another sync of this store is running; try again when it has finished\n");
    return kExitNetwork;
  }
  auto settings = sync_settings(store, a);
  if (!settings) return report(settings.status());
  auto address = app::hub_address(*settings, std::chrono::seconds(a.timeout_s));
  if (!address) return report(address.status());
  sync::ClientOptions options;
  options.token = settings->token;
  if (options.token.empty())
    return report(core::invalid_argument("no device token: give --token, or save it with: triad config token TOKEN"));
  const bool tty = ::isatty(STDERR_FILENO);
  options.on_progress = [tty](const sync::SyncReport& r) {
    if (tty) fmt::print(stderr, "\r  sent {}, received {}...", r.pushed, r.pulled);
    else if ((r.push_batches + r.pull_batches) % 20 == 0) fmt::print(stderr, "  sent {}, received {}\n", r.pushed, r.pulled);
  };
  auto result = sync::sync_with_hub(store, *address, options);
  if (tty) fmt::print(stderr, "\r\033[K");
  if (!result) return report(result.status());
  fmt::print("synced with the hub of {} at {}: sent {}, received {} ({} changed here){}{}\n", result->alliance,
             address->address, result->pushed, result->pulled, result->changed,
             result->refused ? fmt::format(", {} refused by the hub (see: triad status)", result->refused) : "",
             result->refused_here ? fmt::format(", {} received records refused here (check this device's date "
                                                "and time; they come again at the next sync)", result->refused_here)
                                  : "");
  for (const std::string& note : app::session_notes(*result, store.wall_ms())) fmt::print("{}\n", note);
  return kExitOk;
}

int run_sync(const CliContext& ctx, const SyncArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  if (a.every.empty()) return sync_once(*store, ctx, a);
  const auto period = parse_duration(a.every);
  if (period.count() == 0) {
    fmt::print(stderr, "triad: --every takes a duration such as 90s, 15m or 1h, not '{}'\n", a.every);
    return kExitUsage;
  }
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  sync::SyncSchedule schedule(period, std::chrono::seconds(30), std::random_device{}());
  while (!g_stop) {
    const bool ok = sync_once(*store, ctx, a) == kExitOk;
    const auto wait = schedule.next_delay(ok);
    fmt::print(stderr, "next sync in {} s{}\n", wait.count() / 1000,
               ok ? "" : fmt::format(" (retrying after {} failure{})", schedule.consecutive_failures(),
                                     schedule.consecutive_failures() == 1 ? "" : "s"));
    for (auto slept = std::chrono::milliseconds(0); slept < wait && !g_stop; slept += std::chrono::milliseconds(200))
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return kExitOk;
}

}  // namespace

void add_sync_commands(CLI::App& app, CliContext& ctx, int& exit_code) {
  auto a = std::make_shared<SyncArgs>();
  auto* config = app.add_subcommand("config", "Show or save sync settings: hub, token, ca, insecure-plaintext.\n"
                                              "  triad config hub 10.0.0.5:7400   triad config   triad config token");
  config->add_option("key", a->key, "the setting");
  config->add_option("value", a->value, "its new value");
  config->callback([&, a] { exit_code = run_config(ctx, *a); });

  auto* sync = app.add_subcommand("sync", "Send this device's changes to the hub and receive the alliance's.\n"
                                          "Settings saved with `triad config` are used unless given here.");
  sync->add_option("--hub", a->hub, "HOST:PORT of the hub");
  sync->add_option("--token", a->token, "this device's token from `triad-hub enroll`");
  sync->add_option("--ca", a->ca, "PEM CA or certificate the hub's certificate is checked against");
  sync->add_flag("--insecure-plaintext", a->plaintext, "no TLS: only for tests on loopback");
  sync->add_option("--every", a->every, "keep syncing every DURATION (90s, 15m, 1h), backing off after failures");
  sync->add_option("--timeout", a->timeout_s, "seconds to wait for the hub at each step (default 30)");
  sync->callback([&, a] { exit_code = run_sync(ctx, *a); });
}

}  // namespace triad::cli
