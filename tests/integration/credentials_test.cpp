// Credentials and files with real `triad` and `triad-hub` processes over TLS (issue 12, items 9
// and 10): a device's token comes from a file, standard input or TRIAD_TOKEN and is never on a
// command line, not even of a running sync; a copied store cannot sync, one restored to its place
// can; an older store's token is moved out and scrubbed when it is opened; `triad-hub enroll`
// shows a token once; `triad-hub sync-up` takes its token the same ways; and every store the hub
// makes is readable by its owner only.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hub_process.h"
#include "triad/core/store.h"

using namespace triad;
using namespace triad::integration;

namespace {

std::string secret_of(const std::string& token) { return token.substr(token.find('.') + 1); }

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// The command line of a running process as `ps` shows it to every user.
std::string command_line_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void require_ok(const ProcessResult& r) {
  INFO("exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == kExitOk);
}

// `triad --db DB ARGS` with the hub's address and certificate, `input` on standard input.
ProcessResult triad_with_input(const HubProcess& hub, const std::string& db,
                               std::vector<std::string> args, const std::string& input) {
  const std::string input_file = hub.dir().file("stdin.txt");
  { std::ofstream(input_file, std::ios::trunc) << input; }
  std::vector<std::string> full{"--db", db};
  full.insert(full.end(), args.begin(), args.end());
  return run_process(TRIAD_CLI_PATH, full, triad_env(hub.dir().path().string()), 30s, input_file);
}

// Writes the token into the store the way versions before issue 12 did: the setting sync.token.
void plant_legacy_token(const std::string& db, const std::string& token) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  const std::string sql = "INSERT INTO setting(key, value) VALUES('sync.token', '" + token + "')";
  REQUIRE(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
}

}  // namespace

TEST_CASE("a device syncs with its token from a file, standard input or TRIAD_TOKEN",
          "[integration][credentials]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");  // `triad init --token-file`
  hub.start();
  ana.sync_ok();
  const std::string home = hub.dir().path().string();
  const std::vector<std::string> to_hub{"--hub", hub.address(), "--ca", hub.cert()};

  // Ben's laptop: a store made with no token; the token is pasted on standard input.
  const std::string ben_token = hub.enroll("Fortismere", "Ben Lee");
  const std::string ben = hub.dir().file("ben.db");
  require_ok(
      run_triad({"--db", ben, "init", "--school", "Fortismere", "--person", "Ben Lee"}, home));
  require_ok(
      triad_with_input(hub, ben, {"config", "token", "--token-file", "-"}, ben_token + "\n"));
  std::vector<std::string> sync{"--db", ben, "sync"};
  sync.insert(sync.end(), to_hub.begin(), to_hub.end());
  require_ok(run_triad(sync, home));

  // Cara's: a job that gets the token from its environment (a systemd credential, say).
  const std::string cara_token = hub.enroll("Fortismere", "Cara Wu");
  const std::string cara = hub.dir().file("cara.db");
  require_ok(
      run_triad({"--db", cara, "init", "--school", "Fortismere", "--person", "Cara Wu"}, home));
  std::vector<std::string> cara_sync{"--db", cara, "sync"};
  cara_sync.insert(cara_sync.end(), to_hub.begin(), to_hub.end());
  const ProcessResult cara_synced = run_triad(cara_sync, home, 30s, {{"TRIAD_TOKEN", cara_token}});
  require_ok(cara_synced);
  CHECK(contains(cara_synced.out, "synced with the hub of The Mead"));
  const ProcessResult devices = hub.admin({"devices"});
  CHECK(contains(devices.out, "Cara Wu"));
  // TRIAD_TOKEN is used for the run, not saved.
  CHECK(contains(run_triad({"--db", cara, "config", "token"}, home).out, "token = (not set)"));

  for (const std::string& db : {ana.db(), ben, cara})
    for (const std::string& token : {ana.token(), ben_token, cara_token}) {
      INFO(db);
      CHECK_FALSE(contains(read_file_bytes(db) + read_file_bytes(db + "-wal"), secret_of(token)));
    }
}

TEST_CASE("the token is not on the command line of a running sync", "[integration][credentials]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  std::vector<std::string> args = ana.sync_args();
  args.insert(args.end(), {"--every", "1h"});
  ChildProcess sync(TRIAD_CLI_PATH, args, triad_env(hub.dir().path().string()),
                    hub.dir().file("every.log"));
  const std::optional<std::string> first = sync.read_line(20s);
  REQUIRE(first);
  CHECK(contains(*first, "synced with the hub of The Mead"));
  const std::string seen_by_ps = command_line_of(sync.pid());
  CHECK_FALSE(seen_by_ps.empty());
  CHECK_FALSE(contains(seen_by_ps, secret_of(ana.token())));
  CHECK_FALSE(contains(seen_by_ps, ana.token_id()));
  CHECK(sync.stop(5s) == 0);
}

