#include "hub_commands.h"

#include <fmt/core.h>
#include <netdb.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dashboard_server.h"
#include "file_privacy.h"
#include "join_file.h"
#include "qr_text.h"
#include "sync_settings.h"
#include "time_text.h"
#include "token_input.h"
#include "triad/hub/hub.h"
#include "triad/hub/hub_server.h"
#include "triad/sync/run_lock.h"
#include "triad/sync/transport.h"

namespace triad::hub_cli {

namespace {

struct HubArgs {
  std::string alliance, school, person, role = "device", token_id;
  std::string listen = "127.0.0.1:7400", cert, key, ca, upper, token_on_command_line, token_file;
  std::string join_file, hub_addresses;  // enroll --join-file FILE --hub-address ADDR --ca CA
  bool token_given = false;              // sync-up --token VALUE, which is refused
  std::string dashboard;                 // HOST:PORT of the dashboard ("" = none)
  std::string join_addresses, join_ca;   // serve: what the admin page's join files hold
  int stale_days = 14;
  bool plaintext = false;
  int read_timeout_s = 60;
  int handshake_timeout_s = 10;
  size_t max_connections = 0;  // 0: from the file limit
  size_t max_per_address = 0;  // 0: likewise
  size_t max_buffered_mib = 128;
};

int exit_code_for(const core::Status& s) {
  switch (s.code()) {
    case core::StatusCode::kInvalidArgument:
    case core::StatusCode::kNotFound:
    case core::StatusCode::kFailedPrecondition:
    case core::StatusCode::kClockAhead:
    case core::StatusCode::kUnauthenticated:
      return 2;
    case core::StatusCode::kUnavailable:
      return 4;
    default:
      return 3;
  }
}

std::string now_text() {
  return client::local_time_text(static_cast<uint64_t>(std::time(nullptr)) * 1000, true);
}

void log_line(const std::string& line) { fmt::print(stderr, "{} {}\n", now_text(), line); }

core::Result<std::unique_ptr<sync::Hub>> open_hub(const HubContext& ctx) {
  auto hub = sync::Hub::open(db_path(ctx));
  if (hub) (*hub)->set_log(log_line);
  return hub;
}

int run_init(const HubContext& ctx, const HubArgs& a) {
  const std::string path = db_path(ctx);
  auto hub = sync::Hub::init(path, a.alliance);  // missing folders are made with mode 0700
  if (!hub) return fail(hub.status());
  fmt::print("created the hub of {} at {} (site {:016x})\n", a.alliance, path,
             (*hub)->store().identity().site);
  if (!sync::is_postgres_location(path)) fmt::print("{}", client::file_privacy_note(path));
  return 0;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int run_enroll(const HubContext& ctx, const HubArgs& a) {
  core::DeviceRole role;
  if (!core::parse_device_role(a.role, role))
    return fail(core::invalid_argument("--role must be device, hub, lead or admin"));
  // A join file is checked before the device is enrolled: nothing is made for a wrong address.
  client::JoinFile join;
  if (!a.join_file.empty()) {
    if (a.hub_addresses.empty() || a.ca.empty())
      return fail(core::invalid_argument(
          "--join-file needs --hub-address (as devices reach the hub) and --ca (the certificate "
          "devices check it against)"));
    auto hubs = client::parse_hub_list(a.hub_addresses);
    if (!hubs) return fail(hubs.status());
    auto ca = client::check_sync_setting("ca", a.ca);
    if (!ca) return fail(ca.status());
    join.hubs = *hubs;
    // Its certificates only: a PEM file may also hold the hub's private key.
    join.ca_pem = client::certificates_in(read_text_file(*ca));
    if (std::filesystem::exists(a.join_file))
      return fail(core::failed_precondition(a.join_file +
                                            " exists: choose a new file name for the join file"));
  }
  auto hub = open_hub(ctx);
  if (!hub) return fail(hub.status());
  auto e = (*hub)->enrol(a.school, a.person, role);
  if (!e) return fail(e.status());
  fmt::print("enrolled {} / {} as {} (token id {})\n", e->device.school_name, e->device.person_name,
             a.role, e->device.token_id);
  if (!a.join_file.empty()) {
    join = client::join_file_for((*hub)->alliance(), e->device, e->token, std::move(join.hubs),
                                 std::move(join.ca_pem));
    if (core::Status s = client::write_join_file(a.join_file, join); !s) {
      // No token is left without its file.
      const bool revoked = (*hub)->devices().revoke(e->device.token_id).is_ok();
      return fail(core::Status(
          s.code(), s.message() + (revoked ? " (the token was revoked)"
                                           : " (revoke token " + e->device.token_id + ")")));
    }
    // The QR code holds the token too: drawn on a terminal only, never into a log or a file.
    bool drawn = false;
    if (::isatty(STDOUT_FILENO) != 0)
      if (auto qr = client::qr_text(client::join_file_text(join), true)) {
        fmt::print("{}", *qr);
        drawn = true;
      }
    fmt::print(
        "wrote the join file {} (mode 0600): it holds the device token, shown nowhere else.\n"
        "Give it to {} privately (a USB stick, not e-mail){}.\n"
        "On the device: triad join {}   (or the app's first run); the device deletes it once "
        "joined.\n",
        a.join_file, a.person, drawn ? ", or let the device scan the code above" : "", a.join_file);
    return 0;
  }
  fmt::print("token: {}\n", e->token);
  fmt::print(
      "This is the only time the token is shown; the hub keeps only its hash. Hand it to the\n"
      "device's user privately (in a file, not by e-mail). On the device, with it in token.txt:\n"
      "  triad config hub HOST:PORT && triad config ca hub-ca.pem\n"
      "  triad config token --token-file token.txt   (or --token-file - to paste it)\n"
      "then delete token.txt.\n");
  return 0;
}

int run_revoke(const HubContext& ctx, const HubArgs& a) {
  auto hub = open_hub(ctx);
  if (!hub) return fail(hub.status());
  if (auto s = (*hub)->devices().revoke(a.token_id); !s.is_ok()) return fail(s);
  fmt::print("revoked token {}: its device can no longer sync\n", a.token_id);
  return 0;
}

int run_replace(const HubContext& ctx, const HubArgs& a) {
  auto hub = open_hub(ctx);
  if (!hub) return fail(hub.status());
  if (auto s = (*hub)->release_device(a.token_id); !s.is_ok()) return fail(s);
  fmt::print(
      "token {} is free: the next store that syncs with it becomes the device (a copy that synced\n"
      "before under it is given a new identity, so no two stores ever share one)\n",
      a.token_id);
  return 0;
}

int run_devices(const HubContext& ctx) {
  auto hub = open_hub(ctx);
  if (!hub) return fail(hub.status());
  auto devices = (*hub)->devices().devices();
  if (!devices) return fail(devices.status());
  fmt::print("{:<9} {:<24} {:<20} {:<7} {:<17} {}\n", "TOKEN", "SCHOOL", "PERSON", "ROLE",
             "LAST SYNC", "APP");
  for (const core::Device& d : devices.value())
    fmt::print("{:<9} {:<24} {:<20} {:<7} {:<17} {}{}\n", d.token_id, d.school_name, d.person_name,
               core::to_string(d.role), client::local_time_text(d.last_sync_ms), d.app_version,
               d.revoked_ms ? "  (revoked " + client::local_time_text(d.revoked_ms) + ")" : "");
  return 0;
}

// A host name a browser or a device on the network can reach: a hub listening on every address
// is reached by the machine's name, its full one where the resolver knows it (hub.school.org, not
// hub).
std::string reachable_host(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host == "0.0.0.0" || host == "[::]" || host == "::") {
    char name[256] = {};
    host = ::gethostname(name, sizeof name - 1) == 0 && name[0] ? name : "localhost";
    addrinfo hints{};
    hints.ai_flags = AI_CANONNAME;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) == 0) {
      if (found && found->ai_canonname && std::strchr(found->ai_canonname, '.'))
        host = found->ai_canonname;
      ::freeaddrinfo(found);
    }
  }
  return host;
}

