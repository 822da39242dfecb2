// Onboarding without typing secrets, with the real binaries over TLS on 127.0.0.1 (issue 17,
// item 2): `triad-hub enroll --join-file` writes the join file (mode 0600) and prints neither the
// token nor, when its output is not a terminal, the QR code that holds it; a fresh device takes
// the file with `triad join` and syncs at once.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "hub_process.h"

using namespace triad;
using namespace triad::integration;

TEST_CASE("a fresh device joins with the join file the hub wrote, and syncs",
          "[integration][join]") {
  HubProcess hub;
  hub.start();
  const std::string file = hub.dir().file("ana.join");
  const ProcessResult enrolled =
      hub.admin({"enroll", "--school", "Fortismere", "--person", "Ana Diaz", "--join-file", file,
                 "--hub-address", hub.address(), "--ca", hub.cert()});
  INFO(enrolled.out << enrolled.err);
  REQUIRE(enrolled.exit_code == kExitOk);
  CHECK(contains(enrolled.out, "wrote the join file " + file + " (mode 0600)"));
  CHECK_FALSE(contains(enrolled.out, "token: "));  // the token is in the file only
  CHECK_FALSE(contains(enrolled.out, "█"));  // nor in a QR code, when the output is not a terminal
  CHECK_FALSE(contains(enrolled.out, "scan the code"));
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK(contains(read_file_bytes(file), "\"token\":\""));

  const std::string db = hub.dir().file("tablet/ana.db");
  std::filesystem::create_directories(hub.dir().file("tablet"));
  const Env env = triad_env(hub.dir().path().string());
  const ProcessResult joined = run_process(TRIAD_CLI_PATH, {"--db", db, "join", file}, env);
  INFO(joined.out << joined.err);
  REQUIRE(joined.exit_code == kExitOk);
  CHECK_FALSE(std::filesystem::exists(file));
  const ProcessResult synced = run_process(TRIAD_CLI_PATH, {"--db", db, "sync"}, env);
  INFO(synced.out << synced.err);
  REQUIRE(synced.exit_code == kExitOk);
  CHECK(contains(synced.out, "synced with the hub of The Mead"));
  const ProcessResult added =
      run_process(TRIAD_CLI_PATH,
                  {"--db", db, "add", "enquiry", "title=Joined by file", "scope=alliance"}, env);
  REQUIRE(added.exit_code == kExitOk);
  REQUIRE(run_process(TRIAD_CLI_PATH, {"--db", db, "sync"}, env).exit_code == kExitOk);
  CHECK(contains(hub.export_json("enquiry"), "Joined by file"));

  // A second enrolment never overwrites a join file, and leaves no token behind.
  const std::string taken = hub.dir().file("taken.join");
  std::ofstream(taken) << "x";
  const ProcessResult again =
      hub.admin({"enroll", "--school", "Fortismere", "--person", "Ben Lee", "--join-file", taken,
                 "--hub-address", hub.address(), "--ca", hub.cert()});
  CHECK(again.exit_code == 2);
  CHECK(contains(again.err, "choose a new file name"));
  CHECK_FALSE(contains(hub.admin({"devices"}).out, "Ben Lee"));
}
