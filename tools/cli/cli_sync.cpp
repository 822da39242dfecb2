// triad config | sync
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <random>
#include <thread>

#include "commands.h"
#include "credentials.h"
#include "hub_sync.h"
#include "session_notes.h"
#include "sync_settings.h"
#include "time_text.h"
#include "token_input.h"
#include "triad/sync/run_lock.h"
#include "triad/sync/schedule.h"
#include "triad/sync/transport.h"

namespace triad::cli {

namespace {

struct SyncArgs {
  std::string key, value;
  std::string hub, token_on_command_line, token_file, ca, every;
  bool token_given = false;  // --token VALUE, which is refused
  bool plaintext = false;
  int timeout_s = 30;
};

std::atomic<bool> g_stop{false};
std::atomic<int> g_stop_signal{0};

bool known_key(const std::string& key) {
  for (const std::string& k : client::sync_setting_names())
    if (key == k) return true;
  return false;
}

int refuse_token_on_command_line() {
  fmt::print(stderr, "triad: {}\n", client::token_on_command_line_refusal("triad"));
  return kExitUsage;
}

// The token as `triad config` shows it: its id only, and where it is kept.
int show_token(core::Store& store) {
  auto settings = client::load_sync_settings(store);
  if (!settings) return report(settings.status());
  if (settings->token.empty())
    fmt::print("token = (not set)\n");
  else
    fmt::print("token = {} (the id; the token is kept in {})\n", client::token_id(settings->token),
               client::credentials_path());
  return kExitOk;
}

int save_token(core::Store& store, const SyncArgs& a) {
  auto token = client::read_token(a.token_file);
  if (!token) return report(token.status());
  if (int code = report(client::save_sync_settings(store, {{}, token->value_or(""), "", false}));
      code != kExitOk)
    return code;
  fmt::print("device token {} saved in {} (mode 0600), not in the store\n",
             client::token_id(**token), client::credentials_path());
  return kExitOk;
}

int save_setting(core::Store& store, const SyncArgs& a) {
  auto saved = client::set_sync_setting(store, a.key, a.value);
  if (!saved) return report(saved.status());
  fmt::print("{} = {}\n", a.key, saved->empty() ? "(not set)" : *saved);
  return kExitOk;
}

int run_config(const CliContext& ctx, const SyncArgs& a) {
  if (a.token_given || (a.key == "token" && !a.value.empty()))
    return refuse_token_on_command_line();
  if (!a.key.empty() && !known_key(a.key)) {
    fmt::print(
        stderr,
        "triad: unknown setting '{}'; the settings are: hub, token, ca, insecure-plaintext\n",
        a.key);
    return kExitBadInput;
  }
  if (!a.token_file.empty() && a.key != "token") {
    fmt::print(
        stderr,
        "triad: --token-file goes with the token setting: triad config token --token-file FILE\n");
    return kExitUsage;
  }
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  if (a.key == "token" && !a.token_file.empty()) return save_token(*store, a);
  if (!a.key.empty() && !a.value.empty()) return save_setting(*store, a);
  for (const std::string& k : client::sync_setting_names()) {
    if (!a.key.empty() && a.key != k) continue;
    if (k == "token") {
      if (int shown = show_token(*store); shown != kExitOk) return shown;
      continue;
    }
    auto v = client::sync_setting_value(*store, k);
    if (!v) return report(v.status());
    fmt::print("{} = {}\n", k, v->empty() ? "(not set)" : *v);
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
  const long long scale = unit.empty() || unit == "s" ? 1000
                          : unit == "m"               ? 60'000
                          : unit == "h"               ? 3'600'000
                                                      : 0;
  return std::chrono::milliseconds(n > 0 ? n * scale : 0);
}

// "90 s", "15 min", "2 h" for a log line.
std::string duration_text(std::chrono::milliseconds d) {
  const long long s = (d.count() + 500) / 1000;
  if (s < 120) return fmt::format("{} s", s);
  if (s < 2 * 3600) return fmt::format("{} min", (s + 30) / 60);
  return fmt::format("{} h", (s + 1800) / 3600);
}

// The saved settings, overridden by what was given on the command line (or in TRIAD_TOKEN).
core::Result<client::SyncSettings> sync_settings(core::Store& store, const SyncArgs& a) {
  auto saved = client::load_sync_settings(store);
  if (!saved) return saved.status();
  client::SyncSettings s = std::move(saved).value();
  TRIAD_RETURN_IF_ERROR(client::overlay_given_settings(s, a.hub, a.ca, a.token_file));
  if (a.plaintext) s.plaintext = true;
  if (s.token.empty())
    return core::invalid_argument(
        "no device token for this store: save it once with: triad config token --token-file FILE "
        "(or "
        "--token-file - to paste it), or give it in the environment variable TRIAD_TOKEN");
  return s;
}

// The hub addresses passed over (hub_sync.h) and what the session found and repaired
// (session_notes.h), a line each after the summary.
std::string notes_of(const sync::HubSync& sync, uint64_t now_ms) {
  std::string out;
  for (const std::string& line : client::skipped_hub_lines(sync)) out += "\n" + line;
  for (const std::string& note : client::session_notes(sync.report, now_ms)) out += "\n" + note;
  return out;
}

// One sync: the summary line for a person or a log, and what it repaired, or why it failed.
struct SyncOutcome {
  core::Status status;
  std::string summary;
  std::string notes;  // "" or lines, each starting with a newline
};

SyncOutcome sync_once(core::Store& store, const CliContext& ctx, const SyncArgs& a) {
  auto lock = sync::RunLock::try_acquire(ctx.db_path + ".sync-lock");
  if (!lock)
    return {
        core::unavailable("another sync of this store is running; try again when it has finished"),
        "", ""};
  auto settings = sync_settings(store, a);
  if (!settings) return {settings.status(), "", ""};
  sync::ClientOptions options;
  options.token = settings->token;
  // Progress only where a person watches: a log (a pipe, a file, the journal) gets the summary.
  const bool tty = ::isatty(STDERR_FILENO);
  if (tty)
    options.on_progress = [](const sync::SyncReport& r) {
      fmt::print(stderr, "\r  sent {}, received {}...", r.pushed, r.pulled);
    };
  auto synced =
      client::sync_with_hubs(store, *settings, std::chrono::seconds(a.timeout_s), options);
  if (tty) fmt::print(stderr, "\r\033[K");
  if (!synced) return {synced.status(), "", ""};
  const sync::SyncReport& result = synced->report;
  return {
      core::Status::ok(),
      fmt::format("synced with the hub of {} at {}: sent {}, received {} ({} changed here){}{}",
                  result.alliance, synced->address, result.pushed, result.pulled, result.changed,
                  result.refused
                      ? fmt::format(", {} refused by the hub (see: triad status)", result.refused)
                      : "",
                  result.refused_here
                      ? fmt::format(", {} received records refused here (check this device's date "
                                    "and time; they come again at the next sync)",
                                    result.refused_here)
                      : ""),
      notes_of(*synced, store.wall_ms())};
}

std::string now_text() {
  return client::local_time_text(static_cast<uint64_t>(std::time(nullptr)) * 1000, true);
}

void on_stop_signal(int sig) {
  g_stop_signal = sig;
  g_stop = true;
}

// `sync --every`: one line per sync, time-stamped, for the log of a service or a terminal. Stops
// on SIGINT or SIGTERM (exit 0), and when the hub refuses the device's token (exit 2): retrying
// cannot help then. Every other failure is retried, backing off.
int sync_periodically(core::Store& store, const CliContext& ctx, const SyncArgs& a,
                      std::chrono::milliseconds period) {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  sync::SyncSchedule schedule(period, std::chrono::seconds(30), std::random_device{}());
  size_t syncs = 0;
  while (!g_stop) {
    const SyncOutcome outcome = sync_once(store, ctx, a);
    ++syncs;
    if (outcome.status.code() == core::StatusCode::kUnauthenticated) {
      fmt::print(stderr,
                 "{} triad: {}\n{} triad: stopped: the hub does not accept this device's token, so "
                 "syncing again "
                 "cannot help. Ask the hub admin for a new token, save it with: triad config token "
                 "--token-file FILE, "
                 "then start the periodic sync again\n",
                 now_text(), outcome.status.message(), now_text());
      return exit_code_for(outcome.status.code());
    }
    const auto wait = schedule.next_delay(outcome.status.is_ok());
    if (outcome.status.is_ok())
      fmt::print("{} {}; next sync in {}{}\n", now_text(), outcome.summary, duration_text(wait),
                 outcome.notes);
    else
      fmt::print(stderr, "{} triad: {}; trying again in {} ({} failure{} in a row)\n", now_text(),
                 outcome.status.message(), duration_text(wait), schedule.consecutive_failures(),
                 schedule.consecutive_failures() == 1 ? "" : "s");
    for (auto slept = std::chrono::milliseconds(0); slept < wait && !g_stop;
         slept += std::chrono::milliseconds(200))
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  fmt::print("{} stopped by {} after {} sync{}\n", now_text(),
             g_stop_signal == SIGINT ? "SIGINT" : "SIGTERM", syncs, syncs == 1 ? "" : "s");
  return kExitOk;
}

int run_sync(const CliContext& ctx, const SyncArgs& a) {
  if (a.token_given) return refuse_token_on_command_line();
  // A log must hold every line the moment it is written, even if the job is killed afterwards.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  if (a.every.empty()) {
    const SyncOutcome outcome = sync_once(*store, ctx, a);
    if (!outcome.status.is_ok()) return report(outcome.status);
    fmt::print("{}{}\n", outcome.summary, outcome.notes);
    return kExitOk;
  }
  const auto period = parse_duration(a.every);
  if (period.count() == 0) {
    fmt::print(stderr, "triad: --every takes a duration such as 90s, 15m or 1h, not '{}'\n",
               a.every);
    return kExitUsage;
  }
  return sync_periodically(*store, ctx, a, period);
}

void add_token_options(CLI::App* cmd, const std::shared_ptr<SyncArgs>& a, const char* what) {
  cmd->add_option("--token-file", a->token_file,
                  std::string(what) +
                      ": a file holding this device's token (- reads standard input, typed without "
                      "echo on a terminal); else $TRIAD_TOKEN");
  cmd->add_option("--token", a->token_on_command_line,
                  "refused: a token on the command line is seen by others")
      ->each([a](const std::string&) { a->token_given = true; })
      ->group("");
}

}  // namespace

void add_sync_commands(CLI::App& app, CliContext& ctx, int& exit_code) {
  auto a = std::make_shared<SyncArgs>();
  auto* config = app.add_subcommand(
      "config",
      "Show or save sync settings: hub, token, ca, insecure-plaintext.\n"
      "  triad config hub 10.0.0.5:7400   triad config ca hub-ca.pem   triad config\n"
      "  triad config hub 10.0.0.5:7400,10.0.0.6:7400   (the hub processes of one alliance,\n"
      "    separated by commas: each sync tries them in order, the one that answered last\n"
      "    first, and moves on only from one that does not answer)\n"
      "  triad config token --token-file token.txt   (or --token-file - to paste it)");
  config->add_option("key", a->key, "the setting");
  config->add_option(
      "value", a->value,
      "its new value (checked before it is saved; a CA file is saved as an absolute path)");
  add_token_options(config, a,
                    "with `token`, save the token read from FILE in the credentials file");
  config->callback([&, a] { exit_code = run_config(ctx, *a); });

  auto* sync =
      app.add_subcommand("sync",
                         "Send this device's changes to the hub and receive the alliance's.\n"
                         "Settings saved with `triad config` are used unless given here.");
  sync->add_option("--hub", a->hub,
                   "HOST:PORT of the hub, or several separated by commas (A:7400,B:7400): tried in "
                   "order, moving to the next only when one does not answer (refused, no route, "
                   "timed out, or a TLS handshake not finished in time); a hub that answers and "
                   "refuses, or whose certificate does not verify, ends the sync");
  add_token_options(sync, a, "use this token instead of the saved one");
  sync->add_option("--ca", a->ca, "PEM CA or certificate the hub's certificate is checked against");
  sync->add_flag("--insecure-plaintext", a->plaintext, "no TLS: only for tests on loopback");
  sync->add_option(
      "--every", a->every,
      "keep syncing every DURATION (90s, 15m, 1h), backing off after failures; one line per sync; "
      "stops on SIGTERM, or when the hub refuses the token");
  sync->add_option("--timeout", a->timeout_s,
                   "seconds to wait for the hub at each step (default 30)");
  sync->callback([&, a] { exit_code = run_sync(ctx, *a); });
}

}  // namespace triad::cli