// `sync_port` is where devices reach this hub, for the admin page's join files; `metrics` the sync
// server's counters, served at /metrics.
core::Result<std::unique_ptr<dashboard::DashboardServer>> start_dashboard(
    const HubContext& ctx, const HubArgs& a, uint16_t sync_port, const sync::HubMetrics& metrics) {
  if (a.plaintext)
    return core::invalid_argument("the dashboard is served over HTTPS only: give --cert and --key");
  dashboard::DashboardOptions o;
  // The admin page's join files: the addresses given, else this hub's sync port as reached from
  // the network, and the certificate devices check (the hub's own unless --join-ca names its CA).
  auto hubs = client::parse_hub_list(a.join_addresses.empty() ? reachable_host(a.listen) + ":" +
                                                                    std::to_string(sync_port)
                                                              : a.join_addresses);
  if (!hubs) return hubs.status();
  o.site.join.hubs = *hubs;
  o.site.join.guessed = a.join_addresses.empty();
  o.site.join.ca_pem =
      client::certificates_in(read_text_file(a.join_ca.empty() ? a.cert : a.join_ca));
  if (o.site.join.ca_pem.empty())
    return core::invalid_argument("no certificate in " + (a.join_ca.empty() ? a.cert : a.join_ca) +
                                  " for the admin page's join files (--join-ca)");
  o.listen = a.dashboard;
  o.cert_file = a.cert;
  o.key_file = a.key;
  o.db_path = db_path(ctx);
  o.site.stale_days = a.stale_days;
  o.site.metrics = &metrics;
  o.handshake_timeout = std::chrono::seconds(a.handshake_timeout_s);
  o.log = log_line;
  return dashboard::DashboardServer::start(o);
}

