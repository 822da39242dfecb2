// Who may read what `triad init` makes (issue 12, item 10), and sync settings checked when they are
// set (item 11): the hub's address, the token's form and the CA file, the CA saved as an absolute
// path. tests/fixtures/hub-cert.pem is a self-signed certificate whose key was thrown away;
// not-a-cert.pem is a PEM public key, which is not a certificate.
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "cli_scenarios.h"

using namespace triad::testing;

namespace {

constexpr int kBadInput = 2;
const std::string kCert = TRIAD_FIXTURES_DIR "/hub-cert.pem";
const std::string kNotCert = TRIAD_FIXTURES_DIR "/not-a-cert.pem";

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("init creates the store readable by its owner only, and says so", "[cli][permissions]") {
  CliWorkspace ws;
  const std::string db = ws.file("school/laptop/ana.db");
  const std::string out = ws.ok_on(db, {"init", "--school", kSchoolA, "--person", kPersonA});
  CHECK(contains(
      out,
      "only you can read it: the store has mode 0600 (its -wal and -shm files too), in a folder of "
      "mode 0700"));
  CHECK(mode_of(db) == 0600);
  CHECK(mode_of(ws.file("school/laptop")) == 0700);
  CHECK(mode_of(ws.file("school")) == 0700);
  // SQLite gives the WAL and shared-memory files the store's mode, whichever process makes them.
  sqlite3* reader = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &reader) == SQLITE_OK);
  REQUIRE(sqlite3_exec(reader, "SELECT count(*) FROM record", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  ws.add_on(db, "observation", {"observed_teacher=Ana Diaz", "notes=private"});
  CHECK(mode_of(db + "-wal") == 0600);
  CHECK(mode_of(db + "-shm") == 0600);
  sqlite3_close(reader);

  // A folder that already exists is left as it is, and init says what that means.
  const std::string open_folder = ws.file("shared.db");
  const std::string said = ws.ok_on(open_folder, {"init", "--school", kSchoolA});
  CHECK(mode_of(open_folder) == 0600);
  CHECK(contains(said, "the store has mode 0600"));
  if ((mode_of(ws.file("")) & 077) != 0)
    CHECK(contains(said, "so other users can see the file's name"));
}

TEST_CASE("init and config save the CA file as an absolute path", "[cli][settings]") {
  CliWorkspace ws;
  const std::string relative = std::filesystem::relative(kCert).string();
  REQUIRE(relative.front() != '/');
  const std::string out =
      ws.ok({"init", "--school", kSchoolA, "--hub", "hub.example.org:7400", "--ca", relative});
  const std::string absolute = std::filesystem::absolute(relative).lexically_normal().string();
  CHECK(contains(out, "the hub's certificate is checked against " + absolute));
  CHECK(contains(ws.ok({"config"}), "ca = " + absolute + "\n"));
  CHECK(contains(ws.ok({"config"}), "hub = hub.example.org:7400\n"));
  ws.ok({"config", "ca", relative});
  CHECK(ws.ok({"config", "ca"}) == "ca = " + absolute + "\n");
}

TEST_CASE("init and config refuse a bad hub address, token or CA file when they are set",
          "[cli][settings]") {
  CliWorkspace ws;
  write_bytes(ws.file("bad-token.txt"), "0123.abc\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> bad{
      {{"--hub", "hub.example.org"}, "the hub's address must be HOST:PORT"},
      {{"--hub", "hub example:7400"}, "the hub's address must be HOST:PORT"},
      {{"--hub", "hub.example.org:0"}, "must be between 1 and 65535"},
      {{"--hub", "hub.example.org:70000"}, "must be between 1 and 65535"},
      {{"--hub", "hub.example.org:74x"}, "the hub's address must be HOST:PORT"},
      {{"--token-file", ws.file("bad-token.txt")}, "is not of the form ID.SECRET"},
      {{"--token-file", ws.file("missing.txt")}, "cannot read the token file"},
      {{"--ca", ws.file("missing.pem")}, "there is no CA file at " + ws.file("missing.pem")},
      {{"--ca", kNotCert}, "holds no PEM certificate"},
      {{"--ca", ws.file("")}, "is a folder"}};
  for (const auto& [args, phrase] : bad) {
    INFO(args[0] << " " << args[1]);
    std::vector<std::string> full{"init", "--school", kSchoolA};
    full.insert(full.end(), args.begin(), args.end());
    const CliResult r = ws.run(full);
    CHECK(r.exit_code == kBadInput);
    CHECK(contains(r.err, phrase));
    CHECK_FALSE(
        std::filesystem::exists(ws.db()));  // nothing made for settings that would fail later
  }
  ws.init(kSchoolA, kPersonA);
  ws.ok({"config", "hub", "10.0.0.5:7400"});
  check_refused(ws, ws.db(), {"config", "hub", "10.0.0.5"}, kBadInput,
                "the hub's address must be HOST:PORT");
  check_refused(ws, ws.db(), {"config", "ca", kNotCert}, kBadInput, "holds no PEM certificate");
  check_refused(ws, ws.db(), {"config", "insecure-plaintext", "maybe"}, kBadInput,
                "insecure-plaintext is yes");
  CHECK(ws.ok({"config", "hub"}) == "hub = 10.0.0.5:7400\n");
  CHECK(ws.ok({"config", "hub", "[::1]:7400"}) == "hub = [::1]:7400\n");
}

// Issue 14: several hub processes serve one alliance, and a device keeps their addresses in order.
TEST_CASE("init and config take several hub addresses, checking each, and show them in order",
          "[cli][settings]") {
  CliWorkspace ws;
  const std::string out = ws.ok({"init", "--school", kSchoolA, "--person", kPersonA, "--hub",
                                 "hub-a.example.org:7400,hub-b.example.org:7400"});
  CHECK(contains(out, "hub saved for `triad sync`: hub-a.example.org:7400,hub-b.example.org:7400"));
  CHECK(ws.ok({"config", "hub"}) == "hub = hub-a.example.org:7400,hub-b.example.org:7400\n");
  // Spaces around the commas, as a person may type them, are dropped.
  CHECK(ws.ok({"config", "hub", "10.0.0.6:7400, 10.0.0.5:7400 ,[::1]:7401"}) ==
        "hub = 10.0.0.6:7400,10.0.0.5:7400,[::1]:7401\n");
  CHECK(contains(ws.ok({"config"}), "hub = 10.0.0.6:7400,10.0.0.5:7400,[::1]:7401\n"));
  const std::vector<std::pair<std::string, std::string>> bad{
      {"10.0.0.5:7400,10.0.0.6",
       "must be HOST:PORT, such as hub.example.org:7400 or "
       "10.0.0.5:7400, not '10.0.0.6'"},
      {"10.0.0.5:7400,10.0.0.6:0", "the port in the hub's address '10.0.0.6:0'"},
      {"10.0.0.5:7400,,10.0.0.6:7400", "with none left empty"},
      {"10.0.0.5:7400,", "with none left empty"},
      {"10.0.0.5:7400,10.0.0.5:7400", "the hub's address 10.0.0.5:7400 is given twice"}};
  for (const auto& [value, phrase] : bad)
    check_refused(ws, ws.db(), {"config", "hub", value}, kBadInput, phrase);
  CHECK(ws.ok({"config", "hub"}) == "hub = 10.0.0.6:7400,10.0.0.5:7400,[::1]:7401\n");
  // One address again: a list of one, shown as before.
  CHECK(ws.ok({"config", "hub", "10.0.0.5:7400"}) == "hub = 10.0.0.5:7400\n");
}

TEST_CASE("the help of init, config and sync says how to give several hub addresses",
          "[cli][settings][help]") {
  CliWorkspace ws;
  for (const char* command : {"init", "config", "sync"}) {
    INFO(command);
    const CliResult r = ws.run_raw({command, "--help"});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "separated by commas"));
  }
  CHECK(contains(ws.run_raw({"sync", "--help"}).out, "moving to the next only when one does not"));
}
