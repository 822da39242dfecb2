// What a person gets when they ask the CLI about itself or mistype a command: `triad --version`,
// and the closest command suggested for a typo.
#include <catch2/catch.hpp>

#include "cli_scenarios.h"

using namespace triad::testing;

TEST_CASE("triad --version prints the version and exits 0", "[cli][help]") {
  CliWorkspace ws;
  const CliResult r = ws.run_raw({"--version"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "triad " TRIAD_VERSION "\n");
  CHECK(r.err.empty());
  CHECK_FALSE(std::filesystem::exists(ws.file("triad")));  // no store was created
}

TEST_CASE("a mistyped command gets the closest command suggested", "[cli][help]") {
  CliWorkspace ws;
  const std::vector<std::pair<std::string, std::string>> typos{
      {"snyc", "sync"},    {"stauts", "status"},  {"exprot", "export"}, {"lsit", "list"},
      {"confg", "config"}, {"resolv", "resolve"}, {"Add", "add"},       {"merg", "merge"}};
  for (const auto& [typo, meant] : typos) {
    INFO(typo);
    const CliResult r = ws.run({typo});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "there is no command '" + typo + "'"));
    CHECK(contains(r.err, "did you mean 'triad " + meant + "'?"));
  }
  const CliResult far = ws.run({"frobnicate"});
  CHECK(far.exit_code == 1);
  CHECK_FALSE(contains(far.err, "did you mean"));
  CHECK(contains(far.err, "the commands are:"));
}