int run_serve(const HubContext& ctx, const HubArgs& a) {
  // An SQLite hub is served by one process, which holds this lock for `restore` to see.
  const std::string path = db_path(ctx);
  const bool one_process = !sync::is_postgres_location(path);
  const std::optional<sync::RunLock> serving =
      one_process ? sync::RunLock::try_acquire(serving_lock_path(path)) : std::nullopt;
  if (one_process) {
    if (!serving)
      return fail(core::failed_precondition("another triad-hub is serving " + path +
                                            ", or its lock file " + serving_lock_path(path) +
                                            " cannot be made"));
  }
  auto hub = open_hub(ctx);
  if (!hub) return fail(hub.status());
  sync::ServeOptions o;
  o.listen = a.listen;
  o.cert_file = a.cert;
  o.key_file = a.key;
  o.plaintext = a.plaintext;
  o.read_timeout = std::chrono::seconds(a.read_timeout_s);
  o.handshake_timeout = std::chrono::seconds(a.handshake_timeout_s);
  o.max_connections = a.max_connections;
  o.max_connections_per_address = a.max_per_address;
  o.max_buffered_bytes = a.max_buffered_mib << 20;
  o.handle_signals = true;
  auto server = sync::HubServer::create(**hub, o);
  if (!server) return fail(server.status());
  const std::string host = a.listen.substr(0, a.listen.rfind(':'));
  fmt::print("listening on {}:{} ({}) for the hub of {}\n", host, (*server)->port(),
             a.plaintext ? "plain TCP: tests only" : "TLS", (*hub)->alliance());
  std::unique_ptr<dashboard::DashboardServer> board;
  if (!a.dashboard.empty()) {
    auto started = start_dashboard(ctx, a, (*server)->port(), (*server)->metrics());
    if (!started) return fail(started.status());
    board = std::move(started.value());
    fmt::print("dashboard on https://{}:{}/\n", reachable_host(a.dashboard), board->port());
  }
  std::fflush(stdout);
  const core::Status served = (*server)->run();
  if (board) board->stop();
  if (!served.is_ok()) return fail(served);
  fmt::print(stderr, "{} stopped after {} session(s)\n", now_text(), (*server)->sessions_served());
  return 0;
}

