// The C API (sync/capi/include/triad.h) used as native apps use it, against a real `triad-hub`
// over TLS on 127.0.0.1: a C11 program records, edits, deletes and syncs; a Python test drives two
// devices and a misconfigured one through the ctypes binding (sync/capi/python/triad.py). Each is
// its own process; tokens reach them in files, never on a command line.
#include <catch2/catch.hpp>

#include "free_port.h"
#include "hub_process.h"

using namespace triad::integration;

namespace {

ProcessResult run_checked(const std::string& program, const std::vector<std::string>& args,
                          const Env& env) {
  const ProcessResult r = run_process(program, args, env, 120s);
  INFO(command_line(program, args) << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

// The value after "KEY " on a line of `out`.
std::string line_value(const std::string& out, const std::string& key) {
  const size_t at = out.find(key + " ");
  REQUIRE(at != std::string::npos);
  const size_t from = at + key.size() + 1;
  return out.substr(from, out.find('\n', from) - from);
}

}  // namespace

TEST_CASE("a C11 program records, deletes and syncs through libtriad with a real hub",
          "[integration][capi]") {
  HubProcess hub;
  Device ben(hub, "Woodroffe", "Ben Lee");
  const std::string token_file =
      write_token_file(hub.dir().file("ana.token"), hub.enroll("Fortismere", "Ana Diaz"));
  hub.start();
  Env env = triad_env(hub.dir().path().string());
  env["TRIAD_TEST_STORE"] = hub.dir().file("ana-app.db");
  env["TRIAD_TEST_SCHOOL"] = "Fortismere";
  env["TRIAD_TEST_PERSON"] = "Ana Diaz";
  env["TRIAD_TEST_HUB"] = hub.address();
  env["TRIAD_TEST_CA"] = hub.cert();
  env["TRIAD_TEST_TOKEN_FILE"] = token_file;
  const ProcessResult r = run_checked(TRIAD_CAPI_C_PROGRAM, {}, env);
  const std::string observation = line_value(r.out, "observation");
  const std::string deleted = line_value(r.out, "deleted");
  CHECK(contains(r.out, "progress 100%"));
  CHECK(contains(line_value(r.out, "status"), "\"unsent_changes\":0"));

  const std::string held = hub.export_json("observation");
  CHECK(contains(held, observation));
  CHECK(contains(held, "about five seconds"));
  CHECK_FALSE(contains(held, "Recorded by mistake"));
  // A colleague at another school receives the alliance-scope observation.
  ben.sync_ok();
  CHECK(contains(ben.ok({"get", observation}), "Pupils answered in full sentences."));
  // The deleted one reaches him as a deletion only: its notes were purged before it left.
  const std::string tombstone = ben.ok({"get", deleted});
  CHECK(contains(tombstone, "deleted"));
  CHECK_FALSE(contains(tombstone, "Recorded by mistake"));
}

TEST_CASE("a Python app over the ctypes binding syncs, merges, is refused and discards",
          "[integration][capi]") {
  HubProcess hub;
  const std::string tablet =
      write_token_file(hub.dir().file("tablet.token"), hub.enroll("Fortismere", "Ana Diaz"));
  const std::string laptop =
      write_token_file(hub.dir().file("laptop.token"), hub.enroll("Fortismere", "Ana Diaz"));
  const std::string wrong =
      write_token_file(hub.dir().file("wrong.token"), hub.enroll("Woodroffe", "Ben Lee"));
  hub.start();
  Env env = triad_env(hub.dir().path().string());
  env["PYTHONPATH"] = TRIAD_CAPI_PYTHON_DIR;
  env["PYTHONDONTWRITEBYTECODE"] = "1";
  env["TRIAD_LIBRARY"] = TRIAD_CAPI_LIBRARY;
  env["TRIAD_TEST_DIR"] = hub.dir().path().string();
  env["TRIAD_TEST_HUB"] = hub.address();
  env["TRIAD_TEST_CA"] = hub.cert();
  env["TRIAD_TEST_DOWN_HUB"] = triad::testing::address_nothing_listens_on();
  env["TRIAD_TEST_TOKEN_TABLET"] = tablet;
  env["TRIAD_TEST_TOKEN_LAPTOP"] = laptop;
  env["TRIAD_TEST_TOKEN_WRONG"] = wrong;
  const ProcessResult r = run_checked(TRIAD_PYTHON, {TRIAD_CAPI_PYTHON_TEST}, env);
  CHECK(contains(r.out, "python binding: all checks passed"));
  CHECK_FALSE(contains(hub.export_json("enquiry"), "Recorded under the wrong name"));
}
