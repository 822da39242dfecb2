// Device tokens (issue 12, item 9): given in a file, on standard input or in TRIAD_TOKEN, never on
// the command line; kept in the credentials file beside the configuration (mode 0600, folder
// 0700), keyed by the store's absolute path, never in the store file, so a copy of a store
// carries no credentials and a store restored to the same place keeps its token. A store of an
// older version that holds its token has it moved out (and scrubbed from the file) when opened.
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "cli_scenarios.h"

using namespace triad::testing;

namespace {

constexpr int kUsage = 1;
constexpr int kBadInput = 2;
constexpr int kStore = 3;

const std::string kToken = "1a2b3c4d.00112233445566778899aabbccddeeff";
const std::string kSecret = "00112233445566778899aabbccddeeff";

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string token_file(const CliWorkspace& ws, const std::string& token = kToken) {
  const std::string path = ws.file("token.txt");
  write_bytes(path, token + "\n");
  return path;
}

// The store's file and its WAL, as raw bytes.
std::string store_bytes(const std::string& db) { return read_bytes(db) + read_bytes(db + "-wal"); }

// Writes the token into the store the way versions before issue 12 did: the setting sync.token.
void plant_legacy_token(const std::string& db, const std::string& token) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  const std::string sql = "INSERT INTO setting(key, value) VALUES('sync.token', '" + token + "')";
  REQUIRE(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
}

}  // namespace

TEST_CASE("init keeps the token in the credentials file and never in the store",
          "[cli][credentials]") {
  CliWorkspace ws;
  const std::string out =
      ws.ok({"init", "--school", kSchoolA, "--person", kPersonA, "--token-file", token_file(ws)});
  CHECK(contains(out, "device token 1a2b3c4d saved in " + ws.credentials_file() +
                          " (mode 0600), not in the store"));
  CHECK_FALSE(contains(out, kSecret));
  CHECK(mode_of(ws.credentials_file()) == 0600);
  CHECK(mode_of(ws.file("config/triad")) == 0700);
  CHECK(read_bytes(ws.credentials_file()).find(kToken + " " + ws.db() + "\n") != std::string::npos);
  CHECK_FALSE(contains(store_bytes(ws.db()), kSecret));
  const std::string config = ws.ok({"config"});
  CHECK(contains(config,
                 "token = 1a2b3c4d (the id; the token is kept in " + ws.credentials_file() + ")"));
  CHECK_FALSE(contains(config, kSecret));
  CHECK(ws.ok({"config", "token"}) ==
        "token = 1a2b3c4d (the id; the token is kept in " + ws.credentials_file() + ")\n");
}

TEST_CASE("a token is read from standard input or from TRIAD_TOKEN", "[cli][credentials]") {
  CliWorkspace ws;
  const CliResult init = ws.run_with_env({"init", "--school", kSchoolA}, {{"TRIAD_TOKEN", kToken}});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(contains(ws.ok({"config", "token"}), "token = 1a2b3c4d "));

  const std::string other = "9f8e7d6c.ffeeddccbbaa99887766554433221100";
  const CliResult piped =
      ws.run_with_input({"config", "token", "--token-file", "-"}, "  " + other + "\n");
  INFO(piped.err);
  REQUIRE(piped.exit_code == 0);
  CHECK(contains(piped.out, "device token 9f8e7d6c saved"));
  CHECK(contains(ws.ok({"config", "token"}), "token = 9f8e7d6c "));
  CHECK_FALSE(contains(read_bytes(ws.credentials_file()), kToken));  // replaced, not added

  const CliResult empty = ws.run_with_input({"config", "token", "--token-file", "-"}, "\n");
  CHECK(empty.exit_code == kBadInput);
  CHECK(contains(empty.err, "no device token in standard input"));
  write_bytes(ws.file("bad.txt"), "let-me-in\n");
  const CliResult bad = ws.run({"config", "token", "--token-file", ws.file("bad.txt")});
  CHECK(bad.exit_code == kBadInput);
  CHECK(contains(bad.err, "the device token in the file " + ws.file("bad.txt") +
                              " is not of the form ID.SECRET"));
  CHECK(contains(ws.ok({"config", "token"}), "token = 9f8e7d6c "));  // unchanged
}