int run_sync_up(const HubContext& ctx, const HubArgs& a) {
  if (a.token_given) {  // a usage error, as in `triad`
    fmt::print(stderr, "triad-hub: {}\n", client::token_on_command_line_refusal("triad-hub"));
    return 1;
  }
  auto token = client::read_token(a.token_file);
  if (!token) return fail(token.status());
  if (!*token)
    return fail(core::invalid_argument(
        "give this hub's token at the higher hub with --token-file FILE (- reads "
        "standard input) or in the environment variable TRIAD_TOKEN"));
  std::string ca = a.ca;
  if (!ca.empty()) {
    auto checked = client::check_sync_setting("ca", a.ca);
    if (!checked) return fail(checked.status());
    ca = *checked;
  }
  auto hub = open_hub(ctx);
  if (!hub) return fail(hub.status());
  sync::ClientOptions o;
  o.token = **token;
  o.alliance_only = true;
  auto report = sync::sync_with_hub((*hub)->store(), {a.upper, ca, a.plaintext}, o);
  if (!report) return fail(report.status());
  fmt::print("synced the hub of {} with {}: sent {}, received {} ({} changed), {} refused\n",
             (*hub)->alliance(), a.upper, report->pushed, report->pulled, report->changed,
             report->refused);
  return 0;
}

}  // namespace

int fail(const core::Status& s) {
  fmt::print(stderr, "triad-hub: {}\n", s.message());
  return exit_code_for(s);
}

std::string db_path(const HubContext& ctx) {
  if (!ctx.db_path.empty()) return ctx.db_path;
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  return (xdg && *xdg ? std::string(xdg) : std::string(home ? home : ".") + "/.local/share") +
         "/triad/hub.db";
}