TEST_CASE("a copied store cannot sync with its owner's token, and one restored to its place can",
          "[integration][credentials]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  ana.add("enquiry", {"title=Wait time", "scope=alliance"});
  hub.start();
  ana.sync_ok();
  const std::string home = hub.dir().path().string();

  const std::string copy = hub.dir().file("usb-copy.db");
  std::filesystem::copy_file(ana.db(), copy);
  CHECK_FALSE(contains(read_file_bytes(copy), secret_of(ana.token())));
  const ProcessResult copied =
      run_triad({"--db", copy, "sync", "--hub", hub.address(), "--ca", hub.cert()}, home);
  CHECK(copied.exit_code == kExitBadInput);
  CHECK(contains(copied.err, "no device token for this store"));

  const std::string backup = hub.dir().file("backup.db");
  std::filesystem::copy_file(ana.db(), backup);
  std::filesystem::remove(ana.db());
  std::filesystem::copy_file(backup, ana.db());  // restored where it was
  ana.sync_ok();
}

TEST_CASE("an older store that holds its token is moved out on open and keeps syncing",
          "[integration][credentials]") {
  HubProcess hub;
  hub.start();
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  const std::string db = hub.dir().file("old-laptop.db");
  {
    auto store = core::Store::create(db, "Fortismere", "Ana Diaz");
    REQUIRE(store);
    REQUIRE((*store)->save_sync_target({{hub.address()}, hub.cert(), false, ""}).is_ok());
  }
  plant_legacy_token(db, token);
  REQUIRE(contains(read_file_bytes(db), secret_of(token)));
  const ProcessResult synced = run_triad({"--db", db, "sync"}, hub.dir().path().string());
  require_ok(synced);
  CHECK(contains(synced.err, "moved this store's device token out of the store file"));
  CHECK_FALSE(contains(read_file_bytes(db) + read_file_bytes(db + "-wal"), secret_of(token)));
  CHECK(mode_of(hub.dir().file("config/triad/credentials")) == 0600);
  require_ok(run_triad({"--db", db, "sync"}, hub.dir().path().string()));
}

TEST_CASE("triad-hub enroll shows a token once, and its stores are private",
          "[integration][credentials]") {
  HubProcess hub;
  CHECK(mode_of(hub.db()) == 0600);
  const ProcessResult enrolled =
      hub.admin({"enroll", "--school", "Fortismere", "--person", "Ana Diaz"});
  require_ok(enrolled);
  const size_t line = enrolled.out.find("token: ");
  REQUIRE(line != std::string::npos);
  const std::string token = enrolled.out.substr(line + 7, 41);
  size_t shown = 0;
  for (size_t at = enrolled.out.find(secret_of(token)); at != std::string::npos;
       at = enrolled.out.find(secret_of(token), at + 1))
    ++shown;
  CHECK(shown == 1);
  CHECK(contains(enrolled.out, "--token-file"));
  CHECK_FALSE(contains(hub.admin({"devices"}).out, secret_of(token)));

  const std::string nested = hub.dir().file("var/lib/triad/hub.db");
  const ProcessResult init =
      run_process(TRIAD_HUB_PATH, {"--db", nested, "init", "--alliance", "Elsewhere"},
                  triad_env(hub.dir().path().string()), 30s);
  require_ok(init);
  CHECK(contains(init.out, "only you can read it: the store has mode 0600"));
  CHECK(mode_of(nested) == 0600);
  CHECK(mode_of(hub.dir().file("var/lib/triad")) == 0700);
  CHECK(mode_of(hub.dir().file("var")) == 0700);
}

TEST_CASE(
    "triad-hub sync-up takes the hub's token from a file or TRIAD_TOKEN, never the command line",
    "[integration][credentials]") {
  HubProcess region(HubOptions{.alliance = "Camden Region"});
  HubProcess alliance;
  Device ana(alliance, "Fortismere", "Ana Diaz");
  ana.add("enquiry", {"title=Shared with the region", "scope=alliance"});
  alliance.start();
  ana.sync_ok();
  alliance.stop();
  region.start();
  const std::string up_token = region.enroll("The Mead", "Alliance hub", "hub");
  const std::string file = write_token_file(alliance.dir().file("region.token"), up_token);
  const std::vector<std::string> to_region{"sync-up", "--hub", region.address(), "--ca",
                                           region.cert()};

  auto with = [&](std::vector<std::string> extra, const Env& env = {}) {
    std::vector<std::string> args = to_region;
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<std::string> full{"--db", alliance.db()};
    full.insert(full.end(), args.begin(), args.end());
    Env e = triad_env(alliance.dir().path().string());
    for (const auto& [k, v] : env) e[k] = v;
    return run_process(TRIAD_HUB_PATH, full, e, 30s);
  };
  const ProcessResult on_argv = with({"--token", up_token});
  CHECK(on_argv.exit_code == kExitUsage);
  CHECK(contains(on_argv.err, "a token on the command line is shown by `ps`"));
  const ProcessResult none = with({});
  CHECK(none.exit_code == kExitBadInput);
  CHECK(contains(none.err, "--token-file FILE"));

  const ProcessResult from_file = with({"--token-file", file});
  require_ok(from_file);
  CHECK(contains(from_file.out, "synced the hub of The Mead with " + region.address()));
  CHECK(contains(region.export_json("enquiry"), "Shared with the region"));
  require_ok(with({}, {{"TRIAD_TOKEN", up_token}}));
}
