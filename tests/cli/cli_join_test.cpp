// `triad join FILE` (issue 17, item 2): a device's store made from the join file `triad-hub enroll
// --join-file` writes, with nothing typed: the school and person, the hub's addresses, its
// certificate beside the store, the token in the credentials file only; the file deleted once
// taken. A file that is not a join file, or holds a bad address or token, makes nothing.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_scenarios.h"

using namespace triad::testing;

namespace {

constexpr int kBadInput = 2;
const std::string kSecret = "0123456789abcdef0123456789abcdef";

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// A join file as `triad-hub enroll --join-file` writes one, with `change` applied to its JSON.
std::string join_file(
    const CliWorkspace& ws, const std::string& name,
    const std::string& hubs = R"(["hub-a.themead.org:7400","hub-b.themead.org:7400"])",
    const std::string& token = "abcd1234." + kSecret) {
  std::string pem = read_all(TRIAD_FIXTURES_DIR "/hub-cert.pem");
  std::string escaped;
  for (char c : pem) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
  const std::string path = ws.file(name);
  std::ofstream(path) << R"({"triad_join":1,"alliance":"The Mead","school":")" << kSchoolA
                      << R"(","person":")" << kPersonA << R"(","hubs":)" << hubs << R"(,"ca_pem":")"
                      << escaped << R"(","token":")" << token << "\"}\n";
  return path;
}

}  // namespace

TEST_CASE("join makes the store from a join file, keeps the token out of it, and deletes the file",
          "[cli][join]") {
  CliWorkspace ws;
  const std::string file = join_file(ws, "ana.join");
  const std::string out = ws.ok({"join", file});
  CHECK(contains(out, std::string("joined the hub of The Mead as ") + kSchoolA + " / " + kPersonA));
  CHECK(contains(out, "deleted " + file));
  CHECK_FALSE(std::filesystem::exists(file));
  CHECK(mode_of(ws.db()) == 0600);
  CHECK(mode_of(ws.db() + ".hub-ca.pem") == 0644);  // a certificate is public
  CHECK(read_all(ws.db() + ".hub-ca.pem") == read_all(TRIAD_FIXTURES_DIR "/hub-cert.pem"));
  const std::string config = ws.ok({"config"});
  CHECK(contains(config, "hub = hub-a.themead.org:7400,hub-b.themead.org:7400"));
  CHECK(contains(config, "token = abcd1234 ("));
  CHECK(contains(config, "ca = " + ws.db() + ".hub-ca.pem"));
  CHECK(read_all(ws.db()).find(kSecret) == std::string::npos);
  CHECK(read_all(ws.credentials_file()).find(kSecret) != std::string::npos);
}

TEST_CASE("join keeps the certificates only of the file's certificate text", "[cli][join]") {
  CliWorkspace ws;
  // A join file made from a PEM file that also held a key: the device keeps no key.
  const std::string key =
      "-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIA==\\n-----END PRIVATE KEY-----\\n";
  std::string text = read_all(join_file(ws, "ana.join"));
  text.replace(text.find("\"ca_pem\":\"") + 10, 0, key);
  std::ofstream(ws.file("ana.join"), std::ios::trunc) << text;
  ws.ok({"join", ws.file("ana.join")});
  const std::string kept = read_all(ws.db() + ".hub-ca.pem");
  CHECK(kept.find("PRIVATE KEY") == std::string::npos);
  CHECK(kept == read_all(TRIAD_FIXTURES_DIR "/hub-cert.pem"));
}

TEST_CASE("join keeps the file when asked, and refuses a store that exists", "[cli][join]") {
  CliWorkspace ws;
  const std::string file = join_file(ws, "ana.join");
  CHECK(contains(ws.ok({"join", "--keep-file", file}), "is kept (--keep-file)"));
  CHECK(std::filesystem::exists(file));
  const CliResult again = ws.run({"join", file});
  CHECK(again.exit_code != 0);
  CHECK(std::filesystem::exists(file));  // nothing taken, nothing deleted
}

TEST_CASE("join refuses what is not a good join file, and makes nothing", "[cli][join]") {
  CliWorkspace ws;
  const std::string junk = ws.file("notes.txt");
  std::ofstream(junk) << "Lesson notes, not a join file\n";
  const std::string newer = ws.file("newer.join");
  std::ofstream(newer) << R"({"triad_join":2})"
                       << "\n";
  for (const auto& [path, says] :
       {std::pair{junk, std::string("is not a Triad join file")},
        {newer, "made by a newer Triad"},
        {join_file(ws, "no-port.join", R"(["hub.themead.org"])"), "HOST:PORT"},
        {join_file(ws, "bad-token.join", R"(["hub.themead.org:7400"])", "abcd1234.short"),
         "ID.SECRET"},
        {ws.file("missing.join"), "cannot read the join file"}}) {
    INFO(path);
    const CliResult r = ws.run({"join", path});
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, says));
    CHECK_FALSE(std::filesystem::exists(ws.db()));
    CHECK_FALSE(std::filesystem::exists(ws.db() + ".hub-ca.pem"));
  }
}