void add_hub_commands(CLI::App& app, HubContext& ctx, int& exit_code) {
  auto a = std::make_shared<HubArgs>();
  auto* init = app.add_subcommand("init", "Create the hub's store for an alliance.");
  init->add_option("--alliance", a->alliance, "the alliance's name")->required();
  init->callback([&, a] { exit_code = run_init(ctx, *a); });

  auto* enroll = app.add_subcommand("enroll", "Enrol a device and print its token (shown once).");
  enroll->add_option("--school", a->school, "the school the device belongs to")->required();
  enroll->add_option("--person", a->person, "the member of staff using it")->required();
  enroll->add_option(
      "--role", a->role,
      "device (default), hub (a lower hub syncing up), lead (reads the reports) or admin "
      "(the dashboard's admin page and the reports)");
  enroll->add_option("--join-file", a->join_file,
                     "write a join file (mode 0600) for the device instead of printing the token: "
                     "hub addresses, certificate and token, taken by `triad join` or the app");
  enroll->add_option(
      "--hub-address", a->hub_addresses,
      "with --join-file: HOST:PORT devices reach the hub at (several: comma-separated)");
  enroll->add_option("--ca", a->ca,
                     "with --join-file: the PEM CA or certificate devices check the hub against");
  enroll->callback([&, a] { exit_code = run_enroll(ctx, *a); });

  auto* revoke = app.add_subcommand("revoke", "Revoke a device's token.");
  revoke->add_option("token_id", a->token_id, "the token id shown by enroll and devices")
      ->required();
  revoke->callback([&, a] { exit_code = run_revoke(ctx, *a); });

  auto* replace =
      app.add_subcommand("replace",
                         "Let another store sync with a device's token: a new tablet for a lost "
                         "one, or the copy of a\n"
                         "store that the hub refuses because another copy of it synced since. A "
                         "token is bound to the\n"
                         "first store that syncs with it; this lets the next one take its place.");
  replace->add_option("token_id", a->token_id, "the token id shown by enroll and devices")
      ->required();
  replace->callback([&, a] { exit_code = run_replace(ctx, *a); });

  auto* devices = app.add_subcommand("devices", "List enrolled devices with their last sync.");
  devices->callback([&] { exit_code = run_devices(ctx); });

  auto* serve = app.add_subcommand("serve", "Serve sync sessions until SIGINT or SIGTERM.");
  serve->add_option("--listen", a->listen,
                    "HOST:PORT to listen on; port 0 picks a free port (default 127.0.0.1:7400)");
  serve->add_option("--cert", a->cert, "PEM certificate (chain) of the hub");
  serve->add_option("--key", a->key, "PEM private key of the hub");
  serve->add_flag("--insecure-plaintext", a->plaintext,
                  "no TLS, for tests: only with --listen on a loopback address");
  serve
      ->add_option("--read-timeout", a->read_timeout_s,
                   "seconds a session may stay silent, and a frame take to arrive (default 60)")
      ->check(CLI::Range(1, 3600));
  serve
      ->add_option(
          "--handshake-timeout", a->handshake_timeout_s,
          "seconds a new connection has to finish TLS and Hello, else it is closed (default 10)")
      ->check(CLI::Range(1, 3600));
  serve
      ->add_option("--max-connections", a->max_connections,
                   "connections held at once (default: what the file limit allows, keeping room "
                   "for the store; the log's first line says how many)")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  serve
      ->add_option("--max-per-address", a->max_per_address,
                   "connections from one client address (default 512, at most half of "
                   "--max-connections: a school's devices may share one NAT address; behind a "
                   "proxy, raise it)")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  serve
      ->add_option("--max-buffered-mib", a->max_buffered_mib,
                   "MiB of frames in flight, all sessions together (default 128); past it reads "
                   "wait, then the device is told to sync later")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  serve->add_option("--dashboard", a->dashboard,
                    "HOST:PORT of the hub's site: the reports for alliance leads and the admin "
                    "page for admins (HTTPS with --cert/--key; port 0 picks)");
  serve->add_option("--join-address", a->join_addresses,
                    "HOST:PORT[,HOST:PORT...] devices reach this hub at, for the admin page's join "
                    "files (default: this machine's name and the --listen port)");
  serve->add_option("--join-ca", a->join_ca,
                    "PEM certificate devices check the hub against, for the join files (default: "
                    "the --cert file's certificates)");
  serve
      ->add_option("--stale-days", a->stale_days,
                   "the dashboard flags schools not synced for longer (default 14)")
      ->check(CLI::Range(1, 3650));
  serve->footer(
      "Limits: at a limit, a connection that has not finished TLS and Hello gives way to a newer\n"
      "one; a session never does. Out of file handles, accepting pauses briefly. The log's first\n"
      "line says the limits in force and the file limit they come from (raise it with\n"
      "LimitNOFILE= in the service). See README, \"Limits and deadlines\".");
  serve->callback([&, a] { exit_code = run_serve(ctx, *a); });

  auto* up = app.add_subcommand(
      "sync-up", "Sync alliance-scope records with a higher hub (regional cluster).");
  up->add_option("--hub", a->upper, "HOST:PORT of the higher hub")->required();
  up->add_option(
      "--token-file", a->token_file,
      "a file holding this hub's token at the higher hub (enrolled there with --role hub); - reads "
      "standard input; else $TRIAD_TOKEN");
  up->add_option("--token", a->token_on_command_line,
                 "refused: a token on the command line is seen by others")
      ->each([a](const std::string&) { a->token_given = true; })
      ->group("");
  up->add_option("--ca", a->ca, "PEM CA or certificate of the higher hub");
  up->add_flag("--insecure-plaintext", a->plaintext, "no TLS: only for tests on loopback");
  up->callback([&, a] { exit_code = run_sync_up(ctx, *a); });
}

}  // namespace triad::hub_cli