TEST_CASE("a token on the command line is refused and points to the safe ways",
          "[cli][credentials]") {
  CliWorkspace ws;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"init", "--school", kSchoolA, "--token", kToken},
        std::vector<std::string>{"sync", "--hub", "127.0.0.1:7400", "--token", kToken},
        std::vector<std::string>{"config", "token", kToken}}) {
    INFO(args[0]);
    const CliResult r = ws.run(args);
    CHECK(r.exit_code == kUsage);
    CHECK(contains(r.err, "a token on the command line is shown by `ps` to every user"));
    CHECK(contains(r.err, "--token-file FILE"));
    CHECK(contains(r.err, "--token-file - (standard input"));
    CHECK(contains(r.err, "TRIAD_TOKEN"));
    CHECK_FALSE(std::filesystem::exists(ws.credentials_file()));
    CHECK_FALSE(std::filesystem::exists(ws.db()));
  }
}

TEST_CASE("a copied store carries no token, and a store restored to its place keeps it",
          "[cli][credentials]") {
  CliWorkspace ws;
  ws.ok({"init", "--school", kSchoolA, "--token-file", token_file(ws)});
  const std::string copy = ws.file("usb/copy.db");
  std::filesystem::create_directories(ws.file("usb"));
  std::filesystem::copy_file(ws.db(), copy);
  CHECK_FALSE(contains(read_bytes(copy), kSecret));
  CHECK(ws.ok_on(copy, {"config", "token"}) == "token = (not set)\n");
  const CliResult sync = ws.run_on(copy, {"sync", "--hub", "127.0.0.1:9"});
  CHECK(sync.exit_code == kBadInput);
  CHECK(contains(
      sync.err,
      "no device token for this store: save it once with: triad config token --token-file FILE"));

  // Restored from a backup to where it was: the same path, so the same token.
  const std::string backup = ws.file("backup.db");
  std::filesystem::copy_file(ws.db(), backup);
  std::filesystem::remove(ws.db());
  std::filesystem::copy_file(backup, ws.db());
  CHECK(contains(ws.ok({"config", "token"}), "token = 1a2b3c4d "));
}

TEST_CASE("an older store's token is moved to the credentials file and scrubbed from the store",
          "[cli][credentials]") {
  CliWorkspace ws;
  ws.init(kSchoolA, kPersonA);
  plant_legacy_token(ws.db(), kToken);
  REQUIRE(contains(store_bytes(ws.db()), kSecret));  // as older versions kept it

  const CliResult opened = ws.run({"status"});
  INFO(opened.err);
  REQUIRE(opened.exit_code == 0);
  CHECK(contains(opened.err, "moved this store's device token out of the store file into " +
                                 ws.credentials_file()));
  CHECK_FALSE(contains(store_bytes(ws.db()), kSecret));
  CHECK_FALSE(contains(store_bytes(ws.db()), "sync.token"));
  CHECK(mode_of(ws.credentials_file()) == 0600);
  CHECK(contains(ws.ok({"config", "token"}), "token = 1a2b3c4d "));
  CHECK(ws.ok({"status"}).size() > 0);  // once moved, nothing more to say
}

TEST_CASE("a credentials file other users may read is refused with the fix", "[cli][credentials]") {
  CliWorkspace ws;
  ws.ok({"init", "--school", kSchoolA, "--token-file", token_file(ws)});
  std::filesystem::permissions(ws.credentials_file(), std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  const CliResult r = ws.run({"config", "token"});
  CHECK(r.exit_code == kStore);
  CHECK(contains(
      r.err,
      "may be read by other users of this computer (mode 0604); make it private with: chmod 600 " +
          ws.credentials_file()));
}
